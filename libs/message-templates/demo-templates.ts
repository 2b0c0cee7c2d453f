import type { DataSource } from 'typeorm';
import type { TemplateObjective } from './message-template.view';
import type { TemplateChannel } from './template-channel';

/** A demo template as the seed inserts it: an email's parts, or another channel's body. */
export interface DemoTemplate {
  key: string;
  channel: TemplateChannel;
  name: string;
  objective: TemplateObjective;
  subject?: string;
  html?: string;
  text?: string;
  body?: string;
}

interface DemoEmail {
  key: string;
  name: string;
  objective: TemplateObjective;
  subject: string;
  /** Paragraphs, written once for both parts; `**…**` is bold in the HTML. */
  paragraphs: string[];
  /** Whether the bundle's talking points are listed after the first paragraphs. */
  points?: boolean;
  action: { label: string; url: string };
}

const P = 'margin:0 0 16px;';
const BUTTON = 'display:inline-block;padding:10px 24px;background-color:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px;';

/** One paragraph list gives both parts, so the HTML and the text of a demo mail never say different things. */
function email(demo: DemoEmail): DemoTemplate {
  const greeting = '尊敬的{{customer.name}}{{customer.title}}：';
  const bold = (paragraph: string, html: boolean) => paragraph.replace(/\*\*(.+?)\*\*/g, html ? '<strong>$1</strong>' : '“$1”');
  const points = demo.points
    ? {
        html: `<ul style="${P}padding-left:20px;">\n{{#each bundle.talkingPoints}}\n  <li>{{this}}</li>\n{{/each}}\n</ul>`,
        text: '{{#each bundle.talkingPoints}}\n- {{this}}\n{{/each}}',
      }
    : undefined;
  const [first, ...rest] = demo.paragraphs;
  const html = [
    `<p style="${P}">${greeting}</p>`,
    `<p style="${P}">${bold(first, true)}</p>`,
    ...(points ? [points.html] : []),
    ...rest.map((paragraph) => `<p style="${P}">${bold(paragraph, true)}</p>`),
    `<p style="margin:0 0 24px;"><a href="${demo.action.url}" style="${BUTTON}">${demo.action.label}</a></p>`,
    `<p style="margin:0;">咨询电话：{{branch.phone}}（{{branch.name}}）</p>`,
  ].join('\n');
  const text = [
    greeting,
    '',
    bold(first, false),
    ...(points ? [points.text] : []),
    ...rest.map((paragraph) => bold(paragraph, false)),
    '',
    `${demo.action.label}：${demo.action.url}`,
    '',
    '咨询电话：{{branch.phone}}（{{branch.name}}）',
  ].join('\n');
  return { key: demo.key, channel: 'email', name: demo.name, objective: demo.objective, subject: demo.subject, html, text };
}

const OBJECTIONS = '客户顾虑与回答：\n{{#each bundle.objections}}\n- 客户说：“{{objection}}” 回答：{{answer}}\n{{/each}}';
const POINTS = '要点：\n{{#each bundle.talkingPoints}}\n- {{this}}\n{{/each}}';

function call(key: string, name: string, objective: TemplateObjective, lines: string[]): DemoTemplate {
  const body = [
    '开场：您好，请问是{{customer.name}}{{customer.title}}吗？我是{{branch.name}}的客户经理，耽误您两分钟。',
    ...lines,
    POINTS,
    OBJECTIONS,
    '结束：感谢您的时间！如需办理或咨询，请拨打 {{branch.phone}}，或到{{branch.address}}。',
  ].join('\n');
  return { key, channel: 'phone', name, objective, body };
}

function web(key: string, name: string, objective: TemplateObjective, title: string, text: string, url: string): DemoTemplate {
  const body = `<section class="offer">\n  <h3>${title}</h3>\n  <p>${text}</p>\n  <p>价格 {{bundle.price}} 起，{{date campaign.endDate}} 前有效。</p>\n  <a href="${url}">立即查看</a>\n</section>`;
  return { key, channel: 'web', name, objective, body };
}

/** The templates the demo campaigns name (libs/campaigns/demo-campaigns.ts), owned by the province branch. */
export const DEMO_TEMPLATES: readonly DemoTemplate[] = [
  email({
    key: 'email-motor-home', name: '车险客户家财险推荐邮件', objective: 'cross_sell',
    subject: '{{customer.name}}{{customer.title}}，爱车有保障，家也要有：{{bundle.name}}',
    paragraphs: ['感谢您选择我们的车险。您的爱车已有保障，家里的房屋和财物呢？我们为车险客户准备了**{{bundle.name}}**：{{bundle.shortText}}', '组合价格 {{bundle.price}} 起，活动截至 {{date campaign.endDate}}。'],
    points: true, action: { label: '了解安居组合', url: 'https://www.example.com/offers/motor-home' },
  }),
  email({
    key: 'email-driver-accident', name: '车主意外险推荐邮件（五一出行）', objective: 'cross_sell',
    subject: '五一自驾出行前，给自己加一份{{bundle.name}}',
    paragraphs: ['假期自驾出行，车险保车，谁来保人？**{{bundle.name}}**：{{bundle.shortText}}', '{{date campaign.endDate}} 前投保，价格 {{bundle.price}} 起。祝您旅途平安！'],
    points: true, action: { label: '查看车主意外保障', url: 'https://www.example.com/offers/driver-accident' },
  }),
  email({
    key: 'email-accident-addon', name: '车险客户意外险加保邮件', objective: 'cross_sell',
    subject: '{{customer.name}}{{customer.title}}，车险之外，别忘了人身意外保障',
    paragraphs: ['交强险和商业车险主要保车和第三者，驾乘人员自身的意外伤害保障往往不足。**{{bundle.name}}**：{{bundle.shortText}}', '现在加保，价格 {{bundle.price}} 起，活动截至 {{date campaign.endDate}}。'],
    points: true, action: { label: '一键加保', url: 'https://www.example.com/offers/accident-addon' },
  }),
  email({
    key: 'email-renewal', name: '车险续保提醒邮件（夏季）', objective: 'retention',
    subject: '{{customer.name}}{{customer.title}}，您的车险即将到期，请及时续保',
    paragraphs: ['您的车险即将到期。脱保期间出险无法获得理赔，还会影响来年的保费优惠，请在到期前办理续保。', '活动期间续保可领取**{{bundle.name}}**：{{bundle.shortText}}，活动截至 {{date campaign.endDate}}。'],
    action: { label: '在线续保', url: 'https://www.example.com/renewal' },
  }),
  email({
    key: 'email-renewal-winter', name: '车险续保关怀邮件（冬季）', objective: 'retention',
    subject: '天冷路滑，{{customer.name}}{{customer.title}}的车险续保别耽误',
    paragraphs: ['冬季雨雪天气多，行车风险更高。您的车险即将到期，请在到期前完成续保，让保障不断档。', '{{date campaign.endDate}} 前续保可领取**{{bundle.name}}**：{{bundle.shortText}}'],
    points: true, action: { label: '在线续保', url: 'https://www.example.com/renewal' },
  }),
  email({
    key: 'email-home-visit', name: '家财险上门服务预约邮件', objective: 'cross_sell',
    subject: '{{branch.name}}为您提供免费家庭风险检查',
    paragraphs: ['为帮助车险客户了解家庭财产风险，{{branch.name}}近期安排客户经理上门，免费检查水电燃气等隐患，并介绍**{{bundle.name}}**：{{bundle.shortText}}', '上门服务截至 {{date campaign.endDate}}，客户经理会提前电话与您预约时间。'],
    action: { label: '预约上门时间', url: 'https://www.example.com/appointments/home-check' },
  }),
  email({
    key: 'email-family-health', name: '家庭健康保障推荐邮件', objective: 'cross_sell',
    subject: '年末为家人添一份保障：{{bundle.name}}',
    paragraphs: ['一年将尽，家人的健康最重要。**{{bundle.name}}**：{{bundle.shortText}}', '全家投保价格 {{bundle.price}} 起，{{date campaign.endDate}} 前有效。'],
    points: true, action: { label: '查看全家健康保障', url: 'https://www.example.com/offers/family-health' },
  }),
  email({
    key: 'email-win-back', name: '老客户赢回邮件', objective: 'win_back',
    subject: '{{customer.name}}{{customer.title}}，好久不见，欢迎回来',
    paragraphs: ['好久没有为您服务了。这段时间我们改进了理赔服务：小额案件线上提交、最快当天到账。', '老客户回归可选**{{bundle.name}}**：{{bundle.shortText}}，{{date campaign.endDate}} 前有效。'],
    action: { label: '查看回归礼遇', url: 'https://www.example.com/welcome-back' },
  }),
  email({
    key: 'email-referral', name: '金牌客户转介绍邀请邮件', objective: 'referral',
    subject: '{{customer.name}}{{customer.title}}，邀请亲友投保，双方都有礼',
    paragraphs: ['感谢您多年的信任。即日起至 {{date campaign.endDate}}，推荐亲友到{{branch.name}}投保，亲友可享**{{bundle.name}}**优惠，您也将获得一份感谢礼。'],
    action: { label: '立即推荐', url: 'https://www.example.com/referral' },
  }),
  email({
    key: 'email-claims-care', name: '理赔客户关怀邮件', objective: 'retention',
    subject: '{{customer.name}}{{customer.title}}，理赔之后，我们一直都在',
    paragraphs: ['感谢您在理赔过程中的理解与配合。如对理赔服务有任何意见，欢迎随时告诉我们。', '为感谢您的信任，续保时可享**{{bundle.name}}**：{{bundle.shortText}}'],
    action: { label: '评价理赔服务', url: 'https://www.example.com/claims/feedback' },
  }),
  email({
    key: 'email-nanjing-home', name: '南京家财险新春活动邮件', objective: 'cross_sell',
    subject: '新春安居，{{branch.name}}送您一份家庭保障',
    paragraphs: ['新春将至，{{branch.name}}为南京的车险客户准备了**{{bundle.name}}**：{{bundle.shortText}}', '活动价格 {{bundle.price}} 起，截至 {{date campaign.endDate}}。祝您新春安康！'],
    points: true, action: { label: '了解新春活动', url: 'https://www.example.com/offers/nanjing-spring' },
  }),
  call('call-motor-home', '车险客户家财险外呼话术', 'cross_sell', ['推荐：{{bundle.name}}——{{bundle.shortText}}，组合价格 {{bundle.price}} 起，活动截至 {{date campaign.endDate}}。']),
  call('call-accident-addon', '车险客户意外险加保外呼话术', 'cross_sell', ['说明：车险主要保车和第三者，驾乘人员自身的意外保障往往不足。', '推荐：{{bundle.name}}——{{bundle.shortText}}，价格 {{bundle.price}} 起。']),
  call('call-renewal', '车险续保外呼话术（夏季）', 'retention', ['提醒：您的车险即将到期，到期前续保可避免脱保期间出险无法理赔。', '礼遇：活动期间续保可领取{{bundle.name}}（{{bundle.shortText}}）。']),
  call('call-renewal-winter', '车险续保外呼话术（冬季）', 'retention', ['提醒：冬季雨雪天气多，您的车险即将到期，请及时续保。', '礼遇：{{date campaign.endDate}} 前续保可领取{{bundle.name}}（{{bundle.shortText}}）。']),
  call('call-win-back', '老客户赢回外呼话术', 'win_back', ['了解：请问您现在的保障在哪里办理？对我们之前的服务有什么意见？（请记录原因）', '推荐：老客户回归可选{{bundle.name}}——{{bundle.shortText}}，{{date campaign.endDate}} 前有效。']),
  web('web-driver-accident', '车主意外保障网站推荐位', 'cross_sell', '自驾出行，给自己加一份保障', '{{bundle.name}}：{{bundle.shortText}}', 'https://www.example.com/offers/driver-accident'),
  web('web-family-health', '全家健康网站推荐位', 'cross_sell', '{{customer.name}}{{customer.title}}，为家人添一份健康保障', '{{bundle.name}}：{{bundle.shortText}}', 'https://www.example.com/offers/family-health'),
  web('web-referral', '转介绍有礼网站推荐位', 'referral', '邀请亲友投保，双方都有礼', '推荐亲友投保，亲友可享{{bundle.name}}优惠，您也将获得一份感谢礼。', 'https://www.example.com/referral'),
  {
    key: 'visit-home-check', channel: 'agent_visit', name: '家庭风险检查上门拜访提纲', objective: 'cross_sell',
    body: [
      '拜访对象：{{customer.name}}{{customer.title}}（客户号 {{customer.customerNo}}）',
      '准备：提前一天电话预约，携带工牌和家庭风险检查表。',
      '检查：水管和电线老化、燃气阀门、防盗门窗，逐项记录并提醒客户。',
      '推荐：{{bundle.name}}——{{bundle.shortText}}，价格 {{bundle.price}} 起，活动截至 {{date campaign.endDate}}。',
      POINTS,
      OBJECTIONS,
      '结束：拜访后请在系统中记录检查结果和客户意向。所属机构：{{branch.name}}，{{branch.phone}}。',
    ].join('\n'),
  },
];

/**
 * Inserts the demo templates for the seed script, owned by `ownerOrgUnitId`, each at
 * version 1 with that version kept. Keys that exist are left alone, so seeding twice
 * changes nothing. Returns how many were inserted.
 */
export async function seedDemoTemplates(dataSource: DataSource, ownerOrgUnitId: number, createdBy: number): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const inserted: { id: number }[] = await manager.query(
      `INSERT INTO message_templates (key, channel, name, objective, subject, html, text, body, owner_org_unit_id, created_by, updated_by)
       SELECT r.key, r.channel, r.name, r.objective, r.subject, r.html, r.text, r.body, $2, $3, $3
         FROM jsonb_to_recordset($1::jsonb) AS r(key text, channel text, name text, objective text, subject text, html text, text text, body text)
       ON CONFLICT (key) DO NOTHING
       RETURNING id`,
      [JSON.stringify(DEMO_TEMPLATES.map((t) => ({ subject: null, html: null, text: null, body: null, ...t }))), ownerOrgUnitId, createdBy],
    );
    await manager.query(
      `INSERT INTO message_template_versions (template_id, version, subject, html, text, body, saved_by)
       SELECT id, version, subject, html, text, body, created_by FROM message_templates WHERE id = ANY($1::int[])`,
      [inserted.map((row) => row.id)],
    );
    return inserted.length;
  });
}
