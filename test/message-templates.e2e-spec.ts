import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createFixtureOrg, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState } from './support/fixtures';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { call, eventually, login, loginNewUser, startApi } from './support/test-app';

const EMAIL = {
  key: 'email-nanjing-home',
  channel: 'email',
  name: '南京家财险推荐',
  subject: '{{customer.name}}{{customer.title}}，{{branch.name}}为您推荐{{bundle.name}}',
  html: '<p>尊敬的{{customer.name}}{{customer.title}}：</p><p>{{bundle.shortText}}</p><a href="https://www.example.com/home">了解详情</a>',
  text: '尊敬的{{customer.name}}{{customer.title}}：\n{{bundle.shortText}}\n了解详情：https://www.example.com/home',
};

describe('Message templates over HTTP', () => {
  let sink: SmtpSink;
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let channelA: string;
  let channelB: string;
  let channelProvince: string;
  let planner: string;
  let customerA: number;
  let customerB: number;
  const smtpBefore = process.env.SMTP_URL;

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await db.query(`UPDATE org_units SET address = '江苏省南京市鼓楼区中山北路 8 号', phone = '025-83000000' WHERE id = $1`, [org.cityA]);
    const userA = await createUser(db, 'ch.nanjing', org.cityA, ['channel_manager']);
    await db.query(`UPDATE users SET email = 'ch.nanjing@example.com' WHERE id = $1`, [userA]);
    channelA = await login(app, 'ch.nanjing', FIXTURE_PASSWORD);
    channelB = await loginNewUser(app, 'ch.suzhou', org.cityB, ['channel_manager']);
    channelProvince = await loginNewUser(app, 'ch.province', org.province, ['channel_manager']);
    planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    customerA = Number(await createCustomer(db, org.countyA1, { name: '张伟', gender: 'M' }));
    customerB = Number(await createCustomer(db, org.countyB1, { name: '陈静', gender: 'F' }));
  });

  afterAll(async () => {
    await app.close();
    await sink.close();
    process.env.SMTP_URL = smtpBefore;
  });

  let templateId: number;

  it('lets a channel manager create a template owned by their unit, at version 1, that campaign managers read but cannot change', async () => {
    const created = await call(app, 'POST', '/api/message-templates', { token: channelA, body: EMAIL });
    expect(created).toMatchObject({ status: 201, body: { key: EMAIL.key, channel: 'email', version: 1, ownerOrgUnitId: org.cityA, editable: true, subject: EMAIL.subject } });
    templateId = created.body.id;

    const read = await call(app, 'GET', `/api/message-templates/${templateId}`, { token: planner });
    expect(read).toMatchObject({ status: 200, body: { key: EMAIL.key, editable: false } });
    const listed = await call(app, 'GET', '/api/message-templates?channel=email', { token: planner });
    expect(listed.body.items.map((item: { key: string }) => item.key)).toEqual([EMAIL.key]);
    expect(listed.body.files).toContainEqual({ ref: 'cross_sell', channel: 'email' });

    const refused = await call(app, 'PATCH', `/api/message-templates/${templateId}`, { token: planner, body: { version: 1, name: '改名' } });
    expect(refused.status).toBe(403);
    expect((await call(app, 'POST', '/api/message-templates', { token: planner, body: { ...EMAIL, key: 'by-planner' } })).status).toBe(403);
  });

  it("keeps another city's channel manager from reading, changing or previewing on the city's templates and customers", async () => {
    expect((await call(app, 'GET', `/api/message-templates/${templateId}`, { token: channelB })).status).toBe(404);
    expect((await call(app, 'PATCH', `/api/message-templates/${templateId}`, { token: channelB, body: { version: 1, name: '苏州改名' } })).status).toBe(404);
    expect((await call(app, 'GET', '/api/message-templates', { token: channelB })).body.items).toEqual([]);
    const preview = await call(app, 'POST', '/api/message-templates/preview', { token: channelB, body: { channel: 'email', subject: EMAIL.subject, html: EMAIL.html, text: EMAIL.text, customerId: customerA } });
    expect(preview).toMatchObject({ status: 404, body: { code: 'not_found', params: { entity: 'customer' } } });
    const fromA = await call(app, 'POST', '/api/message-templates/preview', { token: channelA, body: { channel: 'email', subject: EMAIL.subject, html: EMAIL.html, text: EMAIL.text, customerId: customerB } });
    expect(fromA.status).toBe(404);
    // A unit above sees the city's template but only the city changes it; the city sees the province's but may not change it.
    const provinceTemplate = await call(app, 'POST', '/api/message-templates', { token: channelProvince, body: { ...EMAIL, key: 'email-province' } });
    const fromCity = await call(app, 'PATCH', `/api/message-templates/${provinceTemplate.body.id}`, { token: channelA, body: { version: 1, name: '南京改名' } });
    expect(fromCity).toMatchObject({ status: 403, body: { code: 'owned_above' } });
    expect((await call(app, 'GET', `/api/message-templates/${templateId}`, { token: channelProvince })).body.editable).toBe(true);
  });

  it('refuses a template naming an unknown variable or not compiling, naming the part and the line, in Chinese and in English', async () => {
    const body = { ...EMAIL, key: 'email-bad', html: '<p>{{customer.nickname}}</p>', text: '{{#if customer.name}}没有结束' };
    const zh = await call(app, 'POST', '/api/message-templates', { token: channelA, body });
    expect(zh).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(zh.body.details).toEqual([
      expect.objectContaining({ field: 'html', code: 'template_unknown_variable', params: { variable: 'customer.nickname', line: 1, column: 6 }, problem: '第 1 行第 6 列：没有变量“customer.nickname”' }),
      expect.objectContaining({ field: 'text', code: 'template_syntax', params: { line: 1, near: '{{#if customer.name}}没有结束' } }),
    ]);
    const en = await call(app, 'POST', '/api/message-templates', { token: channelA, body, headers: { 'accept-language': 'en' } });
    expect(en.body.details[0].problem).toBe('line 1, column 6: there is no variable "customer.nickname"');

    const unescaped = await call(app, 'POST', '/api/message-templates', { token: channelA, body: { ...EMAIL, key: 'email-raw', html: '{{{customer.name}}}' } });
    expect(unescaped.body.details).toEqual([expect.objectContaining({ field: 'html', code: 'template_unescaped' })]);
    const wrongPart = await call(app, 'POST', '/api/message-templates', { token: channelA, body: { key: 'call-x', channel: 'phone', name: '外呼', subject: 'x' } });
    expect(wrongPart.body.details).toEqual([
      expect.objectContaining({ field: 'subject', code: 'template_part_not_for_channel' }),
      expect.objectContaining({ field: 'body', code: 'required' }),
    ]);
    const badKey = await call(app, 'POST', '/api/message-templates', { token: channelA, body: { ...EMAIL, key: 'Bad Key' } });
    expect(badKey.body.details).toEqual([expect.objectContaining({ field: 'key', code: 'template_key_format' })]);
    expect((await call(app, 'POST', '/api/message-templates', { token: channelA, body: EMAIL })).body).toMatchObject({ code: 'template_key_taken' });
  });

  it('raises the version at every save, and answers 409 to a save over a version someone else saved since', async () => {
    const saved = await call(app, 'PATCH', `/api/message-templates/${templateId}`, { token: channelA, body: { version: 1, subject: '新版 {{customer.name}}', objective: 'retention' } });
    expect(saved).toMatchObject({ status: 200, body: { version: 2, subject: '新版 {{customer.name}}', html: EMAIL.html, objective: 'retention', name: EMAIL.name } });
    const stale = await call(app, 'PATCH', `/api/message-templates/${templateId}`, { token: channelA, body: { version: 1, subject: '旧' } });
    expect(stale).toMatchObject({ status: 409, body: { code: 'template_version_conflict', params: { version: 2 } } });
    const cleared = await call(app, 'PATCH', `/api/message-templates/${templateId}`, { token: channelA, body: { version: 2, objective: null } });
    expect(cleared).toMatchObject({ status: 200, body: { version: 3, objective: null, subject: '新版 {{customer.name}}' } });
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM message_template_versions WHERE template_id = $1`, [templateId]);
    expect(count).toBe(3);
  });

  it('previews unsaved parts on a customer of the scope, or a sample one, and tells the problems instead of rendering', async () => {
    const parts = { channel: 'email', subject: EMAIL.subject, html: EMAIL.html, text: EMAIL.text };
    const preview = await call(app, 'POST', '/api/message-templates/preview', { token: channelA, body: { ...parts, customerId: customerA } });
    expect(preview).toMatchObject({ status: 200, body: { problems: [], customer: { id: customerA, name: '张伟' } } });
    expect(preview.body.subject).toBe('张伟先生，南京分公司为您推荐车险+家财 安居组合');
    expect(preview.body.html).toContain('江苏省南京市鼓楼区中山北路 8 号');
    expect(preview.body.html).toContain('href="https://www.example.com/home"');
    expect((await call(app, 'POST', '/api/message-templates/preview', { token: channelA, body: parts })).body.customer).toEqual({ id: customerA, name: '张伟' });
    const broken = await call(app, 'POST', '/api/message-templates/preview', { token: channelA, body: { ...parts, html: '{{customer.age}}' }, headers: { 'accept-language': 'en' } });
    expect(broken).toMatchObject({ status: 200, body: { html: '', problems: [{ field: 'html', code: 'template_unknown_variable', problem: 'line 1, column 3: there is no variable "customer.age"' }] } });
  });

  it('mails a test to the signed-in user, marked as a test, through the real SMTP server', async () => {
    const sent = await call(app, 'POST', '/api/message-templates/test-send', {
      token: channelA,
      body: { channel: 'email', subject: EMAIL.subject, html: EMAIL.html, text: EMAIL.text, customerId: customerA },
    });
    expect(sent).toMatchObject({ status: 200, body: { to: 'ch.nanjing@example.com' } });
    const mail = await eventually(async () => sink.received.find((received) => received.to.includes('ch.nanjing@example.com')));
    expect(mail.parsed.subject).toBe('[测试] 张伟先生，南京分公司为您推荐车险+家财 安居组合');
    expect(mail.parsed.html).toContain('尊敬的张伟先生');
    expect(mail.parsed.text).toContain('了解详情：https://www.example.com/home');
    expect(mail.parsed.text).toContain('电话：025-83000000');
    // Without an address of one's own there is nobody to send it to.
    const noEmail = await call(app, 'POST', '/api/message-templates/test-send', { token: channelB, body: { channel: 'email', subject: 'x', html: 'x', text: 'x' } });
    expect(noEmail).toMatchObject({ status: 409, body: { code: 'template_test_no_email' } });
  });

  it('refuses at submit a campaign step whose template does not exist for its channel, naming the step', async () => {
    const created = await call(app, 'POST', '/api/campaigns', {
      token: planner,
      body: {
        name: '南京家财险推荐',
        objective: 'cross_sell',
        steps: [
          { channel: 'email', templateRef: 'no-such-template', dailyCapacity: 100 },
          { channel: 'phone', templateRef: EMAIL.key, dailyCapacity: 100 },
          { channel: 'email', templateRef: EMAIL.key, dailyCapacity: 100 },
          { channel: 'phone', templateRef: 'retention', dailyCapacity: 100 },
        ],
      },
    });
    expect(created.status).toBe(201);
    const refused = await call(app, 'POST', `/api/campaigns/${created.body.id}/moves/submit`, { token: planner, body: {}, headers: { 'accept-language': 'en' } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'campaign_plan_incomplete' } });
    const templateProblems = refused.body.details.filter((problem: { code: string }) => problem.code === 'template_ref_unknown');
    expect(templateProblems).toEqual([
      expect.objectContaining({ field: 'steps[0].templateRef', params: { ref: 'no-such-template', channel: { zh: '邮件', en: 'email' } }, problem: 'there is no email template named "no-such-template"' }),
      expect.objectContaining({ field: 'steps[1].templateRef', params: { ref: EMAIL.key, channel: { zh: '电话', en: 'phone' } } }),
    ]);
  });
});
