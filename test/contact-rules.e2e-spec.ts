import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { DEFAULT_CONTACT_RULES } from '@lib/contact-rules';
import { createCustomer, createFixtureOrg, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

const ADULTS = { type: 'group', op: 'all', children: [{ type: 'condition', field: 'age', operator: '>=', value: 18 }] };
const WORKING_HOURS = '2026-03-10T10:00:00+08:00';

describe('Contact rules over HTTP', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let segments: string;
  let analyst: string;
  let branch: string;
  let defaultId: number;
  const customers: Record<string, number> = {};

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    segments = await loginNewUser(app, 'segments', org.province, ['segment_manager']);
    analyst = await loginNewUser(app, 'analyst', org.province, ['analyst']);
    branch = await loginNewUser(app, 'branch.a1', org.countyA1, ['branch_executor']);
    customers.a1 = Number(await createCustomer(db, org.countyA1));
    customers.a1NoPhone = Number(await createCustomer(db, org.countyA1, { consent_phone: false }));
    customers.a2 = Number(await createCustomer(db, org.countyA2));
    customers.b1 = Number(await createCustomer(db, org.countyB1, { do_not_contact: true }));
  });

  afterAll(async () => {
    await app.close();
  });

  it('starts with the default policy of the issue, readable by analysts', async () => {
    const answer = await call(app, 'GET', '/api/contact-policies', { token: analyst });
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(1);
    const [policy] = answer.body;
    defaultId = policy.id;
    expect(policy).toMatchObject({
      isDefault: true,
      maxPer7Days: 2,
      maxPer30Days: 4,
      minGapHours: 48,
      perChannel: { phone: { maxPer7Days: 1, maxPer30Days: 2 }, web: { maxPer7Days: null, maxPer30Days: null } },
      quietHours: { phone: { start: '21:00', end: '09:00' }, agent_visit: { start: '21:00', end: '09:00' } },
      holidayChannels: ['phone', 'agent_visit'],
      refusalBlockDays: 180,
      renewalEarliestDays: 40,
      requireConsent: true,
    });
    expect(policy.holidays).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-17', '2026-10-01', '2027-10-07']));
  });

  it('lets only segment managers and admins write policies', async () => {
    for (const token of [analyst, branch]) {
      expect((await call(app, 'POST', '/api/contact-policies', { token, body: { name: 'x' } })).status).toBe(403);
      expect((await call(app, 'PATCH', `/api/contact-policies/${defaultId}`, { token, body: { minGapHours: 1 } })).status).toBe(403);
    }
  });

  it('names every bad field of a policy', async () => {
    const answer = await call(app, 'POST', '/api/contact-policies', {
      token: segments,
      body: {
        name: 'bad',
        maxPer7Days: -1,
        quietHours: { phone: { start: '25:00', end: '09:00' } },
        holidays: ['2026-02-30'],
        holidayChannels: ['fax'],
        refusalBlockDays: 90,
        colour: 'red',
      },
    });
    expect(answer.status).toBe(400);
    expect(new Set(answer.body.details.map((d: { field: string }) => d.field))).toEqual(
      new Set(['maxPer7Days', 'quietHours.phone.start', 'holidays', 'holidayChannels', 'refusalBlockDays', 'colour']),
    );
    const crossed = await call(app, 'POST', '/api/contact-policies', { token: segments, body: { name: 'crossed', maxPer7Days: 5, maxPer30Days: 3 } });
    expect(crossed.status).toBe(400);
    expect(crossed.body.details).toEqual([{ field: 'maxPer7Days', code: 'week_cap_above_month_cap', params: {}, problem: '7 天上限不能高于 30 天上限' }]);
  });

  it('keeps exactly one default policy', async () => {
    const created = await call(app, 'POST', '/api/contact-policies', {
      token: segments,
      body: { name: '续保季接触规则', minGapHours: 72, isDefault: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ isDefault: true, minGapHours: 72, maxPer7Days: 2, refusalBlockDays: 180 });
    const list = await call(app, 'GET', '/api/contact-policies', { token: analyst });
    expect(list.body.map((p: { id: number; isDefault: boolean }) => [p.id, p.isDefault])).toEqual([
      [created.body.id, true],
      [defaultId, false],
    ]);
    const refused = await call(app, 'PATCH', `/api/contact-policies/${created.body.id}`, { token: segments, body: { isDefault: false } });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].field).toBe('isDefault');
    const back = await call(app, 'PATCH', `/api/contact-policies/${defaultId}`, { token: segments, body: { isDefault: true } });
    expect(back.body).toMatchObject({ id: defaultId, isDefault: true, minGapHours: 48 });
    expect((await call(app, 'GET', `/api/contact-policies/${created.body.id}`, { token: analyst })).body.isDefault).toBe(false);
    expect((await call(app, 'PATCH', '/api/contact-policies/99999', { token: segments, body: { minGapHours: 1 } })).status).toBe(404);
  });

  it('gives the channels a new policy leaves out the default caps and quiet hours, and keeps them through a change of one channel', async () => {
    const created = await call(app, 'POST', '/api/contact-policies', {
      token: segments,
      body: { name: '短信加密', perChannel: { sms: { maxPer7Days: 1 } }, quietHours: { sms: { start: '20:00', end: '09:00' } } },
    });
    expect(created.status).toBe(201);
    expect(created.body.perChannel).toEqual({ ...DEFAULT_CONTACT_RULES.perChannel, sms: { maxPer7Days: 1, maxPer30Days: 4 } });
    expect(created.body.quietHours).toEqual({ ...DEFAULT_CONTACT_RULES.quietHours, sms: { start: '20:00', end: '09:00' } });

    const changed = await call(app, 'PATCH', `/api/contact-policies/${created.body.id}`, {
      token: segments,
      body: { perChannel: { phone: { maxPer30Days: 3 }, web: { maxPer7Days: 5 } }, quietHours: { email: { start: '22:00', end: '07:00' } } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.perChannel).toEqual({
      ...DEFAULT_CONTACT_RULES.perChannel,
      sms: { maxPer7Days: 1, maxPer30Days: 4 },
      phone: { maxPer7Days: 1, maxPer30Days: 3 },
      web: { maxPer7Days: 5, maxPer30Days: null },
    });
    expect(changed.body.quietHours).toEqual({
      ...DEFAULT_CONTACT_RULES.quietHours,
      sms: { start: '20:00', end: '09:00' },
      email: { start: '22:00', end: '07:00' },
    });
  });

  it('refuses null for any part of a policy, naming it, rather than dropping the part', async () => {
    const answer = await call(app, 'POST', '/api/contact-policies', {
      token: segments,
      body: { name: 'nulls', maxPer7Days: null, perChannel: { phone: null }, quietHours: null, holidays: null, requireConsent: null },
    });
    expect(answer.status).toBe(400);
    expect(new Set(answer.body.details.map((d: { field: string }) => d.field))).toEqual(
      new Set(['maxPer7Days', 'perChannel.phone', 'quietHours', 'holidays', 'requireConsent']),
    );
    const patch = await call(app, 'PATCH', `/api/contact-policies/${defaultId}`, { token: segments, body: { perChannel: null } });
    expect(patch.status).toBe(400);
    expect(patch.body.details.map((d: { field: string }) => d.field)).toContain('perChannel');
  });

  it('checks an audience per channel and reason, counting only the caller’s subtree', async () => {
    const body = { rule: ADULTS, channels: ['phone', 'email'], at: WORKING_HOURS };
    const province = await call(app, 'POST', `/api/contact-policies/${defaultId}/check`, { token: analyst, body });
    expect(province.status).toBe(200);
    expect(province.body).toEqual({
      audience: 4,
      contactableAnyChannel: 3,
      byChannel: [
        { channel: 'phone', contactable: 2, excluded: [{ reason: 'do_not_contact', count: 1 }, { reason: 'no_consent', count: 1 }] },
        { channel: 'email', contactable: 3, excluded: [{ reason: 'do_not_contact', count: 1 }] },
      ],
    });
    const county = await call(app, 'POST', `/api/contact-policies/${defaultId}/check`, { token: branch, body });
    expect(county.body).toEqual({
      audience: 2,
      contactableAnyChannel: 2,
      byChannel: [
        { channel: 'phone', contactable: 1, excluded: [{ reason: 'no_consent', count: 1 }] },
        { channel: 'email', contactable: 2, excluded: [] },
      ],
    });
  });

  it('refuses a check without exactly one audience, with unknown channels or a bad rule, and for an unknown policy', async () => {
    const url = `/api/contact-policies/${defaultId}/check`;
    const neither = await call(app, 'POST', url, { token: analyst, body: { channels: ['phone'] } });
    expect(neither.status).toBe(400);
    expect(neither.body.details[0].field).toBe('segmentId');
    const both = await call(app, 'POST', url, { token: analyst, body: { segmentId: 1, rule: ADULTS, channels: ['phone'] } });
    expect(both.status).toBe(400);
    const fax = await call(app, 'POST', url, { token: analyst, body: { rule: ADULTS, channels: ['fax'], at: 'tomorrow' } });
    expect(fax.status).toBe(400);
    expect(new Set(fax.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['channels', 'at']));
    const badRule = await call(app, 'POST', url, {
      token: analyst,
      body: { rule: { type: 'group', op: 'all', children: [{ type: 'condition', field: 'shoe_size', operator: '=', value: 42 }] }, channels: ['email'] },
    });
    expect(badRule.status).toBe(400);
    expect(badRule.body.details[0].field).toMatch(/^rule\.children\[0\]/);
    expect((await call(app, 'POST', '/api/contact-policies/99999/check', { token: analyst, body: { rule: ADULTS, channels: ['email'] } })).status).toBe(404);
  });

  it('keeps the do-not-call list per subtree: branch staff add and remove their own customers only', async () => {
    const added = await call(app, 'POST', '/api/do-not-call', { token: branch, body: { customerId: customers.a1, reason: '客户要求不再来电' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ customerId: customers.a1, reason: '客户要求不再来电', until: null });
    expect((await call(app, 'POST', '/api/do-not-call', { token: branch, body: { customerId: customers.a2, reason: 'x' } })).status).toBe(404);
    expect((await call(app, 'POST', '/api/do-not-call', { token: analyst, body: { customerId: customers.a1, reason: 'x' } })).status).toBe(403);
    const past = await call(app, 'POST', '/api/do-not-call', { token: segments, body: { customerId: customers.a2, reason: 'x', until: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(past.body.details[0].field).toBe('until');

    const check = await call(app, 'POST', `/api/contact-policies/${defaultId}/check`, {
      token: branch,
      body: { rule: ADULTS, channels: ['phone'], at: WORKING_HOURS },
    });
    expect(check.body.byChannel[0].excluded).toEqual([
      { reason: 'no_consent', count: 1 },
      { reason: 'do_not_call', count: 1 },
    ]);

    const list = await call(app, 'GET', '/api/do-not-call?page=1&pageSize=10', { token: branch });
    expect(list.body).toMatchObject({ total: 1, items: [{ customerId: customers.a1 }] });
    expect((await call(app, 'DELETE', `/api/do-not-call/${customers.a1}`, { token: branch })).status).toBe(204);
    expect((await call(app, 'DELETE', `/api/do-not-call/${customers.a1}`, { token: branch })).status).toBe(404);
    expect((await call(app, 'GET', '/api/do-not-call', { token: branch })).body.total).toBe(0);
  });
});
