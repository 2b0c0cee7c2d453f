import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { NotFoundError } from '@lib/common';
import type { ContactEventType } from './contact-event';
import { ContactEventPartitions, StoredEvents, storeEventsSql } from './contact-event-store';
import type { ContactHistory } from './contact-history.view';
import type { CampaignTrackingCounts } from './tracking.view';

/** Events a channel records for a set of contacts at once. Clicks and opens come from the public links. */
export interface ContactEventBatch {
  type: Exclude<ContactEventType, 'clicked' | 'converted'>;
  contactIds: number[];
  /** A repeated batch must give the same time (e.g. from its job's payload), so that it stores nothing twice. */
  occurredAt: Date;
  /** Required for skips: capped, opted_out, do_not_contact …; for bounces and failures the SMTP answer's class. */
  reason?: string;
  /**
   * Names the batch: the same key, contact and type are one event however often the
   * batch is recorded (e.g. `send:<job id>`; a retry that should count again takes a new key).
   */
  key: string;
}

/**
 * The one contact-event model of every channel, for the rest of the platform:
 * channels record what happened to their contacts set-based, progress reads the
 * counts per step, branch and event type, the single customer view the history.
 */
@Injectable()
export class TrackingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly partitions: ContactEventPartitions,
  ) {}

  /**
   * Records one event per contact of the batch, in the caller's transaction when it
   * gives one (so a contact's status and its event commit together).
   */
  async record(batch: ContactEventBatch, manager?: EntityManager): Promise<StoredEvents> {
    if (batch.type === 'skipped' && !batch.reason) throw new Error('A skip needs its reason');
    if (batch.contactIds.length === 0) return { stored: 0, optedOut: 0, madeWebContacts: [] };
    const db = manager ?? this.dataSource;
    await this.partitions.ensureFor([batch.occurredAt], db);
    const [result] = await db.query(
      storeEventsSql(`
        SELECT md5($1 || ':' || id || ':' || $2)::uuid AS event_id, $3::timestamptz AS occurred_at, id AS contact_id,
               $2::varchar AS event_type, $4::varchar AS reason, NULL::smallint AS link_index, NULL::varchar AS open_proxy
        FROM unnest($5::bigint[]) AS id`),
      [batch.key, batch.type, batch.occurredAt, batch.reason ?? null, batch.contactIds],
    );
    return result;
  }

  /** Events per step, branch and type (every event), and contacts engaged per step and branch (each once). */
  async campaignCounts(campaignId: number): Promise<CampaignTrackingCounts> {
    const [events, engagements] = await Promise.all([
      this.dataSource.query(
        `SELECT step_id AS "stepId", org_unit_id AS "orgUnitId", event_type AS "eventType", reason, count(*)::int AS events
         FROM contact_events WHERE campaign_id = $1
         GROUP BY step_id, org_unit_id, event_type, reason ORDER BY step_id, org_unit_id, event_type, reason`,
        [campaignId],
      ),
      this.dataSource.query(
        `SELECT step_id AS "stepId", org_unit_id AS "orgUnitId",
                count(first_opened_at)::int AS opened, count(first_direct_open_at)::int AS "openedDirectly",
                count(first_clicked_at)::int AS clicked, count(unsubscribed_at)::int AS unsubscribed
         FROM contact_engagements WHERE campaign_id = $1
         GROUP BY step_id, org_unit_id ORDER BY step_id, org_unit_id`,
        [campaignId],
      ),
    ]);
    return { campaignId, events, engagements };
  }

  /** Every contact event of a customer in the scope, newest first; 404 outside it. */
  async contactHistory(customerId: number, scope: OrgScope, page: number, pageSize: number): Promise<ContactHistory> {
    const [customer] = await this.dataSource.query(
      `SELECT id FROM customers c WHERE c.id = $2 AND ${scope.unitCondition('c.org_unit_id', 1)}`,
      [scope.pathPattern, customerId],
    );
    if (!customer) throw new NotFoundError('customer', customerId);
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT e.occurred_at AS "occurredAt", e.event_type AS "eventType", e.channel, e.campaign_id AS "campaignId",
                ca.code AS "campaignCode", rev.name AS "campaignName", e.step_id AS "stepId", st.position AS "stepPosition",
                e.reason, e.open_proxy AS "openProxy", p.policy_no AS "policyNo", e.premium::text AS premium,
                e.org_unit_id AS "orgUnitId", ou.name AS "orgUnitName", ou.name_en AS "orgUnitNameEn"
         FROM contact_events e
         JOIN campaigns ca ON ca.id = e.campaign_id
         JOIN org_units ou ON ou.id = e.org_unit_id
         LEFT JOIN campaign_steps st ON st.id = e.step_id
         LEFT JOIN policies p ON p.id = e.policy_id
         LEFT JOIN LATERAL (
           SELECT name FROM campaign_revisions r WHERE r.campaign_id = ca.id
           ORDER BY r.id = ca.approved_revision_id DESC, r.number LIMIT 1
         ) rev ON true
         WHERE e.customer_id = $1
         ORDER BY e.occurred_at DESC, e.event_id LIMIT $2 OFFSET $3`,
        [customerId, pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM contact_events WHERE customer_id = $1`, [customerId]),
    ]);
    return { items, total, page, pageSize };
  }
}
