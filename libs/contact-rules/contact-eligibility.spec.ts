import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import type { AudienceQuery } from '@lib/segments';
import { createCampaignRows, createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';
import { ContactChannel } from './contact-channel';
import { ContactCheckOptions, ContactEligibility } from './contact-eligibility.service';
import { ContactPolicy } from './contact-policy.entity';
import { ContactPolicyService } from './contact-policy.service';
import { DoNotCallService } from './do-not-call.service';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Tuesday 10 March 2026, 10:00 in Beijing: a working day in working hours. */
const AT = new Date('2026-03-10T10:00:00+08:00');
const ALL: ContactChannel[] = ['email', 'phone', 'sms', 'agent_visit', 'web'];

describe(ContactEligibility.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let eligibility: ContactEligibility;
  let doNotCall: DoNotCallService;
  let policy: ContactPolicy;
  let province: OrgScope;

  const audienceOf = (ids: number[]): AudienceQuery => ({ sql: 'SELECT unnest($1::bigint[]) AS customer_id', params: [ids] });
  const customer = (columns: Record<string, unknown> = {}) => createCustomer(db, org.countyA1, columns).then(Number);
  const contact = async (customerId: number, channel: ContactChannel, at: Date, columns: Record<string, unknown> = {}) => {
    const values = { status: 'sent', campaign_id: null, priority: null, ...columns };
    await db.query(
      `INSERT INTO contacts (customer_id, channel, org_unit_id, contacted_at, status, campaign_id, priority)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [customerId, channel, org.countyA1, at, values.status, values.campaign_id, values.priority],
    );
  };
  /** The reason per channel for one customer ('ok' when the contact may go ahead). */
  const reasons = async (
    customerId: number,
    options: Partial<ContactCheckOptions> = {},
    rules: Partial<ContactPolicy> = {},
  ): Promise<Record<string, string>> => {
    const statement = eligibility.decisions(province, audienceOf([customerId]), { ...policy, ...rules }, {
      channels: ALL,
      at: AT,
      purpose: 'sales',
      ...options,
    });
    const rows: { channel: string; reason: string | null }[] = await db.query(statement.sql, statement.params);
    return Object.fromEntries(rows.map((row) => [row.channel, row.reason ?? 'ok']));
  };
  const everyChannel = (reason: string) => Object.fromEntries(ALL.map((channel) => [channel, reason]));

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    eligibility = app.get(ContactEligibility);
    doNotCall = app.get(DoNotCallService);
    policy = await app.get(ContactPolicyService).loadDefault();
    province = await scopeOf(db, org.province);
    // The campaigns the contacts below belong to.
    await createCampaignRows(db, [1, 2, 7, 8, 9], await createUser(db, 'cm.province', org.province, ['campaign_manager']), org.province);
  });

  afterAll(async () => {
    await app.close();
  });

  it('lets a consenting customer without history be contacted on every channel', async () => {
    await expect(reasons(await customer())).resolves.toEqual(everyChannel('ok'));
  });

  it('gives do-not-contact precedence over every other reason', async () => {
    const id = await customer({ do_not_contact: true, consent_phone: false, consent_email: false });
    await doNotCall.recordRefusal(id, new Date(AT.getTime() - DAY));
    await contact(id, 'email', new Date(AT.getTime() - HOUR));
    await expect(reasons(id, { at: new Date('2026-10-01T21:30:00+08:00'), purpose: 'renewal' })).resolves.toEqual(
      everyChannel('do_not_contact'),
    );
  });

  it('needs consent per channel, except on the web, unless the policy waives consent', async () => {
    const id = await customer({ consent_email: false, consent_phone: false, consent_sms: false, consent_agent_visit: false });
    await expect(reasons(id)).resolves.toEqual({ ...everyChannel('no_consent'), web: 'ok' });
    await expect(reasons(id, {}, { requireConsent: false })).resolves.toEqual(everyChannel('ok'));
  });

  it('blocks calls, and only calls, for six months after a refusal, though 180 days are shorter', async () => {
    const id = await customer();
    const refusedAt = new Date('2026-01-05T15:00:00+08:00');
    const sixMonthsLater = new Date('2026-07-05T15:00:00+08:00');
    await doNotCall.recordRefusal(id, refusedAt);
    await expect(reasons(id)).resolves.toEqual({ ...everyChannel('ok'), phone: 'do_not_call' });
    const after180Days = new Date(refusedAt.getTime() + 180 * DAY + HOUR);
    const justBefore = new Date(sixMonthsLater.getTime() - HOUR);
    const justAfter = new Date(sixMonthsLater.getTime() + HOUR);
    await expect(reasons(id, { at: after180Days, channels: ['phone'] })).resolves.toEqual({ phone: 'do_not_call' });
    await expect(reasons(id, { at: justBefore, channels: ['phone'] })).resolves.toEqual({ phone: 'do_not_call' });
    await expect(reasons(id, { at: justAfter, channels: ['phone'] })).resolves.toEqual({ phone: 'ok' });
  });

  it('blocks calls for the policy\'s refusal block when it is longer than six months', async () => {
    const id = await customer();
    const [{ refusal_block_days: days }] = await db.query('SELECT refusal_block_days FROM contact_policies WHERE is_default');
    await db.query('UPDATE contact_policies SET refusal_block_days = 200 WHERE is_default');
    try {
      await doNotCall.recordRefusal(id, new Date('2026-01-05T15:00:00+08:00'));
    } finally {
      await db.query('UPDATE contact_policies SET refusal_block_days = $1 WHERE is_default', [days]);
    }
    const [{ until }] = await db.query('SELECT until FROM do_not_call WHERE customer_id = $1', [id]);
    expect(until).toEqual(new Date(new Date('2026-01-05T15:00:00+08:00').getTime() + 200 * DAY));
  });

  it('keeps the longer block when a customer refuses again', async () => {
    const id = await customer();
    await doNotCall.recordRefusal(id, new Date('2026-02-01T10:00:00+08:00'));
    await doNotCall.recordRefusal(id, new Date('2026-01-01T10:00:00+08:00'));
    const [{ until }] = await db.query('SELECT until FROM do_not_call WHERE customer_id = $1', [id]);
    expect(until).toEqual(new Date('2026-08-01T10:00:00+08:00'));
  });

  it('keeps calls, visits and text messages out of quiet hours in Beijing time, but not emails', async () => {
    const id = await customer();
    await expect(reasons(id, { at: new Date('2026-03-10T21:30:00+08:00') })).resolves.toEqual({
      email: 'ok',
      phone: 'quiet_hours',
      sms: 'quiet_hours',
      agent_visit: 'quiet_hours',
      web: 'ok',
    });
    await expect(reasons(id, { at: new Date('2026-03-10T08:59:00+08:00') })).resolves.toEqual({
      email: 'ok',
      phone: 'quiet_hours',
      sms: 'ok',
      agent_visit: 'quiet_hours',
      web: 'ok',
    });
    await expect(reasons(id, { at: new Date('2026-03-10T09:00:00+08:00') })).resolves.toEqual(everyChannel('ok'));
  });

  it('keeps calls and visits off the listed holidays', async () => {
    const id = await customer();
    await expect(reasons(id, { at: new Date('2026-10-02T10:00:00+08:00') })).resolves.toEqual({
      ...everyChannel('ok'),
      phone: 'holiday',
      agent_visit: 'holiday',
    });
  });

  it('keeps the minimum gap after a real contact on any channel; planned and failed contacts do not count', async () => {
    const recent = await customer();
    await contact(recent, 'email', new Date(AT.getTime() - 47 * HOUR));
    await expect(reasons(recent)).resolves.toEqual(everyChannel('min_gap'));

    const older = await customer();
    await contact(older, 'email', new Date(AT.getTime() - 49 * HOUR));
    await contact(older, 'sms', new Date(AT.getTime() - HOUR), { status: 'failed' });
    await contact(older, 'phone', new Date(AT.getTime() - HOUR), { status: 'planned', campaign_id: 1 });
    await expect(reasons(older)).resolves.toEqual(everyChannel('ok'));
  });

  it('caps real contacts across campaigns and channels in the rolling 7 and 30 days', async () => {
    const weekly = await customer();
    await contact(weekly, 'email', new Date(AT.getTime() - 3 * DAY), { campaign_id: 1 });
    await contact(weekly, 'sms', new Date(AT.getTime() - 6 * DAY), { campaign_id: 2 });
    await expect(reasons(weekly)).resolves.toEqual(everyChannel('cap_7d'));

    const monthly = await customer();
    for (const days of [8, 12, 20, 29]) await contact(monthly, 'web', new Date(AT.getTime() - days * DAY));
    await expect(reasons(monthly)).resolves.toEqual(everyChannel('cap_30d'));

    const longAgo = await customer();
    for (const days of [31, 35, 40, 50, 60]) await contact(longAgo, 'email', new Date(AT.getTime() - days * DAY));
    for (const days of [3, 4, 5]) await contact(longAgo, 'email', new Date(AT.getTime() - days * DAY), { status: 'failed' });
    await expect(reasons(longAgo)).resolves.toEqual(everyChannel('ok'));
  });

  it('caps each channel on its own limits; the web has none', async () => {
    const called = await customer();
    await contact(called, 'phone', new Date(AT.getTime() - 3 * DAY));
    await expect(reasons(called)).resolves.toEqual({ ...everyChannel('ok'), phone: 'channel_cap_7d' });

    const twiceThisMonth = await customer();
    await contact(twiceThisMonth, 'phone', new Date(AT.getTime() - 10 * DAY));
    await contact(twiceThisMonth, 'phone', new Date(AT.getTime() - 20 * DAY));
    await expect(reasons(twiceThisMonth)).resolves.toEqual({ ...everyChannel('ok'), phone: 'channel_cap_30d' });

    const webVisitor = await customer();
    await contact(webVisitor, 'web', new Date(AT.getTime() - 3 * DAY));
    await expect(reasons(webVisitor, {}, { maxPer7Days: 100, maxPer30Days: 100 })).resolves.toEqual(everyChannel('ok'));
  });

  it('contacts for a renewal from 40 days before the nearest expiry, and only customers with a policy to renew', async () => {
    const soon = await customer();
    await createPolicy(db, soon, 'JQX', { end_date: '2026-04-19' });
    const later = await customer();
    await createPolicy(db, later, 'JQX', { end_date: '2026-04-20' });
    const expired = await customer();
    await createPolicy(db, expired, 'JQX', { end_date: '2026-03-01', status: 'expired' });
    const renewal = { purpose: 'renewal' as const, channels: ['email' as const] };
    await expect(reasons(soon, renewal)).resolves.toEqual({ email: 'ok' });
    await expect(reasons(later, renewal)).resolves.toEqual({ email: 'renewal_too_early' });
    await expect(reasons(expired, renewal)).resolves.toEqual({ email: 'nothing_to_renew' });
    await expect(reasons(later, { channels: ['email'] })).resolves.toEqual({ email: 'ok' });
  });

  it('leaves a customer to the campaign with the higher priority that planned a contact in the same week', async () => {
    const id = await customer();
    await contact(id, 'phone', new Date(AT.getTime() + 2 * DAY), { status: 'planned', campaign_id: 7, priority: 5 });
    await contact(id, 'email', new Date(AT.getTime() + 9 * DAY), { status: 'planned', campaign_id: 8, priority: 9 });
    // The same whether the statement is written for a whole audience or for the few customers of a part being sent.
    for (const fewCustomers of [false, true]) {
      await expect(reasons(id, { campaignId: 9, priority: 3, fewCustomers })).resolves.toEqual(everyChannel('reserved_by_higher_priority'));
      await expect(reasons(id, { campaignId: 9, fewCustomers })).resolves.toEqual(everyChannel('reserved_by_higher_priority'));
      await expect(reasons(id, { campaignId: 9, priority: 5, fewCustomers })).resolves.toEqual(everyChannel('ok'));
      await expect(reasons(id, { campaignId: 7, priority: 1, fewCustomers })).resolves.toEqual(everyChannel('ok'));
    }
  });

  it('reports the first reason in the documented order', async () => {
    const noConsentAtNight = await customer({ consent_phone: false });
    await expect(reasons(noConsentAtNight, { at: new Date('2026-03-10T22:00:00+08:00'), channels: ['phone'] })).resolves.toEqual({
      phone: 'no_consent',
    });
    const refusedOnHoliday = await customer();
    await doNotCall.recordRefusal(refusedOnHoliday, new Date('2026-09-01T10:00:00+08:00'));
    await expect(reasons(refusedOnHoliday, { at: new Date('2026-10-01T23:00:00+08:00'), channels: ['phone', 'agent_visit'] })).resolves.toEqual({
      phone: 'do_not_call',
      agent_visit: 'quiet_hours',
    });
    const busy = await customer();
    for (const days of [1, 2, 3, 4]) await contact(busy, 'phone', new Date(AT.getTime() - days * DAY));
    await expect(reasons(busy, { channels: ['phone', 'email'] })).resolves.toEqual({
      phone: 'min_gap',
      email: 'min_gap',
    });
  });

  it('counts per channel and reason, and the customers reachable on at least one channel, within the scope only', async () => {
    const ids = [
      await createCustomer(db, org.countyA2).then(Number),
      await createCustomer(db, org.countyA2, { consent_phone: false }).then(Number),
      await createCustomer(db, org.countyA2, { do_not_contact: true }).then(Number),
      await createCustomer(db, org.countyB1).then(Number),
    ];
    const result = await eligibility.check(await scopeOf(db, org.countyA2), audienceOf(ids), policy, {
      channels: ['phone', 'email'],
      at: AT,
      purpose: 'sales',
    });
    expect(result).toEqual({
      audience: 3,
      contactableAnyChannel: 2,
      byChannel: [
        { channel: 'phone', contactable: 1, excluded: [{ reason: 'do_not_contact', count: 1 }, { reason: 'no_consent', count: 1 }] },
        { channel: 'email', contactable: 2, excluded: [{ reason: 'do_not_contact', count: 1 }] },
      ],
    });
  });
});
