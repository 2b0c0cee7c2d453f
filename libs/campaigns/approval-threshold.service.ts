import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ValidationError } from '@lib/common/domain-error';
import { formatYuan, parseYuan } from '@lib/common/money';
import { ApprovalThresholds, DEFAULT_APPROVAL_THRESHOLDS } from './approval-routing';
import type { ApprovalThresholdsView } from './campaign.view';
import type { ApprovalThresholdsBody } from './campaign.dto';

const CITY = 3;
const PROVINCE = 2;

/**
 * What each org level approves alone. The thresholds apply to the whole province
 * (the controller lets only province and head-office users change them); a level
 * the province has not set uses DEFAULT_APPROVAL_THRESHOLDS.
 */
@Injectable()
export class ApprovalThresholdService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async current(manager: EntityManager = this.dataSource.manager): Promise<ApprovalThresholds> {
    const rows: { org_level: number; max_amount: string | null }[] = await manager.query(
      'SELECT org_level, max_amount FROM approval_thresholds WHERE org_level IN ($1, $2)',
      [CITY, PROVINCE],
    );
    const fenOf = (level: number, fallback: number) => {
      const amount = rows.find((row) => row.org_level === level)?.max_amount;
      return amount === undefined || amount === null ? fallback : (parseYuan(amount) as number);
    };
    return {
      cityMaxFen: fenOf(CITY, DEFAULT_APPROVAL_THRESHOLDS.cityMaxFen),
      provinceMaxFen: fenOf(PROVINCE, DEFAULT_APPROVAL_THRESHOLDS.provinceMaxFen),
    };
  }

  async view(): Promise<ApprovalThresholdsView> {
    const thresholds = await this.current();
    const [latest] = await this.dataSource.query(
      `SELECT t.updated_at, u.display_name FROM approval_thresholds t LEFT JOIN users u ON u.id = t.updated_by
       ORDER BY t.updated_at DESC LIMIT 1`,
    );
    return {
      cityMax: formatYuan(thresholds.cityMaxFen),
      provinceMax: formatYuan(thresholds.provinceMaxFen),
      updatedAt: latest?.updated_at ?? null,
      updatedByName: latest?.display_name ?? null,
    };
  }

  async set(updatedBy: number, body: ApprovalThresholdsBody): Promise<ApprovalThresholdsView> {
    const cityMaxFen = parseYuan(body.cityMax) as number;
    const provinceMaxFen = parseYuan(body.provinceMax) as number;
    if (cityMaxFen > provinceMaxFen) throw new ValidationError([{ field: 'cityMax', code: 'campaign_thresholds_order' }]);
    await this.dataSource.query(
      `INSERT INTO approval_thresholds (org_level, max_amount, updated_by, updated_at)
       VALUES ($1, $2, $5, now()), ($3, $4, $5, now())
       ON CONFLICT (org_level) DO UPDATE SET max_amount = EXCLUDED.max_amount, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [CITY, formatYuan(cityMaxFen), PROVINCE, formatYuan(provinceMaxFen), updatedBy],
    );
    return this.view();
  }
}
