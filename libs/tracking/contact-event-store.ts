import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The statement that stores contact events, given a query `incoming` of
 * (event_id, occurred_at, contact_id, event_type, reason, link_index, open_proxy):
 * campaign, step, customer, branch and channel come from the contact row; an event
 * already stored is skipped; each contact's first open, click and unsubscribe are
 * kept for the rates; an unsubscribe turns the customer's email consent off and marks
 * its contact opted out (no later step of the campaign contacts the customer); a web
 * contact's first impression makes it (and is named in the answer, to be paid for) and
 * its first accept creates its lead. One statement, so all of it commits or none.
 */
export function storeEventsSql(incoming: string): string {
  return `
    WITH incoming AS (${incoming}),
    -- A web contact is made by its first impression ('sent') and answered by its first
    -- accept ('responded'); later ones change nothing and are not stored. One UPDATE for
    -- both, since a statement may change a row only once.
    web_firsts AS (
      SELECT i.contact_id,
             (array_agg(i.event_id ORDER BY i.occurred_at, i.event_id) FILTER (WHERE i.event_type = 'sent'))[1] AS sent_id,
             min(i.occurred_at) FILTER (WHERE i.event_type = 'sent') AS sent_at,
             (array_agg(i.event_id ORDER BY i.occurred_at, i.event_id) FILTER (WHERE i.event_type = 'responded'))[1] AS responded_id,
             min(i.occurred_at) FILTER (WHERE i.event_type = 'responded') AS responded_at
        FROM incoming i JOIN contacts c ON c.id = i.contact_id AND c.channel = 'web'
       WHERE i.event_type IN ('sent', 'responded')
       GROUP BY i.contact_id
    ),
    web_moved AS (
      UPDATE contacts k SET
        status = CASE WHEN f.sent_id IS NOT NULL AND k.status = 'planned' THEN 'sent' ELSE k.status END,
        contacted_at = CASE WHEN f.sent_id IS NOT NULL AND k.status = 'planned' THEN f.sent_at ELSE k.contacted_at END,
        responded_at = CASE WHEN f.responded_id IS NOT NULL AND k.responded_at IS NULL THEN f.responded_at ELSE k.responded_at END
        FROM web_firsts f
       WHERE k.id = f.contact_id
         AND ((f.sent_id IS NOT NULL AND k.status = 'planned') OR (f.responded_id IS NOT NULL AND k.responded_at IS NULL))
      -- RETURNING sees the new row: a part applied when the row now carries its time.
      RETURNING k.id, k.customer_id, k.campaign_id, k.step_id, f.responded_at,
                CASE WHEN k.status = 'sent' AND k.contacted_at = f.sent_at THEN f.sent_id END AS made_id,
                CASE WHEN k.responded_at = f.responded_at THEN f.responded_id END AS answered_id
    ),
    lead AS (
      -- The customer's owning branch follows the lead up.
      INSERT INTO leads (contact_id, customer_id, campaign_id, step_id, org_unit_id, created_at)
      SELECT w.id, w.customer_id, w.campaign_id, w.step_id, cu.org_unit_id, w.responded_at
        FROM web_moved w JOIN customers cu ON cu.id = w.customer_id
       WHERE w.answered_id IS NOT NULL
      ON CONFLICT (contact_id) DO NOTHING
      RETURNING 1
    ),
    stored AS (
      INSERT INTO contact_events (event_id, occurred_at, contact_id, campaign_id, step_id, customer_id, org_unit_id, channel,
                                  event_type, reason, link_index, open_proxy)
      SELECT i.event_id, i.occurred_at, c.id, c.campaign_id, c.step_id, c.customer_id, c.org_unit_id, c.channel,
             i.event_type, i.reason, i.link_index, i.open_proxy
      FROM incoming i JOIN contacts c ON c.id = i.contact_id AND c.campaign_id IS NOT NULL
      WHERE c.channel <> 'web' OR i.event_type NOT IN ('sent', 'responded')
         OR i.event_id IN (SELECT made_id FROM web_moved UNION ALL SELECT answered_id FROM web_moved)
      ON CONFLICT DO NOTHING
      RETURNING contact_id, campaign_id, step_id, customer_id, org_unit_id, event_type, occurred_at, open_proxy
    ),
    engaged AS (
      INSERT INTO contact_engagements AS e
        (contact_id, campaign_id, step_id, org_unit_id, first_opened_at, first_direct_open_at, first_clicked_at, unsubscribed_at)
      SELECT contact_id, min(campaign_id), min(step_id), min(org_unit_id),
             min(occurred_at) FILTER (WHERE event_type = 'opened'),
             min(occurred_at) FILTER (WHERE event_type = 'opened' AND open_proxy IS NULL),
             min(occurred_at) FILTER (WHERE event_type = 'clicked'),
             min(occurred_at) FILTER (WHERE event_type = 'unsubscribed')
      FROM stored WHERE event_type IN ('opened', 'clicked', 'unsubscribed')
      -- Rows locked in one order, so two workers' batches cannot deadlock on each other.
      GROUP BY contact_id ORDER BY contact_id
      ON CONFLICT (contact_id) DO UPDATE SET
        first_opened_at = LEAST(e.first_opened_at, EXCLUDED.first_opened_at),
        first_direct_open_at = LEAST(e.first_direct_open_at, EXCLUDED.first_direct_open_at),
        first_clicked_at = LEAST(e.first_clicked_at, EXCLUDED.first_clicked_at),
        unsubscribed_at = LEAST(e.unsubscribed_at, EXCLUDED.unsubscribed_at)
      RETURNING 1
    ),
    opted_out AS (
      UPDATE customers SET consent_email = false, updated_at = now()
      WHERE id IN (SELECT customer_id FROM stored WHERE event_type = 'unsubscribed') AND consent_email
      RETURNING 1
    ),
    refused AS (
      -- Web contacts have no unsubscribe link and are the only ones web_moved changes: no row is changed twice.
      UPDATE contacts k SET opted_out_at = s.at
        FROM (SELECT contact_id, min(occurred_at) AS at FROM stored WHERE event_type = 'unsubscribed' GROUP BY contact_id) s
       WHERE k.id = s.contact_id AND k.channel <> 'web' AND k.opted_out_at IS NULL
      RETURNING 1
    )
    -- refused is not read: a data-modifying WITH runs to completion all the same.
    SELECT (SELECT count(*) FROM stored)::int AS stored, (SELECT count(*) FROM opted_out)::int AS "optedOut",
           (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM web_moved WHERE made_id IS NOT NULL)::bigint[] AS "madeWebContacts"`;
}

export interface StoredEvents {
  /** Events new to the table (a repeated one is not counted). */
  stored: number;
  /** Customers whose email consent an unsubscribe turned off. */
  optedOut: number;
  /** Web contacts their first impression made just now (bigint ids as PostgreSQL gives them): each is paid for once. */
  madeWebContacts: string[];
}

/** The month partitions of contact_events: created ahead by the worker, and on demand for any month written. */
@Injectable()
export class ContactEventPartitions {
  /** Months ('2026-12') known to have a partition, so the hot path asks PostgreSQL once per month. */
  private readonly known = new Set<string>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Makes sure every month of these times has its partition, before a statement writes
   * them. Creating one locks the whole table, so it runs in the writer's own transaction
   * (a second connection would wait on the writer's locks); the months ahead are made
   * beforehand, and this is for the rare write to a month long past.
   */
  async ensureFor(times: Date[], db: DataSource | EntityManager = this.dataSource): Promise<void> {
    const missing = [...new Set(times.map(monthOf))].filter((month) => !this.known.has(month));
    for (const month of missing) {
      const [{ created }] = await db.query(`SELECT create_contact_event_partitions($1::timestamptz, 1) AS created`, [`${month}-01T00:00:00Z`]);
      // A partition created just now commits with the writer's transaction, or not at all: known only once found.
      if (created === 0) this.known.add(month);
    }
  }

  /** This month's partition and the next `months - 1`, so that no write waits on creating one. */
  async createAhead(months = 3): Promise<number> {
    const [{ created }] = await this.dataSource.query(`SELECT create_contact_event_partitions(now(), $1) AS created`, [months]);
    return created;
  }
}

function monthOf(time: Date): string {
  return time.toISOString().slice(0, 7);
}
