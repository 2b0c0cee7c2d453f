import type { RuleCondition, RuleNode } from '@lib/segments';
import type { Bilingual } from './next-best-offer.view';

/** Names the describer looks up for ids in a rule (product codes, org unit ids). */
export interface ReasonNames {
  products?: ReadonlyMap<string, Bilingual>;
  orgUnits?: ReadonlyMap<number, Bilingual>;
}

const LINES: Record<string, Bilingual> = {
  motor_compulsory: { zh: '交强险', en: 'compulsory motor' },
  motor_commercial: { zh: '商业车险', en: 'commercial motor' },
  home: { zh: '家财险', en: 'home property' },
  accident: { zh: '意外险', en: 'personal accident' },
  health: { zh: '健康险', en: 'health' },
  travel: { zh: '旅行险', en: 'travel' },
  liability: { zh: '责任险', en: 'liability' },
};

export const TIER_NAMES: Record<string, Bilingual> = {
  gold: { zh: '金牌', en: 'gold' },
  silver: { zh: '银牌', en: 'silver' },
  ordinary: { zh: '普通', en: 'ordinary' },
  do_not_serve: { zh: '不服务', en: 'do-not-serve' },
  unscored: { zh: '未评级', en: 'unscored' },
};

const CHANNELS: Record<string, Bilingual> = {
  email: { zh: '电子邮件', en: 'email' },
  phone: { zh: '电话', en: 'phone' },
  sms: { zh: '短信', en: 'SMS' },
  agent_visit: { zh: '代理人拜访', en: 'agent visit' },
  web: { zh: '网站/APP', en: 'web' },
};

const NUMBER_FIELDS: Record<string, Bilingual> = {
  age: { zh: '年龄', en: 'age' },
  tenure_years: { zh: '客户年限', en: 'years as a customer' },
  active_policy_count: { zh: '有效保单数', en: 'active policies' },
  annual_premium: { zh: '年保费合计', en: 'annual premium' },
  claims_count: { zh: '理赔次数', en: 'claims' },
  claims_amount: { zh: '理赔金额', en: 'claims paid' },
};

const NUMBER_OPERATORS: Record<string, Bilingual> = {
  '=': { zh: '为', en: 'is' },
  '!=': { zh: '不为', en: 'is not' },
  '<': { zh: '小于', en: 'below' },
  '<=': { zh: '不超过', en: 'at most' },
  '>': { zh: '大于', en: 'above' },
  '>=': { zh: '不少于', en: 'at least' },
};

/** The operator that holds exactly when the given one does not. */
const OPPOSITE_OPERATORS: Record<string, string> = {
  '=': '!=',
  '!=': '=',
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
  has: 'lacks',
  lacks: 'has',
};

const OPPOSITE_FIELDS: Record<string, string> = { contacted: 'not_contacted', not_contacted: 'contacted' };

function both(zh: string, en: string): Bilingual {
  return { zh, en };
}

function listOf(values: unknown, name: (value: string) => Bilingual): Bilingual {
  const names = (Array.isArray(values) ? values : [values]).map((value) => name(String(value)));
  return both(names.map((n) => n.zh).join('、'), names.map((n) => n.en).join(', '));
}

function lineName(line: unknown): Bilingual {
  return LINES[String(line)] ?? both(String(line), String(line));
}

function numberCondition(condition: RuleCondition): Bilingual {
  const label = NUMBER_FIELDS[condition.field];
  const params = (condition.params ?? {}) as Record<string, unknown>;
  const period = params.months ? both(`近 ${params.months} 个月`, ` in the last ${params.months} months`) : both('', '');
  const subject = both(`${period.zh}${label.zh}`, `${label.en}${period.en}`);
  if (condition.operator === 'between' && Array.isArray(condition.value)) {
    const [low, high] = condition.value;
    return both(`${subject.zh}在 ${low}–${high} 之间`, `${subject.en} between ${low} and ${high}`);
  }
  const op = NUMBER_OPERATORS[condition.operator] ?? both(condition.operator, condition.operator);
  return both(`${subject.zh}${op.zh} ${condition.value}`, `${subject.en} ${op.en} ${condition.value}`);
}

function recentActivity(condition: RuleCondition): Bilingual {
  const params = (condition.params ?? {}) as Record<string, unknown>;
  const days = condition.value;
  const via = params.channel ? CHANNELS[String(params.channel)] ?? both(String(params.channel), String(params.channel)) : undefined;
  const campaign = params.campaignId ? both(`（活动 #${params.campaignId}）`, ` (campaign #${params.campaignId})`) : both('', '');
  const channel = via ? both(`经${via.zh}`, ` by ${via.en}`) : both('', '');
  switch (condition.field) {
    case 'contacted':
      return both(`近 ${days} 天内${channel.zh}联系过${campaign.zh}`, `contacted${channel.en} in the last ${days} days${campaign.en}`);
    case 'not_contacted':
      return both(`近 ${days} 天内未${channel.zh}联系过${campaign.zh}`, `not contacted${channel.en} in the last ${days} days${campaign.en}`);
    case 'responded':
      return both(`近 ${days} 天内有过响应${campaign.zh}`, `responded in the last ${days} days${campaign.en}`);
    default:
      return both(`近 ${days} 天内有过成交${campaign.zh}`, `converted in the last ${days} days${campaign.en}`);
  }
}

function describePositive(condition: RuleCondition, names: ReasonNames): Bilingual | undefined {
  const { field, operator, value } = condition;
  const params = (condition.params ?? {}) as Record<string, unknown>;
  if (field in NUMBER_FIELDS) return numberCondition(condition);
  switch (field) {
    case 'holds_line':
    case 'holds_product': {
      const held =
        field === 'holds_line'
          ? lineName(value)
          : names.products?.get(String(value)) ?? both(String(value), String(value));
      if (operator === 'has') return both(`持有${held.zh}`, `holds ${held.en}`);
      if (operator === 'lacks') return both(`未持有${held.zh}`, `has no ${held.en} policy`);
      return undefined;
    }
    case 'policy_expiring': {
      const what = params.line
        ? lineName(params.line)
        : params.product
          ? names.products?.get(String(params.product)) ?? both(String(params.product), String(params.product))
          : both('', '');
      return both(`${what.zh}保单将在 ${value} 天内到期`, `a ${what.en ? `${what.en} ` : ''}policy expires within ${value} days`);
    }
    case 'gender': {
      const male = (value === 'M') === (operator === '=');
      return male ? both('男性', 'male') : both('女性', 'female');
    }
    case 'city': {
      const cities = listOf(value, (city) => both(city, city));
      if (operator === '!=') return both(`所在城市不是${cities.zh}`, `does not live in ${cities.en}`);
      return both(`所在城市为${cities.zh.replace(/、/g, '或')}`, `lives in ${cities.en.replace(/, /g, ' or ')}`);
    }
    case 'value_tier': {
      const tiers = listOf(value, (tier) => TIER_NAMES[tier] ?? both(tier, tier));
      if (operator === '!=') return both(`非${tiers.zh}客户`, `not a ${tiers.en} tier customer`);
      return both(`${tiers.zh.replace(/、/g, '或')}客户`, `${tiers.en.replace(/, /g, ' or ')} tier customer`);
    }
    case 'org_unit': {
      const unit = names.orgUnits?.get(Number(value)) ?? both(`机构 #${value}`, `org unit #${value}`);
      return both(`属于${unit.zh}（含下级机构）`, `belongs to ${unit.en} or a unit below it`);
    }
    case 'consent': {
      const channel = CHANNELS[String(params.channel)] ?? both(String(params.channel), String(params.channel));
      return value === true
        ? both(`同意${channel.zh}联系`, `consents to ${channel.en} contact`)
        : both(`未同意${channel.zh}联系`, `has not consented to ${channel.en} contact`);
    }
    case 'has_mobile':
      return value === true ? both('有手机号', 'has a mobile number') : both('没有手机号', 'has no mobile number');
    case 'has_email':
      return value === true ? both('有电子邮箱', 'has an email address') : both('没有电子邮箱', 'has no email address');
    case 'do_not_contact':
      return value === true ? both('被标记为禁止联系', 'marked do not contact') : both('未被标记为禁止联系', 'not marked do not contact');
    case 'contacted':
    case 'not_contacted':
    case 'responded':
    case 'converted':
      return recentActivity(condition);
    default:
      return undefined;
  }
}

/** One condition in words; `negated` describes the customer for whom it does not hold. */
export function describeCondition(condition: RuleCondition, names: ReasonNames = {}, negated = false): Bilingual {
  if (negated) {
    const opposite = oppositeOf(condition);
    if (opposite) return describeCondition(opposite, names);
  }
  const text = describePositive(condition, names) ?? both(
    `${condition.field} ${condition.operator} ${JSON.stringify(condition.value)}`,
    `${condition.field} ${condition.operator} ${JSON.stringify(condition.value)}`,
  );
  return negated ? both(`并非${text.zh}`, `not: ${text.en}`) : text;
}

function oppositeOf(condition: RuleCondition): RuleCondition | undefined {
  if (condition.operator === 'is' && typeof condition.value === 'boolean') return { ...condition, value: !condition.value };
  if (condition.field in OPPOSITE_FIELDS) return { ...condition, field: OPPOSITE_FIELDS[condition.field] };
  const operator = OPPOSITE_OPERATORS[condition.operator];
  return operator ? { ...condition, operator } : undefined;
}

/** The rule's conditions in depth-first order: the order `explainEligibility` expects their results in. */
export function leavesOf(rule: RuleNode): RuleCondition[] {
  return rule.type === 'condition' ? [rule] : rule.children.flatMap(leavesOf);
}

/**
 * Why a customer is eligible: the conditions that made the rule true for them,
 * given whether each condition (in `leavesOf` order) held for the customer.
 */
export function explainEligibility(rule: RuleNode, held: readonly boolean[], names: ReasonNames = {}): Bilingual[] {
  const results = [...held];
  const evaluated = evaluate(rule, results);
  return explain(evaluated, true, names);
}

interface Evaluated {
  node: RuleNode;
  value: boolean;
  children: Evaluated[];
}

function evaluate(node: RuleNode, results: boolean[]): Evaluated {
  if (node.type === 'condition') return { node, value: results.shift() === true, children: [] };
  const children = node.children.map((child) => evaluate(child, results));
  const values = children.map((child) => child.value);
  const value = node.op === 'all' ? values.every(Boolean) : node.op === 'any' ? values.some(Boolean) : !values.some(Boolean);
  return { node, value, children };
}

/** Reasons why `evaluated` is `wanted` (true: why it holds; false: why it does not). */
function explain(evaluated: Evaluated, wanted: boolean, names: ReasonNames): Bilingual[] {
  const { node, children } = evaluated;
  if (node.type === 'condition') return evaluated.value === wanted ? [describeCondition(node, names, !wanted)] : [];
  // A `not` group holds when none of its children do, so its reasons are why they do not.
  const childWanted = node.op === 'not' ? !wanted : wanted;
  const deciding = children.filter((child) => child.value === childWanted);
  return deciding.flatMap((child) => explain(child, childWanted, names));
}
