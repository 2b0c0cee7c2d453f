/**
 * What the API says when it refuses a request, in both languages of the UI. Every
 * error code and every field-problem code is a key of ERROR_MESSAGES; DomainError and
 * FieldProblem accept only these keys, so a code without a text does not compile.
 *
 * Codes are stable (clients and tests match on them); texts may be reworded. `{name}`
 * is filled from the error's params: a list is joined in the language's way, a
 * `{zh, en}` pair gives its half, and the `entity` param names a key of ENTITY_NAMES.
 *
 * A flat table on purpose: each domain appends its entries under its own heading.
 */
export type Language = 'zh' | 'en';

export interface LocalText {
  zh: string;
  en: string;
}

export type ErrorParamValue = string | number | boolean | readonly (string | number)[] | LocalText;
export type ErrorParams = Record<string, ErrorParamValue>;

/** What a NotFoundError's `entity` param may name. */
export const ENTITY_NAMES = {
  org_unit: { zh: '机构', en: 'Org unit' },
  user: { zh: '用户', en: 'User' },
  customer: { zh: '客户', en: 'Customer' },
  product: { zh: '产品', en: 'Product' },
  import: { zh: '导入任务', en: 'Import' },
  segment: { zh: '客户细分', en: 'Segment' },
  segment_snapshot: { zh: '细分快照', en: 'Segment snapshot' },
  bundle: { zh: '交叉销售组合', en: 'Bundle' },
  contact_policy: { zh: '接触策略', en: 'Contact policy' },
  do_not_call_entry: { zh: '禁止呼叫名单记录', en: 'Do-not-call entry' },
  campaign: { zh: '营销活动', en: 'Campaign' },
  budget_pool: { zh: '预算池', en: 'Budget pool' },
  budget: { zh: '预算', en: 'Budget' },
  channel: { zh: '渠道', en: 'Channel' },
  evaluation_form: { zh: '评估表', en: 'Evaluation form' },
  evaluation_report: { zh: '评估报告', en: 'Evaluation report' },
} satisfies Record<string, LocalText>;

export type EntityName = keyof typeof ENTITY_NAMES;

export const ERROR_MESSAGES = {
  // Answers of any endpoint
  bad_request: { zh: '请求无效', en: 'The request is not valid' },
  validation_failed: { zh: '请求中有无效字段', en: 'The request has invalid fields' },
  unauthorized: { zh: '请先登录', en: 'Please log in' },
  forbidden: { zh: '您无权执行此操作', en: 'You may not do this' },
  not_found: { zh: '{entity} {id} 不存在', en: '{entity} {id} was not found' },
  record_not_found: { zh: '记录不存在', en: 'The record was not found' },
  route_not_found: { zh: '没有这个接口', en: 'There is no such endpoint' },
  conflict: { zh: '与现有数据冲突', en: 'This conflicts with existing data' },
  payload_too_large: { zh: '请求内容超过大小上限', en: 'The request is larger than the limit' },
  unsupported_media_type: { zh: '不支持该内容类型', en: 'This content type is not supported' },
  too_many_requests: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  internal_error: { zh: '系统内部错误（错误编号 {errorId}）', en: 'Something went wrong on our side (error {errorId})' },
  error: { zh: '请求失败', en: 'The request failed' },

  // Constraint violations PostgreSQL reports for a request's values
  duplicate: { zh: '已存在相同键值的记录', en: 'A record with the same key already exists' },
  still_referenced: { zh: '该记录被其他记录引用，或引用了其他记录', en: 'The record is referenced by, or refers to, another record' },
  invalid_value: { zh: '某个值的格式不正确', en: 'A value has the wrong format' },
  value_too_long: { zh: '某个值过长', en: 'A value is too long' },
  value_out_of_range: { zh: '某个数字超出范围', en: 'A number is out of range' },
  invalid_date: { zh: '某个日期无效', en: 'A date is not valid' },

  // Field problems of the validation pipe: they describe the field named beside them
  unknown_field: { zh: '不是可接受的字段', en: 'is not a field this request takes' },
  required: { zh: '为必填项', en: 'is required' },
  not_text: { zh: '必须是文本', en: 'must be a text' },
  not_whole_number: { zh: '必须是整数', en: 'must be a whole number' },
  not_number: { zh: '必须是数字', en: 'must be a number' },
  not_boolean: { zh: '必须是 true 或 false', en: 'must be true or false' },
  not_object: { zh: '必须是对象', en: 'must be an object' },
  not_list: { zh: '必须是列表', en: 'must be a list' },
  below_min: { zh: '不能小于 {min}', en: 'must not be less than {min}' },
  above_max: { zh: '不能大于 {max}', en: 'must not be greater than {max}' },
  too_short: { zh: '至少 {min} 个字符', en: 'must be at least {min} characters long' },
  too_long: { zh: '最多 {max} 个字符', en: 'must be at most {max} characters long' },
  too_few_items: { zh: '至少要有 {min} 项', en: 'must have at least {min} items' },
  too_many_items: { zh: '最多 {max} 项', en: 'must have at most {max} items' },
  items_not_unique: { zh: '不能有重复项', en: 'must not repeat an item' },
  not_one_of: { zh: '必须是以下之一：{values}', en: 'must be one of {values}' },
  not_a_date: { zh: '必须是有效日期（YYYY-MM-DD）', en: 'must be a real date (YYYY-MM-DD)' },
  not_a_time: { zh: '必须是时间（HH:MM）', en: 'must be a time (HH:MM)' },
  wrong_format: { zh: '格式不正确', en: 'has the wrong format' },
  invalid_field: { zh: '不符合要求（{constraint}）', en: 'is not valid ({constraint})' },

  // Org units and users
  unit_in_use: { zh: '机构 {code} 下仍有{what}，请先移走或删除', en: 'Org unit {code} still has {what}; move or remove them first' },
  duplicate_code: { zh: '代码 {code} 已被使用', en: 'The code {code} is already in use' },
  duplicate_username: { zh: '用户名 {username} 已被占用', en: 'The user name {username} is already taken' },

  // Segments
  not_static: { zh: '只有静态细分才有成员名单；动态细分按规则计算成员', en: 'Only a static segment has a member list; a dynamic segment follows its rule' },
} satisfies Record<string, LocalText>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

const LIST_SEPARATOR: Record<Language, string> = { zh: '、', en: ', ' };

/** The text of a code in a language, its placeholders filled from params. */
export function renderError(code: ErrorCode, params: ErrorParams | undefined, language: Language): string {
  return fillParams(ERROR_MESSAGES[code][language], params ?? {}, language);
}

function fillParams(template: string, params: ErrorParams, language: Language): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name];
    if (name === 'entity' && typeof value === 'string' && value in ENTITY_NAMES) return ENTITY_NAMES[value as EntityName][language];
    if (Array.isArray(value)) return value.join(LIST_SEPARATOR[language]);
    if (typeof value === 'object' && value !== null) return (value as LocalText)[language];
    return String(value);
  });
}

/**
 * The language an `Accept-Language` header asks for: the highest-weighted of Chinese
 * and English, Chinese when it names neither (the UI's default language).
 */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  let chosen: Language = 'zh';
  let weight = 0;
  for (const part of header.split(',')) {
    const [tag, ...attributes] = part.trim().toLowerCase().split(';');
    const language = tag.startsWith('zh') ? 'zh' : tag.startsWith('en') ? 'en' : undefined;
    const q = attributes.map((attribute) => attribute.trim()).find((attribute) => attribute.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (language && Number.isFinite(quality) && quality > weight) {
      chosen = language;
      weight = quality;
    }
  }
  return chosen;
}
