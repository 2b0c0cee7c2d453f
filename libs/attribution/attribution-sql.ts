import { LOCAL_TIME_ZONE } from '@lib/common';
import { NOT_REACHED } from '@lib/contact-rules/contact-status';

/**
 * The statements of one attribution run (docs/attribution.md), over temp tables that
 * live until the end of the caller's transaction. Each is one statement over every
 * policy of the run.
 */

/** A conversion's time: the first moment of the policy's start day, local time. */
const conversionTime = (startDate: string) => `(${startDate}::timestamp AT TIME ZONE '${LOCAL_TIME_ZONE}')`;

/** The converted event's id follows from the policy alone, so that a repeat or a move to another campaign keeps one event. */
const convertedEventId = (policyId: string) => `md5('converted:' || ${policyId})::uuid`;

/** The policies of the run, from the caller's query (its first column, renamed). */
export const createBatchSql = (policies: string) => `
  CREATE TEMP TABLE attribution_batch ON COMMIT DROP AS
  SELECT DISTINCT b.policy_id::bigint AS policy_id FROM (${policies}) AS b(policy_id) WHERE b.policy_id IS NOT NULL`;

/**
 * The rule: for each policy of the run that is not cancelled, the launched campaigns
 * whose member the customer is, whose window holds the start date and whose bundle
 * (or a product line the plan names) holds the product. Among them, the campaign of
 * the customer's last real contact on or before the start day; members not reached
 * before it rank after every contacted one; ties go to the latest launch, then to the
 * higher campaign id.
 */
export const DECIDE_SQL = `
  CREATE TEMP TABLE attribution_decided ON COMMIT DROP AS
  SELECT DISTINCT ON (p.id)
         p.id AS policy_id, l.campaign_id, l.id AS launch_id, p.customer_id, m.control,
         k.id AS contact_id, k.step_id, k.channel, coalesce(k.org_unit_id, m.org_unit_id) AS org_unit_id,
         p.product_code, p.premium, p.start_date
    FROM attribution_batch b
    JOIN policies p ON p.id = b.policy_id AND p.status <> 'cancelled'
    JOIN products pr ON pr.code = p.product_code
    JOIN launch_members m ON m.customer_id = p.customer_id
    JOIN campaign_launches l ON l.id = m.launch_id
    JOIN campaign_revisions r ON r.id = l.revision_id
    LEFT JOIN bundles bu ON bu.id = r.bundle_id
    LEFT JOIN LATERAL (
      SELECT k.id, k.step_id, k.channel, k.org_unit_id, k.contacted_at
        FROM contacts k
       WHERE NOT m.control AND k.customer_id = p.customer_id AND k.campaign_id = l.campaign_id
         AND k.status NOT IN (${NOT_REACHED.map((status) => `'${status}'`).join(', ')})
         AND (k.contacted_at AT TIME ZONE '${LOCAL_TIME_ZONE}')::date <= p.start_date
       ORDER BY k.contacted_at DESC, k.id DESC
       LIMIT 1
    ) k ON true
   WHERE p.start_date >= greatest(r.start_date, (l.frozen_at AT TIME ZONE '${LOCAL_TIME_ZONE}')::date)
     AND p.start_date <= r.end_date + r.attribution_window_days
     AND (p.product_code = ANY (bu.product_codes) OR pr.line = ANY (r.attribution_product_lines))
   ORDER BY p.id, k.contacted_at DESC NULLS LAST, l.frozen_at DESC, l.campaign_id DESC`;

const CONVERSION_COLUMNS = [
  'campaign_id', 'launch_id', 'customer_id', 'control', 'contact_id', 'step_id', 'channel', 'org_unit_id', 'product_code', 'premium', 'start_date',
];

/**
 * The policies of the run whose conversion is new, changed or gone: the stored one
 * (`was_*`) beside the decided one (NULL columns when it no longer qualifies). A policy
 * decided as before is not here, so a repeated run writes nothing.
 */
export const CHANGES_SQL = `
  CREATE TEMP TABLE attribution_changes ON COMMIT DROP AS
  SELECT b.policy_id, o.start_date AS was_start_date, o.contact_id AS was_contact_id,
         ${CONVERSION_COLUMNS.map((column) => `d.${column}`).join(', ')}
    FROM attribution_batch b
    LEFT JOIN campaign_conversions o ON o.policy_id = b.policy_id
    LEFT JOIN attribution_decided d ON d.policy_id = b.policy_id
   WHERE (${CONVERSION_COLUMNS.map((column) => `o.${column}`).join(', ')})
         IS DISTINCT FROM (${CONVERSION_COLUMNS.map((column) => `d.${column}`).join(', ')})`;

/** The times of the converted events to write, so that their months' partitions exist first. */
export const EVENT_TIMES_SQL = `
  SELECT DISTINCT ${conversionTime('start_date')} AS occurred_at FROM attribution_changes WHERE campaign_id IS NOT NULL`;

/** The converted events of changed conversions go (the time, and so the partition, may change with the start date). */
export const DROP_EVENTS_SQL = `
  DELETE FROM contact_events e
   USING attribution_changes c
   WHERE c.was_start_date IS NOT NULL AND e.event_type = 'converted'
     AND e.event_id = ${convertedEventId('c.policy_id')} AND e.occurred_at = ${conversionTime('c.was_start_date')}`;

export const WITHDRAW_SQL = `
  DELETE FROM campaign_conversions o USING attribution_changes c
   WHERE o.policy_id = c.policy_id AND c.campaign_id IS NULL`;

export const CREDIT_SQL = `
  INSERT INTO campaign_conversions (policy_id, ${CONVERSION_COLUMNS.join(', ')})
  SELECT policy_id, ${CONVERSION_COLUMNS.join(', ')} FROM attribution_changes WHERE campaign_id IS NOT NULL
  ORDER BY policy_id
  ON CONFLICT (policy_id) DO UPDATE SET
    ${CONVERSION_COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}, attributed_at = now()`;

/** One converted event per credited conversion: the contact's step and channel, none for a member not reached. */
export const RECORD_EVENTS_SQL = `
  INSERT INTO contact_events (event_id, occurred_at, contact_id, campaign_id, step_id, customer_id, org_unit_id, channel,
                              event_type, policy_id, premium)
  SELECT ${convertedEventId('policy_id')}, ${conversionTime('start_date')}, contact_id, campaign_id, step_id, customer_id,
         org_unit_id, channel, 'converted', policy_id, premium
    FROM attribution_changes WHERE campaign_id IS NOT NULL
  ON CONFLICT DO NOTHING`;

/**
 * contacts.converted_at of every contact credited before or now: its earliest
 * conversion, or none when it lost its last one.
 */
export const MARK_CONTACTS_SQL = `
  UPDATE contacts k SET converted_at = s.converted_at
    FROM (
      SELECT t.contact_id, ${conversionTime('min(cc.start_date)')} AS converted_at
        FROM (SELECT was_contact_id AS contact_id FROM attribution_changes WHERE was_contact_id IS NOT NULL
              UNION SELECT contact_id FROM attribution_changes WHERE contact_id IS NOT NULL) t
        LEFT JOIN campaign_conversions cc ON cc.contact_id = t.contact_id
       GROUP BY t.contact_id
    ) s
   WHERE k.id = s.contact_id AND k.converted_at IS DISTINCT FROM s.converted_at`;

export const COUNT_CHANGES_SQL = `
  SELECT (SELECT count(*) FROM attribution_batch)::int AS considered,
         count(*) FILTER (WHERE campaign_id IS NOT NULL)::int AS credited,
         count(*) FILTER (WHERE campaign_id IS NULL)::int AS withdrawn
    FROM attribution_changes`;

export const DROP_TEMP_TABLES_SQL = `DROP TABLE attribution_changes, attribution_decided, attribution_batch`;
