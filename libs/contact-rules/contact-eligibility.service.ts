import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import type { AudienceQuery } from '@lib/segments';
import { ContactChannel } from './contact-channel';
import { LOCAL_TIME_ZONE } from '@lib/common';
import { ContactPolicy } from './contact-policy.entity';
import type { ContactCheckResult, ContactPurpose } from './contact-policy.view';
import { NOT_REACHED, STILL_TO_MAKE } from './contact-status';
import { EXCLUSION_REASONS, ExclusionReason } from './exclusion-reason';


export interface ContactCheckOptions {
  channels: ContactChannel[];
  /** When the contacts would happen; quiet hours and holidays use its Beijing local time. */
  at: Date;
  purpose: ContactPurpose;
  /** The asking campaign: its own planned contacts do not reserve customers against it. */
  campaignId?: number;
  /** The asking campaign's priority (higher wins; none = 0). */
  priority?: number;
  /**
   * The audience is a handful of customers (a part being sent): each one's planned
   * contacts are looked up by its id. Left to the planner, statistics taken before a
   * launch added its planned contacts make a scan of all of them look cheaper.
   */
  fewCustomers?: boolean;
}



/**
 * Applies a contact policy to an audience. `decisions` is one statement giving, for each
 * customer of the audience (within the scope) and each channel, the first reason that
 * excludes the contact or NULL when it may go ahead; `check` counts over it, and the
 * launch can INSERT the rows whose reason is NULL.
 *
 * Contacts are rows of `contacts` that reached the customer (not NOT_REACHED). Rolling
 * windows end at `at`: the 7 and 30 days before it, and minGapHours before it. A planned
 * contact of another campaign with a higher priority within 7 days either side of `at`
 * reserves the customer. A customer who converted or opted out (an unsubscribe, a
 * "do not call again") in the asking campaign, on any channel, is not contacted by its
 * later steps; an address that bounced hard gets no email.
 */
@Injectable()
export class ContactEligibility {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(scope: OrgScope, audience: AudienceQuery, policy: ContactPolicy, options: ContactCheckOptions): Promise<ContactCheckResult> {
    const decisions = this.decisions(scope, audience, policy, options);
    const [row]: { audience: number; contactable: number; breakdown: { channel: ContactChannel; reason: ExclusionReason | null; count: number }[] }[] =
      await this.dataSource.query(
        `WITH d AS MATERIALIZED (${decisions.sql}),
         per_customer AS (SELECT bool_or(reason IS NULL) AS reachable FROM d GROUP BY customer_id)
         SELECT (SELECT count(*) FROM per_customer)::int AS audience,
                (SELECT count(*) FILTER (WHERE reachable) FROM per_customer)::int AS contactable,
                (SELECT coalesce(json_agg(x), '[]') FROM (
                   SELECT channel, reason, count(*)::int AS count FROM d GROUP BY channel, reason
                 ) x) AS breakdown`,
        decisions.params,
      );
    return {
      audience: row.audience,
      contactableAnyChannel: row.contactable,
      byChannel: options.channels.map((channel) => {
        const counts = row.breakdown.filter((entry) => entry.channel === channel);
        return {
          channel,
          contactable: counts.find((entry) => entry.reason === null)?.count ?? 0,
          excluded: EXCLUSION_REASONS.flatMap((reason) => {
            const count = counts.find((entry) => entry.reason === reason)?.count ?? 0;
            return count > 0 ? [{ reason, count }] : [];
          }),
        };
      }),
    };
  }

  /**
   * The statement selecting (customer_id, org_unit_id, channel, reason); reason is NULL
   * where the contact may go ahead. The customer's unit comes along because contacts
   * go to the branch that owns the customer.
   */
  decisions(scope: OrgScope, audience: AudienceQuery, policy: ContactPolicy, options: ContactCheckOptions): AudienceQuery {
    const wide = this.decisionsByCustomer(scope, audience, policy, options);
    const params = [...wide.params];
    const pairs = options.channels.map((channel, i) => `($${params.push(channel)}::text, w.reason_${i})`);
    return {
      sql: `SELECT w.customer_id, w.org_unit_id, v.channel, v.reason
              FROM (${wide.sql}) w CROSS JOIN LATERAL (VALUES ${pairs.join(', ')}) AS v(channel, reason)`,
      params,
    };
  }

  /**
   * The same decisions one row per customer: (customer_id, org_unit_id, reason_0 …
   * reason_n), reason_i for options.channels[i]. Work over a whole province (the
   * forecast, the launch) reads this form: it never multiplies the audience by the
   * channels.
   */
  decisionsByCustomer(scope: OrgScope, audience: AudienceQuery, policy: ContactPolicy, options: ContactCheckOptions): AudienceQuery {
    const params = [...audience.params];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const scopeParam = params.push(scope.pathPattern);
    const at = `${bind(options.at.toISOString())}::timestamptz`;
    const channels = options.channels;
    const limits = channels.map((channel) => policy.perChannel[channel]);
    const quiet = channels.map((channel) => policy.quietHours[channel]);
    const renewal = options.purpose === 'renewal';

    const minGap = bind(policy.minGapHours);
    const max7 = bind(policy.maxPer7Days);
    const max30 = bind(policy.maxPer30Days);
    const renewalEarliest = renewal ? bind(policy.renewalEarliestDays) : '';
    const reasonOf = (i: number) => `CASE
               WHEN m.do_not_contact THEN 'do_not_contact'
               ${policy.requireConsent ? consentCheck(`ch${i}`) : ''}
               WHEN ch${i}.channel = 'email' AND sup.email IS NOT NULL THEN 'email_bounced'
               WHEN ch${i}.channel = 'phone' AND dnc.customer_id IS NOT NULL THEN 'do_not_call'
               WHEN ch${i}.quiet THEN 'quiet_hours'
               WHEN ch${i}.holiday THEN 'holiday'
               WHEN t.last_at > ${at} - make_interval(hours => ${minGap}) THEN 'min_gap'
               WHEN coalesce(t.n_7d, 0) >= ${max7} THEN 'cap_7d'
               WHEN coalesce(t.n_30d, 0) >= ${max30} THEN 'cap_30d'
               WHEN coalesce(t.n_7d_${i}, 0) >= ch${i}.max_7d THEN 'channel_cap_7d'
               WHEN coalesce(t.n_30d_${i}, 0) >= ch${i}.max_30d THEN 'channel_cap_30d'
               ${
                 renewal
                   ? `WHEN e.end_date IS NULL THEN 'nothing_to_renew'
               WHEN e.end_date - (SELECT local_date FROM local) > ${renewalEarliest} THEN 'renewal_too_early'`
                   : ''
               }
               WHEN cv.converted THEN 'already_converted'
               WHEN cv.customer_id IS NOT NULL THEN 'opted_out'
               WHEN rv.customer_id IS NOT NULL THEN 'reserved_by_higher_priority'
             END AS reason_${i}`;

    const sql = `
      WITH members AS ${audience.customerCondition ? 'NOT MATERIALIZED' : 'MATERIALIZED'} (
        -- The audience's own condition when it has one, else a semi-join: each customer once.
        -- A condition is cheap to apply again where the contact counts need it, and left
        -- inline it lets PostgreSQL scan the customers in parallel; a semi-join is kept once.
        SELECT c.id, c.org_unit_id, c.email, c.do_not_contact, c.consent_email, c.consent_phone, c.consent_sms, c.consent_agent_visit
          FROM customers c
         WHERE ${audience.customerCondition ?? `c.id IN (SELECT a.customer_id FROM (${audience.sql}) a)`}
           AND ${scope.unitCondition('c.org_unit_id', scopeParam)}
      ), local AS (
        SELECT (${at} AT TIME ZONE '${LOCAL_TIME_ZONE}')::time AS local_time,
               (${at} AT TIME ZONE '${LOCAL_TIME_ZONE}')::date AS local_date
      ), channels AS (
        SELECT ch.n, ch.channel, ch.max_7d, ch.max_30d,
               coalesce(CASE WHEN ch.quiet_start < ch.quiet_end
                             THEN l.local_time >= ch.quiet_start AND l.local_time < ch.quiet_end
                             ELSE l.local_time >= ch.quiet_start OR l.local_time < ch.quiet_end END, false) AS quiet,
               ch.channel = ANY(${bind(policy.holidayChannels)}::text[])
                 AND l.local_date = ANY(${bind(policy.holidays)}::date[]) AS holiday
          FROM unnest(${bind(channels)}::text[], ${bind(limits.map((l) => l?.maxPer7Days ?? null))}::int[],
                      ${bind(limits.map((l) => l?.maxPer30Days ?? null))}::int[],
                      ${bind(quiet.map((q) => q?.start ?? null))}::time[], ${bind(quiet.map((q) => q?.end ?? null))}::time[])
                 WITH ORDINALITY AS ch(channel, max_7d, max_30d, quiet_start, quiet_end, n)
          CROSS JOIN local l
      ), contacted AS (
        -- Each customer's real contacts in the last 30 days, in one row: on every channel
        -- (the overall caps) and on each channel asked about (its own caps).
        SELECT k.customer_id,
               count(*) FILTER (WHERE k.contacted_at > ${at} - interval '7 days') AS n_7d,
               count(*) AS n_30d,
               max(k.contacted_at) AS last_at,
               ${channels
                 .map((channel, i) => {
                   const name = bind(channel);
                   return `count(*) FILTER (WHERE k.channel = ${name} AND k.contacted_at > ${at} - interval '7 days') AS n_7d_${i},
               count(*) FILTER (WHERE k.channel = ${name}) AS n_30d_${i}`;
                 })
                 .join(',\n               ')}
          FROM contacts k JOIN members m ON m.id = k.customer_id
         WHERE k.status <> ALL(${bind(NOT_REACHED)}::text[])
           AND k.contacted_at > ${at} - interval '30 days' AND k.contacted_at <= ${at}
         GROUP BY k.customer_id
      ), reserved AS (${reservedSql(
        options.fewCustomers ?? false,
        `k.status = ANY(${bind(STILL_TO_MAKE)}::text[])
           AND coalesce(k.priority, 0) > ${bind(options.priority ?? 0)}
           AND k.campaign_id IS DISTINCT FROM ${bind(options.campaignId ?? null)}::int
           AND k.contacted_at > ${at} - interval '7 days' AND k.contacted_at < ${at} + interval '7 days'`,
      )}
      ), converted AS (
        -- Whoever converted or opted out through any contact of the asking campaign, on any channel.
        SELECT k.customer_id, bool_or(k.converted_at IS NOT NULL) AS converted
          FROM contacts k JOIN members m ON m.id = k.customer_id
         WHERE k.campaign_id = ${bind(options.campaignId ?? null)}::int AND (k.converted_at IS NOT NULL OR k.opted_out_at IS NOT NULL)
         GROUP BY k.customer_id
      )${
        renewal
          ? `, next_expiry AS (
        SELECT p.customer_id, min(p.end_date) AS end_date
          FROM policies p JOIN members m ON m.id = p.customer_id
         WHERE p.status = 'active' AND p.end_date >= (SELECT local_date FROM local)
         GROUP BY p.customer_id
      )`
          : ''
      }
      SELECT m.id AS customer_id, m.org_unit_id,
             ${channels.map((_, i) => reasonOf(i)).join(', ')}
        FROM members m
        ${channels.map((_, i) => `CROSS JOIN (SELECT * FROM channels WHERE n = ${i + 1}) ch${i}`).join(' ')}
        LEFT JOIN do_not_call dnc ON dnc.customer_id = m.id AND (dnc.until IS NULL OR dnc.until > ${at})
        LEFT JOIN contacted t ON t.customer_id = m.id
        LEFT JOIN reserved rv ON rv.customer_id = m.id
        LEFT JOIN converted cv ON cv.customer_id = m.id
        LEFT JOIN email_suppressions sup ON sup.email = lower(m.email)
        ${renewal ? 'LEFT JOIN next_expiry e ON e.customer_id = m.id' : ''}`;
    return { sql, params };
  }
}

/** Customers of the audience holding a planned contact that reserves them (`condition` on contacts k). */
function reservedSql(fewCustomers: boolean, condition: string): string {
  // LIMIT keeps the lookup inside the loop over the members, one index probe each.
  if (fewCustomers) {
    return `
        SELECT m.id AS customer_id
          FROM members m CROSS JOIN LATERAL (SELECT 1 FROM contacts k WHERE k.customer_id = m.id AND ${condition} LIMIT 1) r`;
  }
  return `
        SELECT DISTINCT k.customer_id
          FROM contacts k JOIN members m ON m.id = k.customer_id
         WHERE ${condition}`;
}

/** Each channel needs the customer's consent for it; the web site shows offers to logged-in customers and needs none. */
function consentCheck(channel: string): string {
  return `WHEN NOT CASE ${channel}.channel
                      WHEN 'email' THEN m.consent_email
                      WHEN 'phone' THEN m.consent_phone
                      WHEN 'sms' THEN m.consent_sms
                      WHEN 'agent_visit' THEN m.consent_agent_visit
                      ELSE true END THEN 'no_consent'`;
}
