import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignService } from '@lib/campaigns';
import { csvLine, FieldProblem, Language, LOCAL_TIME_ZONE, LocalText, NotFoundError, Page, ValidationError, xlsxFile } from '@lib/common';
import { maskMobile } from '@lib/customers/personal-data';
import { CONTROL_DRILL_DOWN_KINDS, DrillDownCustomer, DrillDownFilter, DrillDownFormat, DrillDownKind } from './customer-drill-down.view';
import { NOT_MADE } from '@lib/contact-rules/contact-status';

/** One exported file holds at most this many lines; a larger list is narrowed by its filters first. */
export const MAX_EXPORT_LINES = 100_000;

const DAY_OF = (column: string) => `(${column} AT TIME ZONE '${LOCAL_TIME_ZONE}')::date`;

/** The placeholders of one list's query. */
type LineParams = Record<'campaign' | 'launch' | 'control' | 'notMade', string>;

/** Each contact's first response (docs/figures.md "responses"): its first clicked or responded event. */
const responses = (p: LineParams) => `
  SELECT e.contact_id, min(e.occurred_at) AS responded_at
    FROM contact_events e
   WHERE e.campaign_id = ${p.campaign} AND e.event_type IN ('clicked', 'responded') AND e.contact_id IS NOT NULL
   GROUP BY e.contact_id`;

/**
 * The bare lines of each kind in one shape: customer, unit, contact, step, channel, contact
 * status and time, policy, the day the daily trend counts the line on and the time it sorts
 * by. Value tier and response time are looked up for the page's lines only.
 */
const LINES: Record<DrillDownKind, (p: LineParams) => string> = {
  members: (p) => `
    SELECT m.customer_id, m.org_unit_id, NULL::bigint AS contact_id, NULL::int AS step_id, NULL::varchar AS channel, NULL::varchar AS contact_status,
           NULL::timestamptz AS contacted_at, NULL::bigint AS policy_id, NULL::date AS day, NULL::timestamptz AS sort_at
      FROM launch_members m WHERE m.launch_id = ${p.launch} AND m.control = ${p.control}`,
  contacts: (p) => `
    SELECT k.customer_id, k.org_unit_id, k.id, k.step_id, k.channel, k.status, coalesce(k.sent_at, k.contacted_at),
           NULL::bigint, ${DAY_OF('coalesce(k.sent_at, k.contacted_at)')}, coalesce(k.sent_at, k.contacted_at)
      FROM contacts k
     WHERE k.campaign_id = ${p.campaign} AND k.status <> ALL(${p.notMade}::text[])`,
  responders: (p) => `
    SELECT k.customer_id, k.org_unit_id, k.id, k.step_id, k.channel, k.status, coalesce(k.sent_at, k.contacted_at),
           NULL::bigint, ${DAY_OF('r.responded_at')}, r.responded_at
      FROM (${responses(p)}) r
      JOIN contacts k ON k.id = r.contact_id`,
  converters: (p) => `
    SELECT cv.customer_id, cv.org_unit_id, cv.contact_id, cv.step_id, cv.channel, k.status, coalesce(k.sent_at, k.contacted_at),
           cv.policy_id, cv.start_date, cv.start_date::timestamptz
      FROM campaign_conversions cv
      LEFT JOIN contacts k ON k.id = cv.contact_id
     WHERE cv.campaign_id = ${p.campaign} AND cv.control = ${p.control}`,
};

const LINE_COLUMNS = '(customer_id, org_unit_id, contact_id, step_id, channel, contact_status, contacted_at, policy_id, day, sort_at)';

interface LaunchRow {
  id: number;
  revision_id: number;
  segments_recorded: boolean;
  include_segment_ids: number[];
}

interface LineRow extends Omit<DrillDownCustomer, 'mobile'> {
  mobile: string | null;
  total: number;
}

/** The export's columns in both languages, in the order of the file. */
const EXPORT_COLUMNS: { key: keyof DrillDownCustomer; title: LocalText }[] = [
  { key: 'customerNo', title: { zh: '客户号', en: 'Customer no.' } },
  { key: 'name', title: { zh: '客户姓名', en: 'Customer name' } },
  { key: 'mobile', title: { zh: '手机号', en: 'Mobile' } },
  { key: 'orgUnitName', title: { zh: '机构', en: 'Branch' } },
  { key: 'valueTier', title: { zh: '价值等级', en: 'Value tier' } },
  { key: 'stepPosition', title: { zh: '步骤', en: 'Step' } },
  { key: 'channel', title: { zh: '渠道', en: 'Channel' } },
  { key: 'contactStatus', title: { zh: '接触状态', en: 'Contact status' } },
  { key: 'contactedAt', title: { zh: '接触时间', en: 'Contacted at' } },
  { key: 'respondedAt', title: { zh: '响应时间', en: 'Responded at' } },
  { key: 'policyNo', title: { zh: '保单号', en: 'Policy no.' } },
  { key: 'productName', title: { zh: '产品', en: 'Product' } },
  { key: 'premium', title: { zh: '保费（元）', en: 'Premium (yuan)' } },
  { key: 'policyStartDate', title: { zh: '保单起期', en: 'Policy start' } },
];

/**
 * The customers behind a campaign's figure (G12): members, contacts, responders and
 * converters, by the same definitions as the rollups (docs/figures.md), limited to the
 * units of the reader's scope, paged or exported. Reads the raw tables of one campaign,
 * through their campaign indexes: a list is one campaign's lines, not a dashboard total.
 */
@Injectable()
export class CustomerDrillDown {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
  ) {}

  async list(scope: OrgScope, campaignId: number, filter: DrillDownFilter, page: number, pageSize: number): Promise<Page<DrillDownCustomer>> {
    const rows = await this.lines(scope, campaignId, filter, { limit: pageSize, offset: (page - 1) * pageSize });
    return { items: rows.map(toCustomer), total: rows[0]?.total ?? (page > 1 ? await this.count(scope, campaignId, filter) : 0), page, pageSize };
  }

  /** The whole list as a CSV (UTF-8 with a byte order mark, for Excel and WPS) or XLSX file, headed in the reader's language. */
  async export(scope: OrgScope, campaignId: number, filter: DrillDownFilter, format: DrillDownFormat, language: Language): Promise<Buffer> {
    const rows = await this.lines(scope, campaignId, filter, { limit: MAX_EXPORT_LINES + 1, offset: 0 });
    if (rows.length > MAX_EXPORT_LINES) {
      throw new ValidationError([], `More than ${MAX_EXPORT_LINES} lines to export`, 'drill_down_export_too_large', { max: MAX_EXPORT_LINES });
    }
    const header = EXPORT_COLUMNS.map((column) => column.title[language]);
    const table = rows.map(toCustomer).map((customer) => EXPORT_COLUMNS.map(({ key }) => exportCell(customer, key, language)));
    if (format === 'csv') return Buffer.from(`\uFEFF${[csvLine(header), ...table.map((row) => csvLine(row))].join('')}`, 'utf8');
    return xlsxFile(filter.kind, header, table);
  }

  private async count(scope: OrgScope, campaignId: number, filter: DrillDownFilter): Promise<number> {
    const rows = await this.lines(scope, campaignId, filter, { limit: 1, offset: 0 });
    return rows[0]?.total ?? 0;
  }

  private async lines(scope: OrgScope, campaignId: number, filter: DrillDownFilter, window: { limit: number; offset: number }): Promise<LineRow[]> {
    await this.campaigns.findVisible(this.dataSource.manager, scope, campaignId);
    const [launch] = await this.dataSource.query(
      `SELECT l.id, l.revision_id, l.segments_recorded, r.include_segment_ids
         FROM campaign_launches l JOIN campaign_revisions r ON r.id = l.revision_id WHERE l.campaign_id = $1`,
      [campaignId],
    );
    if (!launch) throw new NotFoundError('campaign_launch', campaignId);
    const control = filter.group === 'control';
    await this.checkFilter(scope, launch, filter, control);

    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const lineParams = placeholdersOnUse(bind, { campaign: campaignId, launch: launch.id, control, notMade: NOT_MADE });
    const lineSql = LINES[filter.kind](lineParams);
    const where = [`l.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE ${bind(scope.pathPattern)})`];
    if (filter.branch !== undefined) {
      where.push(`l.org_unit_id = ${bind(filter.branch)}`);
    }
    if (filter.step !== undefined) where.push(`l.step_id = ${bind(filter.step)}`);
    if (filter.channel !== undefined) where.push(`l.channel = ${bind(filter.channel)}`);
    if (filter.valueTier !== undefined) {
      where.push(`l.customer_id IN (SELECT customer_id FROM launch_members WHERE launch_id = ${lineParams.launch} AND value_tier = ${bind(filter.valueTier)})`);
    }
    if (filter.segment !== undefined) {
      where.push(`l.customer_id IN (SELECT customer_id FROM launch_members WHERE launch_id = ${lineParams.launch} AND ${bind(filter.segment)}::int = ANY(segment_ids))`);
    }
    if (filter.day !== undefined) where.push(`l.day = ${bind(filter.day)}::date`);
    // Newest first; members in the order they were drawn. Ties by customer and line, so pages never overlap.
    const order = (t: string) => `${filter.kind === 'members' ? '' : `${t}.sort_at DESC, `}${t}.customer_id, ${t}.step_id, ${t}.policy_id`;
    // The page is cut from the bare lines; only its own lines are joined to customers, units and policies.
    return this.dataSource.query(
      `WITH l ${LINE_COLUMNS} AS (${lineSql}),
       shown AS (SELECT * FROM l WHERE ${where.join(' AND ')}),
       page AS (SELECT * FROM shown ORDER BY ${order('shown')} LIMIT ${bind(window.limit)} OFFSET ${bind(window.offset)})
       SELECT l.customer_id::int AS "customerId", c.customer_no AS "customerNo", c.name, c.mobile,
              l.org_unit_id AS "orgUnitId", u.name AS "orgUnitName", u.name_en AS "orgUnitNameEn", m.value_tier AS "valueTier",
              l.step_id AS "stepId", s.position AS "stepPosition", l.channel, l.contact_status AS "contactStatus",
              l.contacted_at AS "contactedAt", r.responded_at AS "respondedAt",
              p.policy_no AS "policyNo", p.product_code AS "productCode", pr.name AS "productName", pr.name_en AS "productNameEn",
              p.premium::text AS premium, p.start_date::text AS "policyStartDate",
              (SELECT count(*) FROM shown)::int AS total
         FROM page l
         JOIN customers c ON c.id = l.customer_id
         JOIN org_units u ON u.id = l.org_unit_id
         LEFT JOIN launch_members m ON m.launch_id = ${lineParams.launch} AND m.customer_id = l.customer_id
         LEFT JOIN LATERAL (
           -- Through the customer's own events (contact_events_customer): a handful, whatever the campaign's size.
           SELECT min(e.occurred_at) AS responded_at FROM contact_events e
            WHERE l.contact_id IS NOT NULL AND e.customer_id = l.customer_id AND e.contact_id = l.contact_id
              AND e.campaign_id = ${lineParams.campaign} AND e.event_type IN ('clicked', 'responded')
         ) r ON true
         LEFT JOIN campaign_steps s ON s.id = l.step_id
         LEFT JOIN policies p ON p.id = l.policy_id
         LEFT JOIN products pr ON pr.code = p.product_code
        ORDER BY ${order('l')}`,
      params,
    );
  }

  /**
   * The filters must name what the campaign has: a unit of the reader's scope, a step or an
   * include segment of the launched plan (whose launch recorded its members' segments), a
   * kind the group has.
   */
  private async checkFilter(scope: OrgScope, launch: LaunchRow, filter: DrillDownFilter, control: boolean): Promise<void> {
    const problems: FieldProblem[] = [];
    if (control && !CONTROL_DRILL_DOWN_KINDS.includes(filter.kind)) {
      problems.push({ field: 'group', code: 'drill_down_control_not_contacted' });
    }
    if (filter.kind === 'members') {
      if (filter.step !== undefined) problems.push({ field: 'step', code: 'drill_down_members_have_no_step' });
      if (filter.channel !== undefined) problems.push({ field: 'channel', code: 'drill_down_members_have_no_step' });
      if (filter.day !== undefined) problems.push({ field: 'day', code: 'drill_down_members_have_no_day' });
    }
    if (filter.step !== undefined && filter.kind !== 'members') {
      const [step] = await this.dataSource.query(`SELECT 1 FROM campaign_steps WHERE id = $1 AND revision_id = $2`, [filter.step, launch.revision_id]);
      if (!step) problems.push({ field: 'step', code: 'step_not_in_campaign', params: { id: filter.step } });
    }
    if (filter.segment !== undefined) {
      if (!launch.segments_recorded) problems.push({ field: 'segment', code: 'launch_segments_not_recorded' });
      else if (!launch.include_segment_ids.includes(filter.segment)) {
        problems.push({ field: 'segment', code: 'segment_not_in_campaign', params: { id: filter.segment } });
      }
    }
    if (problems.length > 0) throw new ValidationError(problems);
    if (filter.branch !== undefined) {
      const [unit] = await this.dataSource.query(`SELECT 1 FROM org_units WHERE id = $1 AND path LIKE $2`, [filter.branch, scope.pathPattern]);
      if (!unit) throw new NotFoundError('org_unit', filter.branch);
    }
  }
}

/** Placeholders bound when a query first uses them: PostgreSQL refuses a parameter no statement names, since it cannot type it. */
function placeholdersOnUse<K extends string>(bind: (value: unknown) => string, values: Record<K, unknown>): Record<K, string> {
  const placeholders = {} as Record<K, string>;
  for (const key of Object.keys(values) as K[]) {
    let placeholder: string | undefined;
    Object.defineProperty(placeholders, key, { get: () => (placeholder ??= bind(values[key])) });
  }
  return placeholders;
}

/** Times in the file as the insurer's local clock shows them: 2026-12-01 14:05:00. */
const LOCAL_CLOCK = new Intl.DateTimeFormat('sv-SE', {
  timeZone: LOCAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

function toCustomer({ total: _total, ...row }: LineRow): DrillDownCustomer {
  return { ...row, mobile: maskMobile(row.mobile) };
}

function exportCell(customer: DrillDownCustomer, key: keyof DrillDownCustomer, language: Language): string | number | null {
  if (key === 'orgUnitName') return language === 'en' && customer.orgUnitNameEn ? customer.orgUnitNameEn : customer.orgUnitName;
  if (key === 'productName') return language === 'en' && customer.productNameEn ? customer.productNameEn : customer.productName;
  const value = customer[key];
  if (value instanceof Date) return LOCAL_CLOCK.format(value);
  if (key === 'premium' && value !== null) return Number(value);
  return value as string | number | null;
}
