import { FieldProblem, renderError, ValidationError } from '@lib/common';
import { compileRule } from './compile-rule';
import { fieldCatalogue } from './field-catalogue';
import { RuleCondition, RuleNode } from './rule';

const condition = (field: string, operator: string, value?: unknown, params?: Record<string, unknown>): RuleCondition => ({
  type: 'condition', field, operator, value, ...(params ? { params } : {}),
});

function problemsOf(rule: unknown): FieldProblem[] {
  try {
    compileRule(rule as RuleNode, []);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details ?? [];
  }
  throw new Error('the rule compiled');
}

/** One valid condition per field and operator, with a value that is easy to spot in SQL. */
const VALID: RuleCondition[] = [
  condition('age', '=', 147), condition('age', '!=', 47), condition('age', '<', 47), condition('age', '<=', 47),
  condition('age', '>', 47), condition('age', '>=', 47), condition('age', 'between', [31, 47]),
  condition('gender', '=', 'F'), condition('gender', '!=', 'M'),
  condition('city', '=', 'Zhenjiang-x'), condition('city', '!=', 'Zhenjiang-x'), condition('city', 'in', ['Zhenjiang-x', "O'Brien; DROP TABLE customers"]),
  condition('org_unit', 'in_subtree', 4711),
  condition('tenure_years', '>=', 7), condition('tenure_years', 'between', [2, 7]),
  condition('value_tier', '=', 'gold'), condition('value_tier', 'in', ['gold', 'silver']), condition('value_tier', '!=', 'do_not_serve'),
  condition('consent', 'is', true, { channel: 'agent_visit' }),
  condition('do_not_contact', 'is', false), condition('has_mobile', 'is', true), condition('has_email', 'is', true),
  condition('holds_line', 'has', 'motor_commercial'), condition('holds_line', 'lacks', 'home'),
  condition('holds_product', 'has', 'SYX'), condition('holds_product', 'lacks', 'JCX'),
  condition('policy_expiring', 'within_days', 647), condition('policy_expiring', 'within_days', 60, { line: 'motor_commercial' }),
  condition('policy_expiring', 'within_days', 60, { product: 'SYX' }),
  condition('active_policy_count', '>=', 2), condition('active_policy_count', '<', 2), condition('active_policy_count', 'between', [0, 1]),
  condition('annual_premium', '>', 4711.5), condition('annual_premium', '<=', 4711.5),
  condition('claims_count', '>=', 1, { months: 12 }), condition('claims_count', '=', 0, { months: 12 }),
  condition('claims_amount', '>', 4711, { months: 24 }),
  condition('contacted', 'within_days', 30), condition('contacted', 'within_days', 30, { channel: 'phone', campaignId: 4711 }),
  condition('not_contacted', 'within_days', 30, { channel: 'email' }),
  condition('responded', 'within_days', 90, { campaignId: 4711 }), condition('converted', 'within_days', 90),
];

describe(compileRule.name, () => {
  it.each(VALID.map((c) => [`${c.field} ${c.operator} ${JSON.stringify(c.value)}`, c] as const))(
    'compiles %s with every value as a bound parameter',
    (_, rule) => {
      const params: unknown[] = ['earlier'];
      const sql = compileRule(rule, params, 'cu');
      expect(params.length).toBeGreaterThan(1);
      expect(params[0]).toBe('earlier');
      expect(sql).not.toMatch(/\$1\b/);
      expect(sql).toContain('$2');
      expect(sql).not.toMatch(/4711|147|647|Zhenjiang|DROP|agent_visit'|'SYX|'JCX|'gold|'motor/);
      for (let n = 2; n <= params.length; n++) expect(sql).toContain(`$${n}::`);
      expect(sql).not.toMatch(/\bc\./);
    },
  );

  it('covers every field of the catalogue in the cases above', () => {
    const tested = new Set(VALID.map((c) => c.field));
    expect(fieldCatalogue().map((f) => f.field).filter((f) => !tested.has(f))).toEqual([]);
  });

  it('joins groups with AND / OR and turns "not" into none-of, treating unknown values as no match', () => {
    const params: unknown[] = [];
    const sql = compileRule({
      type: 'group', op: 'all', children: [
        { type: 'group', op: 'any', children: [condition('gender', '=', 'F'), condition('do_not_contact', 'is', false)] },
        { type: 'group', op: 'not', children: [condition('city', '=', 'Nanjing'), condition('holds_line', 'has', 'home')] },
      ],
    }, params);
    expect(sql).toBe(
      "((c.gender = $1::text OR c.do_not_contact = $2::boolean) AND (NOT COALESCE(c.city = $3::text, false) AND NOT ((c.active_lines & product_line_bit($4::text)) <> 0)))",
    );
    expect(params).toEqual(['F', false, 'Nanjing', 'home']);
  });

  it('counts customers without rows as zero: "fewer than 2 claims" is a NOT EXISTS', () => {
    expect(compileRule(condition('claims_count', '<', 2, { months: 12 }), [])).toMatch(/^NOT EXISTS .*HAVING NOT \(count\(\*\) < \$2::int\)/);
    expect(compileRule(condition('claims_count', '>=', 2, { months: 12 }), [])).toMatch(/^EXISTS .*HAVING count\(\*\) >= \$2::int/);
  });

  it('leaves the params untouched when the rule is invalid', () => {
    const params: unknown[] = [1];
    expect(() => compileRule({ type: 'group', op: 'all', children: [condition('age', '>', 3), condition('age', '>', 'x')] }, params)).toThrow(ValidationError);
    expect(params).toEqual([1]);
  });

  it('points at an operator that the field does not allow, naming the allowed ones', () => {
    const rule = { type: 'group', op: 'all', children: [condition('city', '=', 'a'), condition('gender', '=', 'M'), condition('age', 'contains', 3)] };
    expect(problemsOf(rule)).toEqual([{
      field: 'rule.children[2].operator',
      code: 'rule_operator_not_allowed',
      params: { operator: 'contains', field: 'age', operators: ['=', '!=', '<', '<=', '>', '>=', 'between'] },
    }]);
  });

  it.each([
    ['an unknown field', condition('shoe_size', '=', 3), 'rule.children[0].field', /unknown field "shoe_size"/],
    ['a text for a number', condition('age', '>', '30'), 'rule.children[0].value', /whole number/],
    ['an infinite number', condition('annual_premium', '>', Infinity), 'rule.children[0].value', /number/],
    ['between high below low', condition('age', 'between', [50, 30]), 'rule.children[0].value', /low must not be greater/],
    ['between with one bound', condition('age', 'between', [50]), 'rule.children[0].value', /\[low, high\]/],
    ['a bad bound in between', condition('age', 'between', [30, 'x']), 'rule.children[0].value[1]', /whole number/],
    ['an empty in-list', condition('city', 'in', []), 'rule.children[0].value', /non-empty list/],
    ['an in-list over 1,000', condition('city', 'in', Array.from({ length: 1001 }, (_, i) => `c${i}`)), 'rule.children[0].value', /at most 1000/],
    ['an enum value off the list', condition('value_tier', 'in', ['gold', 'platinum']), 'rule.children[0].value[1]', /one of gold, silver/],
    ['a gender off the list', condition('gender', '=', 'X'), 'rule.children[0].value', /one of M, F/],
    ['zero days', condition('contacted', 'within_days', 0), 'rule.children[0].value', /1 to 730/],
    ['a window over two years', condition('policy_expiring', 'within_days', 731), 'rule.children[0].value', /1 to 730/],
    ['a contact window over two years', condition('not_contacted', 'within_days', 3650), 'rule.children[0].value', /1 to 730/],
    ['a missing months param', condition('claims_count', '>', 1), 'rule.children[0].params.months', /required/],
    ['claims over three years back', condition('claims_amount', '>', 1, { months: 37 }), 'rule.children[0].params.months', /1 to 36/],
    ['an unknown param', condition('age', '>', 1, { unit: 'days' }), 'rule.children[0].params.unit', /no parameters/],
    ['a consent channel off the list', condition('consent', 'is', true, { channel: 'fax' }), 'rule.children[0].params.channel', /one of email/],
    ['a non-boolean consent', condition('consent', 'is', 'yes', { channel: 'email' }), 'rule.children[0].value', /true or false/],
    ['line and product together', condition('policy_expiring', 'within_days', 30, { line: 'home', product: 'JCX' }), 'rule.children[0].params', /not both/],
    ['a product line off the list', condition('holds_line', 'has', 'pets'), 'rule.children[0].value', /one of motor_compulsory/],
    ['a bad org unit id', condition('org_unit', 'in_subtree', -1), 'rule.children[0].value', /org unit id/],
    ['a node that is not an object', 'age > 3', 'rule.children[0]', /group or a condition/],
    ['a node of unknown type', { type: 'rule' }, 'rule.children[0].type', /one of group, condition/],
    ['a group with an unknown op', { type: 'group', op: 'xor', children: [condition('age', '>', 1)] }, 'rule.children[0].op', /all, any, not/],
    ['an empty group', { type: 'group', op: 'any', children: [] }, 'rule.children[0].children', /at least one/],
  ])('points at the node for %s', (_, node, field, problem) => {
    const problems = problemsOf({ type: 'group', op: 'all', children: [node] });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(renderError(problems[0].code!, problems[0].params, 'en')).toMatch(problem);
  });

  it('reports every invalid node at once', () => {
    const problems = problemsOf({
      type: 'group', op: 'any', children: [condition('age', '>', 'x'), { type: 'group', op: 'all', children: [condition('city', 'like', 'a')] }],
    });
    expect(problems.map((p) => p.field)).toEqual(['rule.children[0].value', 'rule.children[1].children[0].operator']);
  });

  it('refuses rules nested deeper than 5 groups', () => {
    let rule: RuleNode = condition('age', '>', 1);
    for (let depth = 0; depth < 5; depth++) rule = { type: 'group', op: 'all', children: [rule] };
    expect(problemsOf(rule)).toEqual([{ field: `rule${'.children[0]'.repeat(5)}`, code: 'rule_too_deep', params: { max: 5 } }]);
  });

  it('refuses rules of more than 100 groups and conditions', () => {
    const group = (op: 'all' | 'any' | 'not', child: RuleNode): RuleNode => ({ type: 'group', op, children: [child] });
    const chain = () => group('not', group('all', group('any', condition('age', '>', 1))));
    expect(problemsOf({ type: 'group', op: 'any', children: Array.from({ length: 25 }, chain) })).toEqual([
      { field: `rule.children[24]${'.children[0]'.repeat(3)}`, code: 'rule_too_many_nodes', params: { max: 100 } },
    ]);
  });

  it('refuses rules of more than 30 conditions, naming the first one over', () => {
    const rule = { type: 'group', op: 'any', children: Array.from({ length: 31 }, () => condition('age', '>', 1)) };
    expect(problemsOf(rule)).toEqual([{ field: 'rule.children[30]', code: 'rule_too_many_conditions', params: { max: 30 } }]);
  });

  it('refuses more than 10 conditions that read policies, claims or contacts, however cheap the others', () => {
    const related = [
      condition('claims_count', '>=', 1, { months: 12 }), condition('contacted', 'within_days', 30), condition('holds_product', 'has', 'SYX'),
    ];
    const children = Array.from({ length: 11 }, (_, i) => [condition('age', '>', i), related[i % 3]]).flat();
    expect(problemsOf({ type: 'group', op: 'any', children })).toEqual([
      { field: 'rule.children[21]', code: 'rule_too_many_related', params: { max: 10 } },
    ]);
  });

  it('refuses the 199-condition rule that once ran for 80 seconds', () => {
    const children = Array.from({ length: 199 }, (_, i) => condition('claims_amount', '>', i, { months: 12 }));
    expect(problemsOf({ type: 'group', op: 'any', children }).map((p) => p.field)).toEqual(['rule.children[10]', 'rule.children[30]', 'rule.children[99]']);
  });

  it('names the rule by the given path, for rules inside other bodies', () => {
    expect(() => compileRule(condition('age', '>', 'x'), [], 'c', 'eligibilityRule')).toThrow(
      expect.objectContaining({ details: [{ field: 'eligibilityRule.value', code: 'not_whole_number_in_range', params: { min: 0, max: 150 } }] }),
    );
  });
});
