/**
 * What the API says when it refuses a request, in both languages of the UI. Every
 * error code and every field-problem code is a key of ERROR_MESSAGES; DomainError and
 * FieldProblem accept only these keys, so a code without a text does not compile.
 *
 * Codes are stable (clients and tests match on them); texts may be reworded. `{name}`
 * is filled from the error's params: a list is joined in the language's way, a
 * `{zh, en}` pair gives its half, and a param named in TERMS (`entity`, `roles`)
 * holds codes that are shown by their names there.
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
  budget_grant: { zh: '预算授予', en: 'Budget grant' },
  spend_line: { zh: '支出记录', en: 'Spend line' },
  budget_raise_request: { zh: '追加预算申请', en: 'Budget raise request' },
  campaign_revision: { zh: '活动修订版', en: 'Campaign revision' },
  campaign_launch: { zh: '活动启动', en: 'Campaign launch' },
  notification: { zh: '通知', en: 'Notification' },
  message_template: { zh: '消息模板', en: 'Message template' },
  lead: { zh: '线索', en: 'Lead' },
  call: { zh: '呼叫', en: 'Call' },
  field_task: { zh: '走访任务', en: 'Field task' },
} satisfies Record<string, LocalText>;

export type EntityName = keyof typeof ENTITY_NAMES;

/** The roles' names, as the UI shows them (docs/glossary.md). */
const ROLE_NAMES: Record<string, LocalText> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  campaign_manager: { zh: '活动经理', en: 'Campaign manager' },
  segment_manager: { zh: '细分经理', en: 'Segment manager' },
  channel_manager: { zh: '渠道经理', en: 'Channel manager' },
  branch_executor: { zh: '机构执行人员', en: 'Branch executor' },
  reviewer: { zh: '审核人', en: 'Reviewer' },
  analyst: { zh: '分析师', en: 'Analyst' },
  call_agent: { zh: '坐席', en: 'Call agent' },
};

/** Params whose values are codes of a term table, shown by their names. */
const TERMS: Record<string, Record<string, LocalText>> = { entity: ENTITY_NAMES, roles: ROLE_NAMES };

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
  statement_timeout: {
    zh: '查询耗时超过上限，已停止；请缩小范围（更少的条件、更短的时间窗口或更小的机构范围）后重试',
    en: 'The query took longer than allowed and was stopped; narrow it (fewer conditions, a shorter window or a smaller branch) and try again',
  },

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
  not_uuid: { zh: '必须是 UUID', en: 'must be a UUID' },
  not_a_time: { zh: '必须是时间（HH:MM）', en: 'must be a time (HH:MM)' },
  wrong_format: { zh: '格式不正确', en: 'has the wrong format' },
  invalid_field: { zh: '不符合要求（{constraint}）', en: 'is not valid ({constraint})' },

  // Bad input refused where it enters, before any field rule reads it
  nested_too_deep: { zh: '嵌套不能超过 {max} 层', en: 'must not be nested more than {max} levels deep' },
  contains_nul: { zh: '不能包含空字符（NUL）', en: 'must not contain a NUL character' },
  lone_surrogate: { zh: '包含无效字符（孤立的 UTF-16 代理项）', en: 'holds a broken character (a lone UTF-16 surrogate)' },
  blank: { zh: '不能只有空白', en: 'must not be blank' },
  not_nullable: { zh: '不能为 null；不修改请省略该字段', en: 'must not be null; leave the field out to keep its value' },
  not_a_date_time: { zh: '必须是带时区的有效日期时间（如 2026-03-10T10:00:00+08:00）', en: 'must be a real date and time with its offset (such as 2026-03-10T10:00:00+08:00)' },
  not_a_date_or_date_time: { zh: '必须是有效日期（YYYY-MM-DD）或带时区的日期时间', en: 'must be a real date (YYYY-MM-DD) or a date and time with its offset' },
  not_yuan: { zh: '必须是金额（元），最多两位小数', en: 'must be an amount in yuan with at most two decimals' },
  too_many_decimals: { zh: '最多 {places} 位小数，且不能用科学计数法', en: 'must have at most {places} decimals, written without an exponent' },
  malformed_upload: { zh: '上传的文件不是完整的 multipart/form-data 请求', en: 'The upload is not a complete multipart/form-data request' },
  upload_without_boundary: { zh: 'Content-Type 缺少可用的 boundary 参数', en: 'the Content-Type names no usable boundary' },
  upload_boundary_mismatch: { zh: '请求体中找不到 Content-Type 声明的 boundary', en: 'the body does not use the boundary the Content-Type declares' },
  upload_truncated: { zh: '上传在文件结束前中断', en: 'the upload ends before the file does' },

  // Org units and users
  unit_in_use: {
    zh: '机构 {code} 下仍有 {children} 个下级机构、{users} 个用户、{customers} 个客户和 {policies} 张保单，请先移走或删除',
    en: 'Org unit {code} still has {children} units below it, {users} users, {customers} customers and {policies} policies; move or remove them first',
  },
  duplicate_code: { zh: '代码 {code} 已被使用', en: 'The code {code} is already in use' },
  duplicate_username: { zh: '用户名 {username} 已被占用', en: 'The user name {username} is already taken' },
  org_unit_code_format: { zh: '只能包含字母、数字、_ 和 -', en: 'may hold only letters, digits, _ and -' },
  username_format: { zh: '只能包含字母、数字、“.”、“_”和“-”', en: 'may hold only letters, digits, ".", "_" and "-"' },
  password_mix: { zh: '必须同时包含字母和数字', en: 'must contain both letters and digits' },
  unit_below_county: { zh: '区县支公司下不能再设机构', en: 'a county sub-branch cannot have units below it' },
  delete_own_unit: { zh: '不能删除您自己所属的机构', en: 'you cannot delete your own org unit' },
  move_own_unit: { zh: '不能移动您自己所属的机构', en: 'you cannot move your own org unit' },
  move_under_itself: { zh: '机构不能移到自身或其下级机构之下', en: 'a unit cannot move under itself or a unit below it' },
  wrong_parent_level: { zh: '第 {level} 级机构只能设在第 {parentLevel} 级机构之下', en: 'a level {level} unit must sit under a level {parentLevel} unit' },
  deactivate_self: { zh: '不能停用您自己的账号', en: 'You cannot deactivate yourself' },
  remove_own_admin: { zh: '不能取消您自己的系统管理员角色', en: 'You cannot remove your own administrator role' },

  // Logins and access
  wrong_credentials: { zh: '用户名或密码错误', en: 'Wrong user name or password' },
  login_locked: { zh: '登录失败次数过多，请 {minutes} 分钟后再试', en: 'Too many failed logins; try again in {minutes} minute(s)' },
  role_required: { zh: '此操作需要以下角色之一：{roles}', en: 'This needs one of the roles: {roles}' },
  province_wide_only: {
    zh: '此设置适用于全省，只有省分公司或总公司的用户可以修改',
    en: 'This applies to the whole province; only users of the province branch or head office may change it',
  },
  owned_above: { zh: '此{entity}属于您上级的机构：您可以查看，但只有该机构可以修改', en: 'This {entity} belongs to a unit above yours; you may read it, but only that unit may change it' },

  // Field problems shared by several domains
  not_null: { zh: '不能为 null', en: 'must not be null' },
  not_in_range: { zh: '必须在 {min} 到 {max} 之间', en: 'must be from {min} to {max}' },
  not_in_future: { zh: '必须是将来的时间', en: 'must be in the future' },
  ends_before_start: { zh: '结束日期不能早于开始日期', en: 'must not be before the start' },
  segment_or_rule: { zh: '请给出细分（segmentId）或规则（rule）中的一个', en: 'give either a segmentId or a rule' },

  // Contact rules and value tiers
  default_policy_required: { zh: '必须有一个默认策略：请将另一个策略设为默认', en: 'there must be a default policy: make another policy the default instead' },
  week_cap_above_month_cap: { zh: '7 天上限不能高于 30 天上限', en: 'must not be above the 30-day cap' },
  quiet_end_is_start: { zh: '结束时间必须与开始时间不同', en: 'must differ from the start' },
  silver_above_gold: { zh: '银牌门槛不能高于金牌门槛', en: 'the silver threshold must not be above the gold one' },

  // Bundles
  bundle_code_format: { zh: '必须是 2 到 32 个大写字母、数字、_ 或 -', en: 'must be 2 to 32 upper-case letters, digits, _ or -' },
  bundle_too_few_products: { zh: '一个组合至少包含 {min} 个产品', en: 'a bundle combines at least {min} products' },
  unknown_products: { zh: '产品代码不存在：{codes}', en: 'unknown product codes: {codes}' },

  // Products
  product_code_format: { zh: '必须是 2 到 20 个大写字母、数字或 _', en: 'must be 2 to 20 upper-case letters, digits or _' },

  // Imports
  file_part_missing: { zh: '请以 multipart/form-data 字段“{field}”上传 CSV 文件', en: 'send the CSV file as the multipart/form-data field "{field}"' },
  import_header_does_not_fit: { zh: '表头不符合{kind}文件的格式', en: 'The header row does not fit a {kind} file' },
  /** One problem of a header, in the words of the import's own report (libs/imports/import-messages.ts). */
  import_header_problem: { zh: '{problem}', en: '{problem}' },
  file_too_large: { zh: '文件超过上传大小上限', en: 'The file is larger than the upload limit' },
  import_file_not_text: { zh: '无法将该文件作为 CSV 文本读取', en: 'The file cannot be read as CSV text' },
  /** What is wrong with an uploaded file as a whole, in the words of the import's own report. */
  import_file_problem: { zh: '{problem}', en: '{problem}' },
  import_not_rerunnable: { zh: '只有失败的导入可以重新运行（该导入为{status}状态）', en: 'Only a failed import can be run again (this one is {status})' },
  import_file_gone: { zh: '该导入的文件已不再保留，请重新上传', en: "The import's file is no longer kept; upload it again" },
  import_rerun_not_uploader: { zh: '只有上传者或管理员可以重新运行导入', en: 'Only the uploader or an admin may run an import again' },

  // Segments and their rules (libs/segments/compile-rule.ts)
  not_static: { zh: '只有静态细分才有成员名单；动态细分按规则计算成员', en: 'Only a static segment has a member list; a dynamic segment follows its rule' },
  static_segment_rule: { zh: '静态细分没有规则，请上传其成员', en: 'a static segment has no rule; upload its members instead' },
  dynamic_segment_needs_rule: { zh: '动态细分需要规则', en: 'a dynamic segment needs a rule' },
  rule_invalid: { zh: '规则无效', en: 'The rule is invalid' },
  rule_node_not_object: { zh: '必须是条件组或条件', en: 'must be a group or a condition object' },
  rule_too_many_nodes: { zh: '一条规则最多 {max} 个条件组和条件', en: 'a rule may have at most {max} groups and conditions' },
  rule_too_deep: { zh: '条件组最多嵌套 {max} 层', en: 'groups may be nested at most {max} deep' },
  rule_group_empty: { zh: '条件组至少要有一个条件或条件组', en: 'a group needs at least one condition or group' },
  rule_unknown_field: { zh: '没有字段“{field}”，可用字段：{fields}', en: 'unknown field "{field}"; use one of {fields}' },
  rule_too_many_conditions: { zh: '一条规则最多 {max} 个条件', en: 'a rule may have at most {max} conditions' },
  rule_too_many_related: {
    zh: '一条规则最多 {max} 个关于保单、理赔或联系记录的条件',
    en: 'a rule may have at most {max} conditions on policies, claims or contacts',
  },
  rule_operator_not_allowed: {
    zh: '字段“{field}”不能使用运算符“{operator}”，可用：{operators}',
    en: 'operator "{operator}" is not allowed for field "{field}"; use one of {operators}',
  },
  rule_unknown_param: { zh: '没有这个参数；此字段的参数为 {params}', en: 'unknown parameter; this field takes {params}' },
  rule_takes_no_params: { zh: '没有这个参数；此字段不带参数', en: 'unknown parameter; this field takes no parameters' },
  rule_between_pair: { zh: '必须是 [下限, 上限]', en: 'must be [low, high]' },
  rule_low_above_high: { zh: '下限不能大于上限', en: 'low must not be greater than high' },
  rule_list_empty: { zh: '必须是非空列表', en: 'must be a non-empty list' },
  rule_text: { zh: '必须是非空文本，最多 {max} 个字符', en: 'must be a non-empty text of at most {max} characters' },
  rule_days: { zh: '必须是 1 到 {max} 之间的整数天数', en: 'must be a whole number of days from 1 to {max}' },
  rule_line_or_product: { zh: '请给出 params.line 或 params.product 之一，不能同时给出', en: 'give either params.line or params.product, not both' },
  not_whole_number_in_range: { zh: '必须是 {min} 到 {max} 之间的整数', en: 'must be a whole number from {min} to {max}' },
  not_number_min: { zh: '必须是不小于 {min} 的数字', en: 'must be a number of at least {min}' },
  not_org_unit_id: { zh: '必须是机构编号', en: 'must be an org unit id' },
  not_product_code: { zh: '必须是产品代码', en: 'must be a product code' },

  // Campaigns
  campaign_reports_not_approved: {
    zh: '每份评估报告通过后活动才能关闭；尚未通过：{branches}',
    en: 'The campaign closes once every evaluation report is approved; not yet approved: {branches}',
  },
  campaign_reports_missing: {
    zh: '每个参与机构的评估报告都通过后活动才能关闭；以下报告尚未生成（系统每小时补生成一次）：{reports}',
    en: "The campaign closes once every participating branch's evaluation report is approved; these reports are not made yet (the hourly round makes them): {reports}",
  },
  campaign_wrong_state: { zh: '当前状态为{status}，不能执行“{move}”（仅可从{from}执行）', en: 'The {what} is {status}; {move} is possible only from {from}' },
  campaign_plan_frozen: { zh: '已批准的计划不可修改；请新建一个修订版本', en: 'An approved plan is frozen; create a new revision to change it' },
  campaign_revision_open: { zh: '已有一个修订版本正在编辑或审批中', en: 'A revision of this campaign is already being drafted or reviewed' },
  campaign_no_open_revision: { zh: '没有正在编辑或审批的修订版本', en: 'No revision of this campaign is being drafted or reviewed' },
  campaign_not_owner: { zh: '只有活动负责人可以执行此操作', en: "Only the campaign's owner may do this" },
  campaign_not_reviewer: { zh: '只有活动所属机构或其上级机构的审批人可以执行此操作', en: 'Only a reviewer at or above the owning unit may do this' },
  campaign_not_owner_or_reviewer: { zh: '只有活动负责人或所属机构及其上级机构的审批人可以执行此操作', en: "Only the campaign's owner or a reviewer at or above the owning unit may do this" },
  campaign_approval_level: { zh: '此步审批须由{level}的审批人完成', en: 'This approval must be given by a reviewer of the {level}' },
  campaign_plan_incomplete: { zh: '计划不完整或不一致，共 {count} 个问题', en: 'The plan is incomplete or inconsistent; problems to fix: {count}' },
  campaign_unknown_step: { zh: '步骤 {id} 不属于此修订版本', en: 'Step {id} is not a step of this revision' },
  campaign_thresholds_order: { zh: '地市审批上限不能高于省级审批上限', en: 'The city limit must not be above the province limit' },
  campaign_end_before_start: { zh: '不能早于开始日期', en: 'must not be before startDate' },
  campaign_control_share_range: { zh: '必须在 0 到 {max} 之间', en: 'must be between 0 and {max}' },
  campaign_needs_segment: { zh: '至少需要一个目标细分', en: 'needs at least one target segment' },
  campaign_segment_unknown: { zh: '细分 {id} 不存在或您无权查看', en: 'segment {id} does not exist or is not visible to you' },
  campaign_segment_included_and_excluded: { zh: '细分 {id} 同时被包含和排除', en: 'segment {id} is both included and excluded' },
  campaign_bundle_unknown: { zh: '组合 {id} 不存在', en: 'bundle {id} does not exist' },
  campaign_needs_branch: { zh: '至少需要一个参与机构', en: 'needs at least one participating branch' },
  campaign_branch_outside_subtree: { zh: '机构 {id} 不在负责人的管辖范围内', en: "org unit {id} is not in the owner's subtree" },
  campaign_branch_not_participating: { zh: '机构 {id} 不是参与机构', en: 'org unit {id} is not a participating branch' },
  campaign_needs_step: { zh: '至少需要一个渠道步骤', en: 'needs at least one channel step' },
  campaign_window_end_before_start: { zh: '必须晚于每日开始时间', en: 'must be after windowStart' },
  campaign_step_outside_dates: { zh: '开始于 {start}，不在活动日期内', en: "starts on {start}, outside the campaign's dates" },
  campaign_step_no_days: { zh: '在活动日期内没有可执行的日子', en: "leaves no day to run on within the campaign's dates" },
  campaign_checkpoint_outside_dates: { zh: '评估节点 {day} 不在活动日期内', en: "the checkpoint {day} is outside the campaign's dates" },

  // Budgets
  budget_pool_missing: { zh: '活动所属机构及其上级机构都没有 {year} 年度的预算池', en: 'There is no budget pool for {year} at the campaign\'s owning unit or above it' },
  budget_pool_insufficient: { zh: '预算池只剩 {remaining} 元，还需要 {needed} 元', en: 'The budget pool has {remaining} yuan left; {needed} yuan more are needed' },
  budget_below_spend: { zh: '预算 {budget} 元低于活动已承诺和已支出的 {used} 元', en: 'The budget of {budget} yuan is below the {used} yuan the campaign has committed and spent' },
  budget_pool_exists: { zh: '该机构已有 {year} 年度的预算池', en: 'This unit already has a budget pool for {year}' },
  budget_pool_not_top: { zh: '下级预算池的资金只能由上级预算池分配', en: 'A sub-pool receives money only by allocation from its parent pool' },
  budget_exceeded: { zh: '超出剩余预算：还剩 {remaining} 元', en: 'This exceeds the remaining budget of {remaining} yuan' },
  grant_settled: { zh: '预算授予 {id} 已经结算', en: 'Budget grant {id} is already settled' },
  spend_reversed: { zh: '支出记录 {id} 已经冲销', en: 'Spend line {id} has already been reversed' },
  spend_not_manual: { zh: '只有手工录入的支出可以冲销', en: 'Only a manual spend line can be reversed' },
  raise_request_open: { zh: '该活动已有一个待审批的追加预算申请', en: 'The campaign already has a budget raise request waiting for review' },
  raise_request_decided: { zh: '该申请已经处理', en: 'This request has already been decided' },
  revision_not_editable: { zh: '修订版 {number} 已提交或已批准，分配不能再修改；请新建修订版', en: 'Revision {number} is submitted or approved; change the allocations in a new revision' },
  budget_released: { zh: '活动已取消或关闭，预算已释放', en: 'The campaign was cancelled or closed and its budget released' },
  not_participating_branch: { zh: '机构 {id} 不是该活动的参与机构', en: 'unit {id} is not a participating branch of the campaign' },
  step_not_in_campaign: { zh: '步骤 {id} 不属于该活动', en: 'step {id} is not a step of the campaign' },
  allocations_exceed_budget: { zh: '分配合计 {sum} 元超过预算 {budget} 元', en: 'the allocations add up to {sum} yuan, more than the budget of {budget} yuan' },
  channel_not_in_plan: { zh: '计划中没有使用渠道 {channel} 的步骤', en: 'the plan has no step on channel {channel}' },
  outside_scope_unit: { zh: '不在您的机构范围内', en: 'is not a unit in your scope' },
  number_out_of_range: { zh: '必须是 {min} 到 {max} 的整数', en: 'must be a whole number from {min} to {max}' },

  // Channel capacity
  capacity_not_available: { zh: '以下日期渠道容量不足：{days}', en: 'The channels cannot take what the plan books on these days: {days}' },
  capacity_short: { zh: '需要 {needed} 次接触，只剩 {left} 次', en: 'needs {needed} contacts, only {left} are left' },
  capacity_short_on_days: { zh: '{branch} 有 {count} 天渠道容量不足（{days}），最少只剩 {left} 次', en: '{branch} lacks channel capacity on {count} days ({days}); as few as {left} contacts are left' },
  budget_below_forecast: { zh: '预算 {budget} 元低于预测的计划接触成本 {cost} 元', en: 'The budget of {budget} yuan is below the forecast cost of the planned contacts, {cost} yuan' },
  capacity_below_bookings: { zh: '已批准的活动在这些日期预订的量超过该容量：{days}', en: 'Approved campaigns have booked more than this capacity on these days: {days}' },
  capacity_not_seats_product: { zh: '必须等于坐席数 × 每席接触数（{product}）', en: 'must equal seats × contacts per seat ({product})' },
  date_before: { zh: '不能早于 {other}', en: 'must not be before {other}' },
  range_too_long: { zh: '最多 {max} 天', en: 'must span at most {max} days' },

  // Call centre
  call_not_with_agent: { zh: '这通电话不在您手上', en: 'The call is not with you' },
  call_result_header: { zh: '结果文件缺少这些列：{missing}', en: 'The result file lacks these columns: {missing}' },
  call_result_unreadable: { zh: '无法读取结果文件（应为 CSV 或 XLSX）', en: 'The result file cannot be read (it should be CSV or XLSX)' },
  not_a_disposition: { zh: '不是有效的呼叫结果代码（{codes}）', en: 'is not a disposition code ({codes})' },
  call_not_on_list: { zh: '不在本机构的呼叫名单上', en: 'is not a call on a list of your branch' },
  call_not_waiting: { zh: '这通电话已在坐席手上或已完成', en: 'the call is with an agent or done already' },
  call_not_allowed_now: { zh: '此刻不允许呼叫（{reason}）', en: 'may not be called now ({reason})' },

  // Evaluation forms (libs/evaluation/form-validation.ts)
  /** A text the form's designer wrote for a pattern or a rule, in both languages. */
  form_field_message: { zh: '{message}', en: '{message}' },
  form_must_be_less: { zh: '必须小于{other}', en: 'must be less than {other}' },
  form_must_not_exceed: { zh: '不能大于{other}', en: 'must not be greater than {other}' },
  form_must_equal: { zh: '必须等于{other}', en: 'must equal {other}' },
  form_must_not_be_less: { zh: '不能小于{other}', en: 'must not be less than {other}' },
  form_must_be_greater: { zh: '必须大于{other}', en: 'must be greater than {other}' },
  form_sum_mismatch: { zh: '{parts}之和为 {sum}，应等于{total}', en: '{parts} add up to {sum}, which must equal {total}' },
  form_key_format: { zh: '必须以小写字母开头，只含小写字母、数字和 _，最多 64 个字符', en: 'must start with a lower-case letter and hold only lower-case letters, digits and _ (at most 64)' },
  form_key_taken: { zh: '键“{key}”已在本表中使用', en: 'the key "{key}" is already used in this form' },
  form_pattern_invalid: { zh: '不是有效的正则表达式', en: 'is not a valid regular expression' },
  form_message_without_pattern: { zh: '没有格式（pattern）时不能设置格式提示', en: 'needs a pattern to go with it' },
  form_binding_type: { zh: '只有数字或金额字段可以关联系统指标', en: 'only a number or money field can be bound to a system figure' },
  form_count_binding_type: { zh: '接触数、送达数、响应数和转化数是计数，只能关联到数字字段', en: 'contacts, delivered, responses and conversions are counts and can be bound only to a number field' },
  form_not_for_type: { zh: '不适用于{type}字段', en: 'does not apply to a {type} field' },
  form_rule_unknown_figure: { zh: '“{ref}”不是本表的数字、金额或百分比字段', en: '"{ref}" is not a number, money or percent field of this form' },
  evaluation_form_code_taken: { zh: '评估表代码“{code}”已存在', en: 'An evaluation form with code "{code}" exists already' },
  evaluation_form_draft_open: { zh: '第 {version} 版草稿正在编辑，请先发布或继续编辑它', en: 'Version {version} is a draft already; publish it or go on editing it' },
  evaluation_form_no_draft: { zh: '没有草稿：第 {version} 版已发布且不可修改，请新建一个版本', en: 'There is no draft: version {version} is published and frozen; start a new version' },
  evaluation_form_ref_unknown: { zh: '没有代码为“{ref}”的评估表', en: 'there is no evaluation form with code "{ref}"' },
  evaluation_form_not_published: { zh: '评估表“{ref}”还没有已发布的版本', en: 'the evaluation form "{ref}" has no published version yet' },
  evaluation_form_draft_changed: {
    zh: '第 {version} 版草稿在您打开后已被他人修改（现为第 {revision} 次保存），请重新加载后再修改',
    en: 'Someone else changed the draft of version {version} since you opened it (it is at save {revision}); reload it and make your changes again',
  },

  // Field tasks
  task_not_assigned_to_you: { zh: '这项走访任务没有分配给您', en: 'The task is not assigned to you' },
  task_not_open: { zh: '这项走访任务已完成或已跳过', en: 'The task is done or skipped already' },
  not_an_agent_of_branch: { zh: '不是本任务所属机构的走访人员', en: 'is not an agent of the task’s branch' },
  visit_not_allowed_now: { zh: '此刻不允许走访（{reason}）', en: 'The customer may not be visited now ({reason})' },

  // Message templates
  template_syntax: { zh: '第 {line} 行有语法错误：“{near}”', en: 'has a syntax error on line {line}: “{near}”' },
  template_unknown_variable: { zh: '第 {line} 行第 {column} 列：没有变量“{variable}”', en: 'line {line}, column {column}: there is no variable "{variable}"' },
  template_unknown_helper: { zh: '第 {line} 行第 {column} 列：没有辅助函数“{helper}”', en: 'line {line}, column {column}: there is no helper "{helper}"' },
  template_helper_arguments: { zh: '第 {line} 行第 {column} 列：“{helper}”需要 {count} 个参数', en: 'line {line}, column {column}: "{helper}" takes {count} argument(s)' },
  template_unescaped: { zh: '第 {line} 行第 {column} 列：不允许使用 {{{ }}} 输出未转义的内容，请用 {{ }}', en: 'line {line}, column {column}: {{{ }}} (unescaped output) is not allowed; use {{ }}' },
  template_not_printable: { zh: '第 {line} 行第 {column} 列：“{variable}”是列表或对象，不能直接输出（列表请用 {{#each}}）', en: 'line {line}, column {column}: "{variable}" is a list or an object and cannot be printed (use {{#each}} for a list)' },
  template_not_a_list: { zh: '第 {line} 行第 {column} 列：“{variable}”不是列表，不能用 #each', en: 'line {line}, column {column}: "{variable}" is not a list for #each' },
  template_not_an_object: { zh: '第 {line} 行第 {column} 列：“{variable}”不是对象，不能用 #with', en: 'line {line}, column {column}: "{variable}" is not an object for #with' },
  template_partial_not_allowed: { zh: '第 {line} 行第 {column} 列：不能引用片段“{partial}”；页眉和页脚由统一版式提供', en: 'line {line}, column {column}: the partial "{partial}" is not available; the shared layout adds the header and footer' },
  template_link_not_static: { zh: '第 {line} 行：链接地址必须直接写在模板中，不能由变量拼成（退订链接用变量 unsubscribeUrl）', en: 'line {line}: a link address must be written out in the template, not built from variables (use the variable unsubscribeUrl for unsubscribing)' },
  template_part_not_for_channel: { zh: '{channel}模板没有这一部分', en: 'is not a part of a template for {channel}' },
  template_key_format: { zh: '只能包含小写字母、数字、- 和 _，2 到 64 个字符', en: 'must be 2–64 lower-case letters, digits, - or _' },
  template_key_reserved: { zh: '“{key}”是文件模板的名称', en: '"{key}" is the name of a file template' },
  template_key_taken: { zh: '模板编号“{key}”已存在', en: 'A template with key "{key}" exists already' },
  template_version_conflict: { zh: '模板已被他人保存为第 {version} 版；请重新打开后再修改', en: 'Someone saved the template as version {version} since; reload it and make your change again' },
  template_ref_unknown: { zh: '没有名为“{ref}”的{channel}模板', en: 'there is no {channel} template named "{ref}"' },
  template_test_no_email: { zh: '您的账号没有邮箱地址，无法发送测试邮件', en: 'Your account has no email address to send the test to' },
  mail_not_configured: { zh: '未配置邮件服务器（SMTP_URL），无法发送邮件', en: 'No mail server is configured (SMTP_URL); nothing can be mailed' },
  // Evaluation reports
  report_wrong_state: { zh: '评估报告当前为“{statusName}”，不能{moveName}（仅限“{fromNames}”时）', en: 'The report is {statusName}; “{moveName}” is possible only when it is {fromNames}' },
  report_not_branch: { zh: '只有报告所属机构的执行人员可以填报此报告', en: "Only the executors of the report's branch may fill it in" },
  report_not_reviewer: { zh: '只有活动负责人，或活动所属机构及其上级机构的审批人、活动经理可以审核此报告', en: "Only the campaign's owner, or a reviewer or campaign manager at or above its owning unit, may review the report" },
  report_has_problems: { zh: '报告有 {count} 处问题', en: 'Problems to fix in the report: {count}' },
  report_explanation_required: { zh: '与系统数据 {system} 不同，请说明修改原因', en: 'differs from the system figure {system}; say why it was changed' },
  report_not_a_field: { zh: '不是此评估表的字段', en: 'is not a field of this form' },
  report_return_needs_comment: { zh: '退回时请填写总体意见或至少一条字段意见', en: 'give an overall comment or a comment on at least one field when returning' },
  report_pdf_unavailable: { zh: '无法生成 PDF：服务器上没有 Chromium（{path}）；请安装 chromium 和 fonts-wqy-microhei，或打开打印页面', en: 'No PDF can be made: Chromium is not installed on the server ({path}); install chromium and fonts-wqy-microhei, or open the printable page' },
  // Web offers and their leads
  web_token_invalid: { zh: '客户令牌无效：格式不对、签名不符或有效期超过一天', en: 'is not a valid customer token: malformed, wrongly signed or valid for more than a day' },
  web_token_expired: { zh: '客户令牌已过期，请重新生成', en: 'has expired; make a new customer token' },
  web_offer_link_invalid: { zh: '链接无效或已失效', en: 'This link is not valid' },
  // Campaign analytics
  margin_rate_pct: { zh: '必须是 0 到 100 之间的百分比，最多两位小数', en: 'must be a percentage from 0 to 100 with at most two decimals' },
  margin_rate_line_repeated: { zh: '产品线“{productLine}”重复出现', en: 'names the product line "{productLine}" more than once' },
  period_reversed: { zh: '结束日期早于开始日期', en: 'is before the start of the period' },
  // The customers behind a campaign's figures
  drill_down_control_not_contacted: { zh: '对照组留出不接触，没有接触和响应，只能列出其成员和转化客户', en: 'the control group is held out and never contacted: only its members and converters can be listed' },
  drill_down_members_have_no_step: { zh: '成员名单不按步骤或渠道划分', en: 'members are not split by step or channel' },
  drill_down_members_have_no_day: { zh: '成员名单不按日期划分', en: 'members are not split by day' },
  launch_segments_not_recorded: { zh: '该活动启动时未记录每位成员所属的细分，无法按细分查看', en: 'the campaign was launched before the segments of each member were recorded, so it cannot be split by segment' },
  segment_not_in_campaign: { zh: '细分 {id} 不是该活动的目标细分', en: 'segment {id} is not a target segment of the campaign' },
  drill_down_export_too_large: { zh: '名单超过 {max} 行，请先按机构、步骤或日期缩小范围再导出', en: 'The list has more than {max} lines; narrow it by branch, step or day before exporting' },
} satisfies Record<string, LocalText>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

const LIST_SEPARATOR: Record<Language, string> = { zh: '、', en: ', ' };

/** The text of a code in a language, its placeholders filled from params. */
export function renderError(code: ErrorCode, params: ErrorParams | undefined, language: Language): string {
  return fillParams(ERROR_MESSAGES[code][language], params ?? {}, language);
}

/** The `{name}`s of a text. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
}

/** The params a code's texts name that the error did not give. */
export function missingParams(code: ErrorCode, params: ErrorParams | undefined): string[] {
  const { zh, en } = ERROR_MESSAGES[code];
  return [...new Set([...placeholdersOf(zh), ...placeholdersOf(en)])].filter((name) => !(params && name in params));
}

function fillParams(template: string, params: ErrorParams, language: Language): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name];
    const terms = TERMS[name];
    const show = (item: string | number) => (terms?.[item] ? terms[item][language] : String(item));
    if (Array.isArray(value)) return value.map(show).join(LIST_SEPARATOR[language]);
    if (typeof value === 'string' || typeof value === 'number') return show(value);
    if (typeof value === 'object' && value !== null) return (value as LocalText)[language];
    return String(value);
  });
}

/**
 * The language an `Accept-Language` header asks for: the highest-weighted of Chinese
 * and English, Chinese when it names neither (the UI's default language).
 */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  return namedLanguageOf(acceptLanguage) ?? 'zh';
}

/** The highest-weighted of Chinese and English an `Accept-Language` header names, if it names either. */
export function namedLanguageOf(acceptLanguage: string | string[] | undefined): Language | undefined {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  let chosen: Language | undefined;
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
