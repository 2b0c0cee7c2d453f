import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { Page } from '@lib/common';
import type { DeadLetter, DeadLettersRetried } from './progress.view';

/**
 * Contacts that kept failing (SEND_ATTEMPTS sends, each refused for now or lost): the
 * channel managers see them in their scope and send them again once the cause is mended.
 */
@Injectable()
export class DeadLetterService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: OrgScope, channel: StepChannel | undefined, page: number, pageSize: number): Promise<Page<DeadLetter>> {
    const params = [scope.pathPattern, channel ?? null];
    const where = `k.status = 'dead' AND u.path LIKE $1 AND ($2::text IS NULL OR k.channel = $2)`;
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT k.id::int AS "contactId", k.campaign_id AS "campaignId", ca.code AS "campaignCode", k.step_id AS "stepId", k.channel,
                k.customer_id::int AS "customerId", cu.name AS "customerName", k.org_unit_id AS "orgUnitId", u.name AS "orgUnitName",
                k.attempts, k.last_error AS "lastError", k.contacted_at AS "lastTriedAt"
           FROM contacts k
           JOIN org_units u ON u.id = k.org_unit_id
           JOIN customers cu ON cu.id = k.customer_id
           JOIN campaigns ca ON ca.id = k.campaign_id
          WHERE ${where}
          ORDER BY k.contacted_at DESC, k.id LIMIT $3 OFFSET $4`,
        [...params, pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM contacts k JOIN org_units u ON u.id = k.org_unit_id WHERE ${where}`, params),
    ]);
    return { items, total, page, pageSize };
  }

  /**
   * Puts dead contacts of the scope back to planned, due now, with their attempts reset:
   * the dispatcher hands them to their channel again, through the send-time check.
   */
  async retry(scope: OrgScope, contactIds: number[]): Promise<DeadLettersRetried> {
    const [, retried] = await this.dataSource.query(
      `UPDATE contacts k SET status = 'planned', attempts = 0, batch_id = NULL, contacted_at = now()
         FROM org_units u
        WHERE u.id = k.org_unit_id AND u.path LIKE $1 AND k.id = ANY($2::bigint[]) AND k.status = 'dead'`,
      [scope.pathPattern, contactIds],
    );
    return { retried };
  }
}
