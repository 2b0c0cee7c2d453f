import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import type { AudienceQuery } from '@lib/segments';
import { ContactChannel } from './contact-channel';
import { LOCAL_TIME_ZONE } from '@lib/common';
import { ContactPolicy } from './contact-policy.entity';
import type { ContactCheckResult, ContactPurpose } from './contact-policy.view';
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
}



/**
 * Applies a contact policy to an audience. `decisions` is one statement giving, for each
 * customer of the audience (within the scope) and each channel, the first reason that
 * excludes the contact or NULL when it may go ahead; `check` counts over it, and the
 * launch can INSERT the rows whose reason is NULL.
 *
 * Contacts are rows of `contacts` whose status is neither 'planned' nor 'failed'. Rolling
 * windows end at `at`: the 7 and 30 days before it, and minGapHours before it. A planned
 * contact of another campaign with a higher priority within 7 days either side of `at`
 * reserves the customer.
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

  /** The statement selecting (customer_id, channel, reason); reason is NULL where the contact may go ahead. */
  decisions(scope: OrgScope, audience: AudienceQuery, policy: ContactPolicy, options: ContactCheckOptions): AudienceQuery {
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

    const sql = `
      WITH audience AS (
        SELECT DISTINCT a.customer_id FROM (${audience.sql}) a
      ), members AS MATERIALIZED (
        SELECT c.id, c.do_not_contact, c.consent_email, c.consent_phone, c.consent_sms, c.consent_agent_visit
          FROM customers c JOIN audience a ON a.customer_id = c.id
         WHERE ${scope.unitCondition('c.org_unit_id', scopeParam)}
      ), local AS (
        SELECT (${at} AT TIME ZONE '${LOCAL_TIME_ZONE}')::time AS local_time,
               (${at} AT TIME ZONE '${LOCAL_TIME_ZONE}')::date AS local_date
      ), channels AS (
        SELECT ch.channel, ch.max_7d, ch.max_30d,
               coalesce(CASE WHEN ch.quiet_start < ch.quiet_end
                             THEN l.local_time >= ch.quiet_start AND l.local_time < ch.quiet_end
                             ELSE l.local_time >= ch.quiet_start OR l.local_time < ch.quiet_end END, false) AS quiet,
               ch.channel = ANY(${bind(policy.holidayChannels)}::text[])
                 AND l.local_date = ANY(${bind(policy.holidays)}::date[]) AS holiday
          FROM unnest(${bind(channels)}::text[], ${bind(limits.map((l) => l?.maxPer7Days ?? null))}::int[],
                      ${bind(limits.map((l) => l?.maxPer30Days ?? null))}::int[],
                      ${bind(quiet.map((q) => q?.start ?? null))}::time[], ${bind(quiet.map((q) => q?.end ?? null))}::time[])
               AS ch(channel, max_7d, max_30d, quiet_start, quiet_end)
          CROSS JOIN local l
      ), recent AS (
        SELECT k.customer_id, k.channel,
               count(*) FILTER (WHERE k.contacted_at > ${at} - interval '7 days') AS n_7d,
               count(*) AS n_30d,
               max(k.contacted_at) AS last_at
          FROM contacts k JOIN members m ON m.id = k.customer_id
         WHERE k.status NOT IN ('planned', 'failed')
           AND k.contacted_at > ${at} - interval '30 days' AND k.contacted_at <= ${at}
         GROUP BY k.customer_id, k.channel
      ), totals AS (
        SELECT customer_id, sum(n_7d) AS n_7d, sum(n_30d) AS n_30d, max(last_at) AS last_at
          FROM recent GROUP BY customer_id
      ), reserved AS (
        SELECT DISTINCT k.customer_id
          FROM contacts k JOIN members m ON m.id = k.customer_id
         WHERE k.status = 'planned'
           AND coalesce(k.priority, 0) > ${bind(options.priority ?? 0)}
           AND k.campaign_id IS DISTINCT FROM ${bind(options.campaignId ?? null)}::int
           AND k.contacted_at > ${at} - interval '7 days' AND k.contacted_at < ${at} + interval '7 days'
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
      SELECT m.id AS customer_id, ch.channel,
             CASE
               WHEN m.do_not_contact THEN 'do_not_contact'
               ${policy.requireConsent ? CONSENT_CHECK : ''}
               WHEN ch.channel = 'phone' AND dnc.customer_id IS NOT NULL THEN 'do_not_call'
               WHEN ch.quiet THEN 'quiet_hours'
               WHEN ch.holiday THEN 'holiday'
               WHEN t.last_at > ${at} - make_interval(hours => ${bind(policy.minGapHours)}) THEN 'min_gap'
               WHEN coalesce(t.n_7d, 0) >= ${bind(policy.maxPer7Days)} THEN 'cap_7d'
               WHEN coalesce(t.n_30d, 0) >= ${bind(policy.maxPer30Days)} THEN 'cap_30d'
               WHEN coalesce(r.n_7d, 0) >= ch.max_7d THEN 'channel_cap_7d'
               WHEN coalesce(r.n_30d, 0) >= ch.max_30d THEN 'channel_cap_30d'
               ${
                 renewal
                   ? `WHEN e.end_date IS NULL THEN 'nothing_to_renew'
               WHEN e.end_date - (SELECT local_date FROM local) > ${bind(policy.renewalEarliestDays)} THEN 'renewal_too_early'`
                   : ''
               }
               WHEN rv.customer_id IS NOT NULL THEN 'reserved_by_higher_priority'
             END AS reason
        FROM members m
        CROSS JOIN channels ch
        LEFT JOIN do_not_call dnc ON dnc.customer_id = m.id AND (dnc.until IS NULL OR dnc.until > ${at})
        LEFT JOIN totals t ON t.customer_id = m.id
        LEFT JOIN recent r ON r.customer_id = m.id AND r.channel = ch.channel
        LEFT JOIN reserved rv ON rv.customer_id = m.id
        ${renewal ? 'LEFT JOIN next_expiry e ON e.customer_id = m.id' : ''}`;
    return { sql, params };
  }
}

/** Each channel needs the customer's consent for it; the web site shows offers to logged-in customers and needs none. */
const CONSENT_CHECK = `WHEN NOT CASE ch.channel
                      WHEN 'email' THEN m.consent_email
                      WHEN 'phone' THEN m.consent_phone
                      WHEN 'sms' THEN m.consent_sms
                      WHEN 'agent_visit' THEN m.consent_agent_visit
                      ELSE true END THEN 'no_consent'`;
