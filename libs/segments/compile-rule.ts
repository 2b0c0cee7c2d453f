import { ErrorCode, ErrorParams, FieldProblem, ValidationError } from '@lib/common';
import { FIELD_DEFINITIONS, FieldDefinition, FieldParam, Fragment, RuleProblem } from './field-catalogue';
import { RULE_LIMITS, RuleNode } from './rule';

/**
 * Compiles a rule to a boolean SQL expression over `customers <alias>`. Each value
 * is appended to `params` and referenced as `$n` (numbered from params.length + 1);
 * fields and operators come only from the catalogue. An invalid rule throws a
 * ValidationError whose details point at the node (`rule.children[1].value`).
 * `path` names the rule in the request, for those details.
 */
export function compileRule(rule: RuleNode, params: unknown[], alias = 'c', path = 'rule'): string {
  if (!/^[a-z][a-z0-9_]*$/.test(alias) || alias.startsWith('seg_')) throw new Error(`invalid table alias "${alias}"`);
  const compiler = new RuleCompiler(alias, params.length);
  const fragment = compiler.node(rule, path, 1);
  if (!fragment || compiler.problems.length > 0) throw new ValidationError(compiler.problems, 'The rule is invalid', 'rule_invalid');
  params.push(...compiler.values);
  return fragment.sql;
}

/** Throws the same ValidationError as compileRule when the rule is invalid. */
export function validateRule(rule: RuleNode, path = 'rule'): void {
  compileRule(rule, [], 'c', path);
}

const MAX_STRING = 100;
const MAX_INT = 2147483647;
const PRODUCT_CODE = /^[A-Za-z0-9_-]{1,20}$/;

/** What is wrong with a part of a rule: a catalogue code and its params. */
interface Problem {
  code: ErrorCode;
  params?: ErrorParams;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWhole(value: unknown, min: number, max: number): boolean {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

class RuleCompiler {
  readonly problems: FieldProblem[] = [];
  readonly values: unknown[] = [];
  private nodes = 0;
  private conditions = 0;
  private relatedConditions = 0;

  constructor(
    private readonly alias: string,
    private readonly offset: number,
  ) {}

  node(node: unknown, path: string, depth: number): Fragment | undefined {
    if (!isObject(node)) return this.problem(path, { code: 'rule_node_not_object' });
    this.nodes += 1;
    if (this.nodes === RULE_LIMITS.maxNodes + 1) {
      return this.problem(path, { code: 'rule_too_many_nodes', params: { max: RULE_LIMITS.maxNodes } });
    }
    if (this.nodes > RULE_LIMITS.maxNodes) return undefined;
    if (depth > RULE_LIMITS.maxDepth) return this.problem(path, { code: 'rule_too_deep', params: { max: RULE_LIMITS.maxDepth } });
    if (node.type === 'group') return this.group(node, path, depth);
    if (node.type === 'condition') return this.condition(node, path);
    return this.problem(`${path}.type`, { code: 'not_one_of', params: { values: ['group', 'condition'] } });
  }

  private group(node: Record<string, unknown>, path: string, depth: number): Fragment | undefined {
    const op = node.op;
    if (op !== 'all' && op !== 'any' && op !== 'not') return this.problem(`${path}.op`, { code: 'not_one_of', params: { values: ['all', 'any', 'not'] } });
    if (!Array.isArray(node.children) || node.children.length === 0) {
      return this.problem(`${path}.children`, { code: 'rule_group_empty' });
    }
    const children = node.children.map((child, index) => this.node(child, `${path}.children[${index}]`, depth + 1));
    if (children.some((child) => child === undefined)) return undefined;
    const parts = children as Fragment[];
    if (op === 'not') {
      // "None of the children match": a child that is unknown (NULL) does not match.
      const negated = parts.map((part) => (part.nullable ? `NOT COALESCE(${part.sql}, false)` : `NOT (${part.sql})`));
      return { sql: negated.length === 1 ? negated[0] : `(${negated.join(' AND ')})`, nullable: false };
    }
    if (parts.length === 1) return parts[0];
    return {
      sql: `(${parts.map((part) => part.sql).join(op === 'all' ? ' AND ' : ' OR ')})`,
      nullable: parts.some((part) => part.nullable),
    };
  }

  private condition(node: Record<string, unknown>, path: string): Fragment | undefined {
    const definition = typeof node.field === 'string' ? FIELD_DEFINITIONS.get(node.field) : undefined;
    if (!definition) {
      return this.problem(`${path}.field`, { code: 'rule_unknown_field', params: { field: String(node.field), fields: [...FIELD_DEFINITIONS.keys()] } });
    }
    this.conditions += 1;
    if (this.conditions === RULE_LIMITS.maxConditions + 1) {
      return this.problem(path, { code: 'rule_too_many_conditions', params: { max: RULE_LIMITS.maxConditions } });
    }
    if (definition.reads) {
      this.relatedConditions += 1;
      if (this.relatedConditions === RULE_LIMITS.maxRelatedConditions + 1) {
        return this.problem(path, { code: 'rule_too_many_related', params: { max: RULE_LIMITS.maxRelatedConditions } });
      }
    }
    const operator = node.operator;
    if (typeof operator !== 'string' || !definition.operators.includes(operator)) {
      return this.problem(`${path}.operator`, {
        code: 'rule_operator_not_allowed',
        params: { operator: String(operator), field: definition.field, operators: definition.operators },
      });
    }
    const before = this.problems.length;
    const params = this.checkParams(definition, node.params, `${path}.params`);
    const valueProblem = this.valueProblem(definition, operator, node.value);
    if (valueProblem) this.problem(`${path}.value${valueProblem.at}`, valueProblem);
    if (this.problems.length > before || !params) return undefined;
    const crossProblem = definition.check?.({ operator, value: node.value, params });
    if (crossProblem) return this.problem(`${path}.${crossProblem.at}`, crossProblem);
    return definition.compile({
      c: this.alias,
      operator,
      value: node.value,
      params,
      bind: (value, cast) => {
        this.values.push(value);
        return `$${this.offset + this.values.length}::${cast}`;
      },
    });
  }

  private checkParams(definition: FieldDefinition, raw: unknown, path: string): Record<string, unknown> | undefined {
    if (raw !== undefined && !isObject(raw)) return this.problem(path, { code: 'not_object' });
    const given = (raw ?? {}) as Record<string, unknown>;
    const known = definition.params ?? [];
    let ok = true;
    for (const name of Object.keys(given)) {
      if (!known.some((param) => param.name === name)) {
        this.problem(
          `${path}.${name}`,
          known.length > 0 ? { code: 'rule_unknown_param', params: { params: known.map((param) => param.name) } } : { code: 'rule_takes_no_params' },
        );
        ok = false;
      }
    }
    for (const param of known) {
      const value = given[param.name];
      if (value === undefined) {
        if (param.required) {
          this.problem(`${path}.${param.name}`, { code: 'required' });
          ok = false;
        }
        continue;
      }
      const problem = this.paramProblem(param, value);
      if (problem) {
        this.problem(`${path}.${param.name}`, problem);
        ok = false;
      }
    }
    return ok ? given : undefined;
  }

  private paramProblem(param: FieldParam, value: unknown): Problem | undefined {
    if (param.type === 'integer') {
      const min = param.min ?? 0;
      const max = param.max ?? MAX_INT;
      return isWhole(value, min, max) ? undefined : { code: 'not_whole_number_in_range', params: { min, max } };
    }
    if (param.type === 'product_code') {
      return typeof value === 'string' && PRODUCT_CODE.test(value) ? undefined : { code: 'not_product_code' };
    }
    return param.values?.includes(value as string) ? undefined : { code: 'not_one_of', params: { values: param.values ?? [] } };
  }

  private valueProblem(definition: FieldDefinition, operator: string, value: unknown): RuleProblem | undefined {
    if (operator === 'between') {
      if (!Array.isArray(value) || value.length !== 2) return { at: '', code: 'rule_between_pair' };
      for (const [index, item] of value.entries()) {
        const problem = this.scalarProblem(definition, item);
        if (problem) return { at: `[${index}]`, ...problem };
      }
      return value[0] <= value[1] ? undefined : { at: '', code: 'rule_low_above_high' };
    }
    if (operator === 'in') {
      if (!Array.isArray(value) || value.length === 0) return { at: '', code: 'rule_list_empty' };
      if (value.length > RULE_LIMITS.maxListValues) return { at: '', code: 'too_many_items', params: { max: RULE_LIMITS.maxListValues } };
      for (const [index, item] of value.entries()) {
        const problem = this.scalarProblem(definition, item);
        if (problem) return { at: `[${index}]`, ...problem };
      }
      return undefined;
    }
    const problem = this.scalarProblem(definition, value);
    return problem ? { at: '', ...problem } : undefined;
  }

  private scalarProblem(definition: FieldDefinition, value: unknown): Problem | undefined {
    switch (definition.valueType) {
      case 'integer': {
        const min = definition.min ?? 0;
        const max = definition.max ?? MAX_INT;
        return isWhole(value, min, max) ? undefined : { code: 'not_whole_number_in_range', params: { min, max } };
      }
      case 'number': {
        const min = definition.min ?? Number.NEGATIVE_INFINITY;
        const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && Math.abs(value) < 1e12;
        if (ok) return undefined;
        return definition.min !== undefined ? { code: 'not_number_min', params: { min: definition.min } } : { code: 'not_number' };
      }
      case 'enum':
        return definition.values?.some((option) => option.value === value)
          ? undefined
          : { code: 'not_one_of', params: { values: definition.values?.map((option) => option.value) ?? [] } };
      case 'string':
        return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_STRING
          ? undefined
          : { code: 'rule_text', params: { max: MAX_STRING } };
      case 'boolean':
        return typeof value === 'boolean' ? undefined : { code: 'not_boolean' };
      case 'org_unit_id':
        return isWhole(value, 1, MAX_INT) ? undefined : { code: 'not_org_unit_id' };
      case 'days':
        return isWhole(value, 1, RULE_LIMITS.maxDays) ? undefined : { code: 'rule_days', params: { max: RULE_LIMITS.maxDays } };
      case 'product_code':
        return typeof value === 'string' && PRODUCT_CODE.test(value) ? undefined : { code: 'not_product_code' };
    }
  }

  private problem(field: string, { code, params }: Problem): undefined {
    this.problems.push({ field, code, params: params ?? {} });
    return undefined;
  }
}
