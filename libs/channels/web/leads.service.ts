import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { NotFoundError, Page } from '@lib/common';
import type { Lead, LeadStatus } from './web-offer.view';

interface LeadRow {
  id: string;
  status: LeadStatus;
  created_at: Date;
  customer_id: string;
  customer_name: string;
  customer_no: string;
  mobile: string | null;
  campaign_id: number;
  campaign_name: string;
  branch_id: number;
  branch_name: string;
  total: number;
}

const LEAD_COLUMNS = `l.id, l.status, l.created_at, l.customer_id, cu.name AS customer_name, cu.customer_no, cu.mobile,
       l.campaign_id, r.name AS campaign_name, l.org_unit_id AS branch_id, u.name AS branch_name`;
const LEAD_JOINS = `JOIN customers cu ON cu.id = l.customer_id
  JOIN campaigns c ON c.id = l.campaign_id
  JOIN campaign_revisions r ON r.id = c.approved_revision_id
  JOIN org_units u ON u.id = l.org_unit_id`;

/** The leads of accepted web offers, for the branches that own the customers (the drain creates them; docs/web-offers.md). */
@Injectable()
export class LeadService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The leads of branches in the scope, newest first. */
  async list(scope: OrgScope, page: number, pageSize: number, status?: LeadStatus): Promise<Page<Lead>> {
    const rows: LeadRow[] = await this.dataSource.query(
      `SELECT ${LEAD_COLUMNS}, count(*) OVER ()::int AS total
         FROM leads l ${LEAD_JOINS}
        WHERE ${scope.unitCondition('l.org_unit_id', 1)} AND ($2::text IS NULL OR l.status = $2)
        ORDER BY l.created_at DESC, l.id DESC
        LIMIT $3 OFFSET $4`,
      [scope.pathPattern, status ?? null, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(leadOf), total: rows[0]?.total ?? 0, page, pageSize };
  }

  /** Moves a lead of the scope on as the branch follows it up; another branch's lead reads as none. */
  async setStatus(scope: OrgScope, id: number, status: LeadStatus): Promise<Lead> {
    const [[updated]] = await this.dataSource.query(
      `UPDATE leads l SET status = $3, updated_at = now() WHERE l.id = $2 AND ${scope.unitCondition('l.org_unit_id', 1)} RETURNING l.id`,
      [scope.pathPattern, id, status],
    );
    if (!updated) throw new NotFoundError('lead', id);
    const [row]: LeadRow[] = await this.dataSource.query(`SELECT ${LEAD_COLUMNS}, 1 AS total FROM leads l ${LEAD_JOINS} WHERE l.id = $1`, [id]);
    return leadOf(row);
  }
}

function leadOf(row: LeadRow): Lead {
  return {
    id: Number(row.id),
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    customer: { id: Number(row.customer_id), name: row.customer_name, customerNo: row.customer_no, mobile: row.mobile },
    campaign: { id: row.campaign_id, name: row.campaign_name },
    branch: { id: row.branch_id, name: row.branch_name },
  };
}
