import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FieldProblem, NotFoundError, ValidationError } from '@lib/common';
import { CONTACT_CHANNELS, ContactChannel } from './contact-channel';
import { ContactPolicy } from './contact-policy.entity';
import { ChannelLimitsDto, CreateContactPolicyBody, UpdateContactPolicyBody } from './contact-policy.dto';
import type { ContactPolicyView } from './contact-policy.view';
import { ContactPolicyRules, DEFAULT_CONTACT_POLICY_NAME, DEFAULT_CONTACT_RULES } from './default-contact-policy';

/** The contact policies the segment managers own; exactly one of them is the default. */
@Injectable()
export class ContactPolicyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<ContactPolicyView[]> {
    await this.ensureDefault();
    const policies = await this.dataSource.getRepository(ContactPolicy).find({ order: { isDefault: 'DESC', name: 'ASC' } });
    return policies.map(toView);
  }

  async get(id: number): Promise<ContactPolicyView> {
    return toView(await this.load(id));
  }

  /** The policy itself, for the eligibility check. */
  async load(id: number): Promise<ContactPolicy> {
    const policy = await this.dataSource.getRepository(ContactPolicy).findOneBy({ id });
    if (!policy) throw new NotFoundError('contact_policy', id);
    return policy;
  }

  async loadDefault(): Promise<ContactPolicy> {
    await this.ensureDefault();
    return this.dataSource.getRepository(ContactPolicy).findOneByOrFail({ isDefault: true });
  }

  /** A new policy: every part it leaves out, down to one channel's cap, is the documented default's. */
  async create(body: CreateContactPolicyBody, userId: number): Promise<ContactPolicyView> {
    const policy = Object.assign(new ContactPolicy(), DEFAULT_CONTACT_RULES, changesTo(DEFAULT_CONTACT_RULES, body), {
      isDefault: body.isDefault ?? false,
      updatedBy: userId,
    });
    assertConsistent(policy);
    await this.ensureDefault();
    const saved = await this.dataSource.transaction(async (tx) => {
      if (policy.isDefault) await unsetDefault(tx);
      return tx.getRepository(ContactPolicy).save(policy);
    });
    return toView(saved);
  }

  /** Changes what the body names; a channel's caps or quiet hours that it leaves out stay as they were. */
  async update(id: number, body: UpdateContactPolicyBody, userId: number): Promise<ContactPolicyView> {
    const policy = await this.load(id);
    if (policy.isDefault && body.isDefault === false) {
      throw new ValidationError([{ field: 'isDefault', code: 'default_policy_required' }]);
    }
    const becomesDefault = !policy.isDefault && body.isDefault === true;
    Object.assign(policy, changesTo(policy, body), { updatedBy: userId });
    assertConsistent(policy);
    const saved = await this.dataSource.transaction(async (tx) => {
      if (becomesDefault) await unsetDefault(tx);
      return tx.getRepository(ContactPolicy).save(policy);
    });
    return toView(saved);
  }

  /** The migration inserts the default policy; this restores it if the table was emptied. */
  private async ensureDefault(): Promise<void> {
    const rules = DEFAULT_CONTACT_RULES;
    await this.dataSource.query(
      `INSERT INTO contact_policies
         (name, is_default, max_per_7_days, max_per_30_days, per_channel, min_gap_hours, quiet_hours,
          holidays, holiday_channels, refusal_block_days, renewal_earliest_days, require_consent)
       SELECT $1, true, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
        WHERE NOT EXISTS (SELECT 1 FROM contact_policies WHERE is_default)
       ON CONFLICT DO NOTHING`,
      [
        DEFAULT_CONTACT_POLICY_NAME,
        rules.maxPer7Days,
        rules.maxPer30Days,
        JSON.stringify(rules.perChannel),
        rules.minGapHours,
        JSON.stringify(rules.quietHours),
        JSON.stringify(rules.holidays),
        rules.holidayChannels,
        rules.refusalBlockDays,
        rules.renewalEarliestDays,
        rules.requireConsent,
      ],
    );
  }
}

/** The fields the client sent (a DTO instance also carries the others, as undefined). */
function given<T extends object>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * The body's fields over `base`, channel by channel: a body that gives the phone's caps
 * keeps the other channels' caps and quiet hours of `base` instead of dropping them.
 */
function changesTo(base: ContactPolicyRules, body: CreateContactPolicyBody | UpdateContactPolicyBody): Partial<ContactPolicy> {
  const changes = given(body) as Partial<ContactPolicy>;
  if (body.perChannel) {
    changes.perChannel = { ...base.perChannel };
    for (const [channel, limits] of Object.entries(given(body.perChannel)) as [ContactChannel, ChannelLimitsDto][]) {
      const kept = base.perChannel[channel] ?? { maxPer7Days: null, maxPer30Days: null };
      changes.perChannel[channel] = { ...kept, ...given(limits) };
    }
  }
  if (body.quietHours) changes.quietHours = { ...base.quietHours, ...given(body.quietHours) };
  return changes;
}

async function unsetDefault(tx: EntityManager): Promise<void> {
  await tx.query(`UPDATE contact_policies SET is_default = false WHERE is_default`);
}

/** Rules that span fields: a 7-day cap above the 30-day cap, or an empty quiet window, is a mistake. */
function assertConsistent(policy: ContactPolicy): void {
  const problems: FieldProblem[] = [];
  if (policy.maxPer7Days > policy.maxPer30Days) {
    problems.push({ field: 'maxPer7Days', code: 'week_cap_above_month_cap' });
  }
  for (const channel of CONTACT_CHANNELS) {
    const limits = policy.perChannel[channel];
    if (limits && limits.maxPer7Days != null && limits.maxPer30Days != null && limits.maxPer7Days > limits.maxPer30Days) {
      problems.push({ field: `perChannel.${channel}.maxPer7Days`, code: 'week_cap_above_month_cap' });
    }
    const quiet = policy.quietHours[channel];
    if (quiet && quiet.start === quiet.end) {
      problems.push({ field: `quietHours.${channel}.end`, code: 'quiet_end_is_start' });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

function toView(policy: ContactPolicy): ContactPolicyView {
  // Every channel appears, with null where the policy sets no limit of its own.
  const perChannel = Object.fromEntries(
    CONTACT_CHANNELS.map((channel) => {
      const limits = policy.perChannel[channel];
      return [channel, { maxPer7Days: limits?.maxPer7Days ?? null, maxPer30Days: limits?.maxPer30Days ?? null }];
    }),
  ) as ContactPolicyView['perChannel'];
  return {
    id: policy.id,
    name: policy.name,
    isDefault: policy.isDefault,
    maxPer7Days: policy.maxPer7Days,
    maxPer30Days: policy.maxPer30Days,
    perChannel,
    minGapHours: policy.minGapHours,
    quietHours: policy.quietHours as ContactPolicyView['quietHours'],
    holidays: policy.holidays,
    holidayChannels: policy.holidayChannels,
    refusalBlockDays: policy.refusalBlockDays,
    renewalEarliestDays: policy.renewalEarliestDays,
    requireConsent: policy.requireConsent,
    updatedAt: policy.updatedAt,
  };
}
