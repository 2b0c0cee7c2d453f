import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AuthUser, Role } from '@lib/auth';
import { ConflictError, ValidationError } from '@lib/common';
import { createCampaign } from '../../test/support/budget-fixtures';
import { createCustomer, createFixtureOrg, createProducts, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';
import type { MessageLinks } from './compiled-message';
import { DEMO_TEMPLATES, seedDemoTemplates } from './demo-templates';
import { MessageTemplateService } from './message-template.service';
import { MessageTemplates } from './message-templates';
import { templateProblems } from './template-check';

const tracking: MessageLinks = {
  pixelUrl: 'https://t.example.com/o/TOKEN.gif',
  unsubscribeUrl: 'https://t.example.com/u/TOKEN',
  clickUrl: (index, url) => `https://t.example.com/c/TOKEN/${index}?was=${encodeURIComponent(url)}`,
};

const EMAIL = {
  key: 'email-home-offer',
  channel: 'email' as const,
  name: '家财险推荐',
  subject: '{{customer.name}}{{customer.title}}，为您推荐{{bundle.name}}',
  html: '<p>{{customer.name}}：{{bundle.shortText}}</p>{{#each bundle.talkingPoints}}<li>{{this}}</li>{{/each}}<a href="https://www.example.com/home?a=1&amp;b=2">详情</a><a href="https://www.example.com/home?a=1&amp;b=2">again</a><a href="https://www.example.com/faq">FAQ</a>',
  text: '{{customer.name}}：{{bundle.price}} 截至 {{date campaign.endDate}}\n详情 https://www.example.com/home?a=1&amp;b=2\n规则 https://www.example.com/rules',
};

describe(MessageTemplates.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let templates: MessageTemplates;
  let service: MessageTemplateService;
  let manager: AuthUser;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    templates = app.get(MessageTemplates);
    service = app.get(MessageTemplateService);
    const id = await createUser(db, 'ch.city', org.cityA, ['channel_manager']);
    manager = { id, username: 'ch.city', displayName: 'ch.city', roles: [Role.ChannelManager], orgUnitId: org.cityA, orgUnitName: '南京分公司', orgUnitNameEn: null, orgLevel: 3, scope: await scopeOf(db, org.cityA) };
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuses an unknown variable, a helper that does not exist, {{{ }}} and a list printed, with the part, line and column', () => {
    const problems = templateProblems('你好 {{customer.name}}\n{{customer.age}} {{shout customer.name}} {{{customer.name}}} {{bundle.talkingPoints}}', 'html', 'email');
    expect(problems).toEqual([
      { field: 'html', code: 'template_unknown_variable', params: { variable: 'customer.age', line: 2, column: 3 } },
      { field: 'html', code: 'template_unknown_helper', params: { helper: 'shout', line: 2, column: 20 } },
      { field: 'html', code: 'template_unescaped', params: { line: 2, column: 42 } },
      { field: 'html', code: 'template_not_printable', params: { variable: 'bundle.talkingPoints', line: 2, column: 64 } },
    ]);
  });

  it('refuses what does not compile, naming the line', () => {
    expect(templateProblems('第一行\n{{#if customer.name}} 没有结束', 'text', 'email')).toEqual([
      { field: 'text', code: 'template_syntax', params: { line: 2, near: '{{#if customer.name}} 没有结束' } },
    ]);
    expect(templateProblems('{{customer.name}', 'subject', 'email')[0]).toMatchObject({ code: 'template_syntax', params: { line: 1 } });
  });

  it('knows the variables inside #each and #with, and which ones a channel has', () => {
    expect(templateProblems('{{#each bundle.objections}}{{objection}}：{{answer}} {{@index}} {{../customer.name}}{{/each}}{{#with branch}}{{phone}}{{/with}}', 'body', 'phone')).toEqual([]);
    expect(templateProblems('{{#each bundle.objections}}{{price}}{{/each}}', 'body', 'phone')[0]).toMatchObject({ code: 'template_unknown_variable', params: { variable: 'price' } });
    expect(templateProblems('{{unsubscribeUrl}}', 'body', 'phone')[0]).toMatchObject({ code: 'template_unknown_variable' });
    expect(templateProblems('<a href="{{unsubscribeUrl}}">退订</a>', 'html', 'email')).toEqual([]);
    expect(templateProblems('<a href="https://x.example.com/?n={{customer.name}}">x</a>', 'html', 'email')[0]).toMatchObject({ code: 'template_link_not_static' });
  });

  it('compiles every file template at start-up, and the objective templates render an email with the layout', async () => {
    const files = templates.fileTemplates();
    for (const channel of ['email', 'phone', 'web', 'agent_visit'] as const) {
      expect(files.filter((file) => file.channel === channel).map((file) => file.ref).sort()).toEqual(['cross_sell', 'referral', 'retention', 'win_back']);
    }
    const compiled = await templates.compiled('cross_sell', 'email');
    expect(compiled.version).toBe(0);
    const message = compiled.render(context(), tracking);
    expect(message.subject).toBe('张三先生，为您推荐：车险+家财 安居组合');
    expect(message.html).toContain('<img src="https://t.example.com/o/TOKEN.gif"');
    expect(message.html).toContain('<a href="https://t.example.com/u/TOKEN"');
    expect(message.html).toContain('江苏省南京市玄武区中山路 1 号');
    expect(message.html).toContain('2026年12月31日');
    expect(message.text).toContain('退订：https://t.example.com/u/TOKEN');
    await expect(templates.compiled('no-such-template', 'email')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('escapes what it prints in the HTML, and leaves the text part and subject as written', () => {
    const compiled = templates.compileParts('t', 'email', 1, EMAIL);
    const message = compiled.render(context({ name: '<b>李"四"</b>' }), tracking);
    expect(message.html).toContain('&lt;b&gt;李&quot;四&quot;&lt;/b&gt;');
    expect(message.html).not.toContain('<b>李');
    expect(message.text).toContain('<b>李"四"</b>：¥3,570.00 截至 2026年12月31日');
    expect(message.subject).toBe('<b>李"四"</b>先生，为您推荐车险+家财 安居组合');
  });

  it('lists each link once in order and rewrites every place it appears, in the HTML and the text', () => {
    const compiled = templates.compileParts('t', 'email', 1, EMAIL);
    expect(compiled.links).toEqual(['https://www.example.com/home?a=1&amp;b=2', 'https://www.example.com/faq', 'https://www.example.com/rules']);
    const message = compiled.render(context(), tracking);
    const clicks = [...message.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
    expect(clicks.filter((href) => href.startsWith('https://t.example.com/c/'))).toHaveLength(3);
    expect(message.html).not.toContain('href="https://www.example.com');
    expect(message.text).toContain('详情 https://t.example.com/c/TOKEN/0?was=');
    expect(message.text).toContain('规则 https://t.example.com/c/TOKEN/2?was=https%3A%2F%2Fwww.example.com%2Frules');
  });

  it('builds every contact\'s context in one query: customer, the approved revision\'s bundle, campaign, and the nearest branch with an address', async () => {
    await db.query(`UPDATE org_units SET address = '江苏省南京市鼓楼区中山北路 8 号', phone = '025-83000000' WHERE id = $1`, [org.cityA]);
    const [bundle] = await db.query(
      `INSERT INTO bundles (code, name, product_codes, price, discount_pct, eligibility_rule, valid_from, valid_to, talking_points, objections, short_text, owner_org_unit_id, created_by)
       VALUES ('MOTOR_HOME', '车险+家财 安居组合', '{SYX,JCX}', 4200, 15, '{"type":"group","op":"all","children":[]}', '2026-01-01', '2030-12-31',
               '{一份保单保车又保家}', '[{"objection":"太贵","answer":"一天不到一块钱"}]', '车险客户加保家财险立减 15%', $1, $2) RETURNING id`,
      [org.province, manager.id],
    );
    const campaign = await createCampaign(db, { ownerId: manager.id, owningUnitId: org.province, branchIds: [org.countyA1], budgetFen: 100_000, endDate: '2026-12-31', status: 'approved' });
    await db.query(`UPDATE campaign_revisions SET bundle_id = $2 WHERE id = $1`, [campaign.revisionId, bundle.id]);
    await db.query(`UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1`, [campaign.campaignId, campaign.revisionId]);
    const customers = [
      await createCustomer(db, org.countyA1, { name: '张三', gender: 'M', customer_no: 'C00012345' }),
      await createCustomer(db, org.countyA1, { name: '李梅', gender: 'F', customer_no: 'C00012346' }),
    ];
    const contacts: number[] = [];
    for (const customerId of customers) {
      const [row] = await db.query(
        `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status) VALUES ($1, $2, $3, 'email', $4, now(), 'planned') RETURNING id`,
        [customerId, campaign.campaignId, campaign.stepIds[0], org.countyA1],
      );
      contacts.push(Number(row.id));
    }

    const queries: string[] = [];
    const contexts = await db.transaction(async (tx) => {
      const query = tx.query.bind(tx);
      tx.query = ((sql: string, params?: unknown[]) => {
        queries.push(sql);
        return query(sql, params);
      }) as typeof tx.query;
      return templates.contextsForContacts(tx, [...contacts, 999_999]);
    });
    expect(queries).toHaveLength(1);
    expect([...contexts.keys()].sort()).toEqual(contacts);
    expect(contexts.get(contacts[1])).toEqual({
      customer: { name: '李梅', title: '女士', customerNo: 'C0*****46' },
      bundle: { name: '车险+家财 安居组合', shortText: '车险客户加保家财险立减 15%', price: '¥3,570.00', talkingPoints: ['一份保单保车又保家'], objections: [{ objection: '太贵', answer: '一天不到一块钱' }] },
      campaign: { name: `车险客户家财交叉销售 ${campaign.campaignId}`, endDate: '2026-12-31' },
      // The county has no address of its own: the city's office is the one named.
      branch: { name: '南京分公司', address: '江苏省南京市鼓楼区中山北路 8 号', phone: '025-83000000' },
    });
  });

  it('keeps every saved version, renders the current one, and answers an earlier one when asked', async () => {
    const created = await service.create(manager, EMAIL);
    expect(created.version).toBe(1);
    const first = await templates.compiled(EMAIL.key, 'email');
    expect(first.version).toBe(1);
    const saved = await service.update(manager, created.id, { version: 1, subject: '新版：{{customer.name}}' });
    expect(saved.version).toBe(2);
    const second = await templates.compiled(EMAIL.key, 'email');
    expect(second.version).toBe(2);
    expect(second.render(context(), tracking).subject).toBe('新版：张三');
    expect((await templates.compiled(EMAIL.key, 'email', 1)).render(context(), tracking).subject).toBe('张三先生，为您推荐车险+家财 安居组合');
    const versions = await db.query(`SELECT version, subject FROM message_template_versions WHERE template_id = $1 ORDER BY version`, [created.id]);
    expect(versions).toEqual([
      { version: 1, subject: EMAIL.subject },
      { version: 2, subject: '新版：{{customer.name}}' },
    ]);
    // Saving over a version someone else saved since is refused, and so is a template that does not check.
    await expect(service.update(manager, created.id, { version: 1, subject: '旧版' })).rejects.toBeInstanceOf(ConflictError);
    await expect(service.update(manager, created.id, { version: 2, html: '{{customer.nickname}}' })).rejects.toMatchObject({
      details: [{ field: 'html', code: 'template_unknown_variable', params: { variable: 'customer.nickname', line: 1, column: 3 } }],
    });
    await expect(service.create(manager, { ...EMAIL, key: 'cross_sell' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('seeds a database template for every ref the demo campaigns name, each passing the check', async () => {
    expect(await seedDemoTemplates(db, org.province, manager.id)).toBe(DEMO_TEMPLATES.length);
    expect(await seedDemoTemplates(db, org.province, manager.id)).toBe(0);
    const refs = [
      ['email', 'email-accident-addon email-claims-care email-driver-accident email-family-health email-home-visit email-motor-home email-nanjing-home email-referral email-renewal email-renewal-winter email-win-back'],
      ['phone', 'call-accident-addon call-motor-home call-renewal call-renewal-winter call-win-back'],
      ['web', 'web-driver-accident web-family-health web-referral'],
      ['agent_visit', 'visit-home-check'],
    ] as const;
    for (const [channel, names] of refs) {
      for (const ref of names.split(' ')) {
        const compiled = await templates.compiled(ref, channel);
        expect(compiled.version).toBe(1);
        const message = compiled.render(context(), tracking);
        expect(channel === 'email' ? message.subject : message.text).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    for (const demo of DEMO_TEMPLATES) {
      const parts = demo.channel === 'email' ? { subject: demo.subject, html: demo.html, text: demo.text } : { body: demo.body };
      expect(Object.entries(parts).flatMap(([part, source]) => templateProblems(source ?? '', part, demo.channel))).toEqual([]);
    }
  });
});

function context(customer: Partial<{ name: string }> = {}) {
  return {
    customer: { name: '张三', title: '先生', customerNo: 'C0****45', ...customer },
    bundle: { name: '车险+家财 安居组合', shortText: '车险客户加保家财险立减 15%', price: '¥3,570.00', talkingPoints: ['一份保单保车又保家', '理赔快'], objections: [] },
    campaign: { name: '春季家财险交叉销售', endDate: '2026-12-31' },
    branch: { name: '玄武支公司', address: '江苏省南京市玄武区中山路 1 号', phone: '025-84000000' },
  };
}
