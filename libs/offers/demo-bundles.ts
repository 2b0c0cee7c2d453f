import { DataSource } from 'typeorm';
import { validateRule } from '@lib/segments';
import type { CreateBundleBody } from './bundle.dto';

/**
 * The cross-sells a P&C branch sells first (BRIEF.md: motor holders without home or
 * accident cover, motor renewals), for the demo seed (`seedDemoBundles`) and tests.
 */
export const DEMO_BUNDLES: readonly CreateBundleBody[] = [
  {
    code: 'MOTOR_HOME',
    name: '车险+家财 安居组合',
    description: '商业车险客户加保家庭财产保险，车和家一份方案保全。',
    productCodes: ['SYX', 'JCX'],
    price: 4600,
    discountPct: 12,
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
    active: true,
    eligibilityRule: {
      type: 'group',
      op: 'all',
      children: [
        { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
        { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'home' },
      ],
    },
    guidance: {
      talkingPoints: [
        '您的爱车已经有商业车险保障，家里的房屋和财产目前还没有保障。',
        '家财险保火灾、爆炸、管道破裂和水渍、盗抢，一年只需几百元。',
        '车险和家财一起办理，组合价再优惠 12%，续保时一并提醒，不会漏保。',
        '出险后同一个理赔专员对接，车和家的理赔一次说清。',
      ],
      objections: [
        {
          objection: '我家房子是新的，不会出什么事。',
          answer: '新房最常见的是楼上漏水、管道爆裂泡坏装修和家电，这类损失往往上万元，家财险正好覆盖，还包括对邻居的水渍责任。',
        },
        {
          objection: '已经有房贷送的保险了。',
          answer: '房贷捆绑的保险通常只保房屋主体、受益人是银行；家财险保的是您家的装修、家具、家电和随身财产，赔款给您本人。',
        },
        {
          objection: '最近手头紧，以后再说。',
          answer: '组合优惠后家财部分每月不到 40 元，可以和车险一起分期缴费；优惠只在本期活动内有效。',
        },
      ],
      shortText: '车险客户专享：加一份家财险，车和家一起保障，组合价立减 12%。',
    },
  },
  {
    code: 'DRIVER_ACCIDENT',
    name: '车主意外保障',
    description: '有车客户加保个人意外险，覆盖驾乘以外的日常意外。',
    productCodes: ['SYX', 'YWX'],
    price: 3900,
    discountPct: 8,
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
    active: true,
    eligibilityRule: {
      type: 'group',
      op: 'all',
      children: [
        {
          type: 'group',
          op: 'any',
          children: [
            { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_compulsory' },
            { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
          ],
        },
        { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'accident' },
        { type: 'condition', field: 'age', operator: 'between', value: [25, 60] },
      ],
    },
    guidance: {
      talkingPoints: [
        '车险保的是车和第三者，车上人员险保额有限，下车以后的意外车险不管。',
        '个人意外险 24 小时保障，涵盖意外身故、伤残和意外医疗，门诊住院都能报。',
        '25–60 岁正是家庭支柱，一份意外险给家人多一份安心。',
      ],
      objections: [
        {
          objection: '我开车很小心，用不上。',
          answer: '意外险不只保开车：走路摔伤、运动扭伤、出差途中的意外都在保障内，统计上非驾驶场景的意外占多数。',
        },
        {
          objection: '单位已经有团体意外险。',
          answer: '团险一般保额较低、离职即失效；个人意外险跟着您走，保额可以按家庭需要定，和团险可以叠加赔付。',
        },
      ],
      shortText: '有车一族专属：一份个人意外险，开车、出行、日常意外全天候保障。',
    },
  },
  {
    code: 'RENEWAL_GIFT',
    name: '续保礼包',
    description: '商业车险 60 天内到期的客户，交强险和商业车险一起续保，加赠驾乘意外保障。',
    productCodes: ['JQX', 'SYX', 'YWX'],
    price: 5200,
    discountPct: 10,
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
    active: true,
    eligibilityRule: {
      type: 'group',
      op: 'all',
      children: [{ type: 'condition', field: 'policy_expiring', operator: 'within_days', value: 60, params: { line: 'motor_commercial' } }],
    },
    guidance: {
      talkingPoints: [
        '您的商业车险即将到期，提前续保可以保证保障不断档。',
        '本年度无出险的客户续保可享无赔款优待系数，保费会更低。',
        '现在交强险和商业车险一起续保，加赠一年驾乘意外保障，组合再优惠 10%。',
      ],
      objections: [
        {
          objection: '别家报价更便宜。',
          answer: '请对比一下保障范围和三者险保额；我们的理赔网点覆盖全省地市，小额案件线上快赔，续保还附赠驾乘意外。',
        },
        {
          objection: '还没到期，到时候再说。',
          answer: '可以现在锁定优惠，保单从原保单到期次日零时起保，不会多交一天保费。',
        },
      ],
      shortText: '车险即将到期：提前续保锁定优惠，加赠一年驾乘意外保障。',
    },
  },
  {
    code: 'FAMILY_HEALTH',
    name: '全家健康',
    description: '家财险客户加保短期健康险和意外险，保家也保人。',
    productCodes: ['JKX', 'YWX'],
    price: 1800,
    discountPct: 10,
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
    active: true,
    eligibilityRule: {
      type: 'group',
      op: 'all',
      children: [
        { type: 'condition', field: 'holds_line', operator: 'has', value: 'home' },
        { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'health' },
      ],
    },
    guidance: {
      talkingPoints: [
        '您已经给房子和家财上了保险，家里人的健康保障也值得补上。',
        '短期健康险报销住院医疗费用，社保报销后的自付部分也能赔。',
        '一家人一起投保，组合价优惠 10%，一张保单管全家。',
      ],
      objections: [
        {
          objection: '有医保就够了。',
          answer: '医保有起付线、封顶线和目录外自费药，一次大病自付往往几万元；健康险正好补上这部分。',
        },
        {
          objection: '家里老人年纪大，买不了。',
          answer: '本方案对 65 岁以下家庭成员都可投保，老人可以另配防癌险，我可以把方案一起发给您。',
        },
      ],
      shortText: '保家更要保人：全家健康组合，住院医疗和意外一起保障，组合价优惠 10%。',
    },
  },
];

/**
 * Inserts the demo bundles for the seed script, which runs without the Nest app:
 * owned by `ownerOrgUnitId`, on sale from the start of this year to the end of the
 * next (so the demo keeps working whatever year it runs). Bundles whose code exists
 * are left alone, so seeding twice changes nothing. Returns how many were inserted.
 */
export async function seedDemoBundles(dataSource: DataSource, ownerOrgUnitId: number, createdBy: number): Promise<number> {
  DEMO_BUNDLES.forEach((bundle, index) => validateRule(bundle.eligibilityRule, `DEMO_BUNDLES[${index}].eligibilityRule`));
  const rows = DEMO_BUNDLES.map((bundle) => ({
    code: bundle.code,
    name: bundle.name,
    description: bundle.description ?? '',
    product_codes: bundle.productCodes,
    price: bundle.price,
    discount_pct: bundle.discountPct ?? 0,
    eligibility_rule: bundle.eligibilityRule,
    talking_points: bundle.guidance?.talkingPoints ?? [],
    objections: bundle.guidance?.objections ?? [],
    short_text: bundle.guidance?.shortText ?? '',
  }));
  const inserted: unknown[] = await dataSource.query(
    `INSERT INTO bundles (code, name, description, product_codes, price, discount_pct, eligibility_rule, valid_from, valid_to,
                          talking_points, objections, short_text, owner_org_unit_id, created_by)
     SELECT r.code, r.name, r.description, r.product_codes, r.price, r.discount_pct, r.eligibility_rule,
            date_trunc('year', current_date)::date, (date_trunc('year', current_date) + interval '2 years - 1 day')::date,
            r.talking_points, r.objections, r.short_text, $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, description text, product_codes text[], price numeric,
            discount_pct numeric, eligibility_rule jsonb, talking_points text[], objections jsonb, short_text text)
     ON CONFLICT (code) DO NOTHING
     RETURNING id`,
    [JSON.stringify(rows), ownerOrgUnitId, createdBy],
  );
  return inserted.length;
}
