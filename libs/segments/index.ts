export type { AudienceQuery } from './audience-query';
export type { GroupOp, RuleCondition, RuleGroup, RuleNode } from './rule';
export { RULE_LIMITS } from './rule';
export type { FieldParam, FieldSpec, Label, ValueOption, ValueType } from './field-catalogue';
export { fieldCatalogue, PRODUCT_LINES } from './field-catalogue';
export { compileRule, validateRule } from './compile-rule';
