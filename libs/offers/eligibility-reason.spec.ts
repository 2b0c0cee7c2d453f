import type { RuleCondition, RuleNode } from '@lib/segments';
import { describeCondition, explainEligibility, leavesOf } from './eligibility-reason';

const motorWithoutHome: RuleNode = {
  type: 'group',
  op: 'all',
  children: [
    { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
    { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'home' },
  ],
};

describe('explainEligibility', () => {
  it('names every condition of an all-group in Chinese and English', () => {
    expect(explainEligibility(motorWithoutHome, [true, true])).toEqual([
      { zh: '持有商业车险', en: 'holds commercial motor' },
      { zh: '未持有家财险', en: 'has no home property policy' },
    ]);
  });

  it('names only the conditions that held in an any-group', () => {
    const rule: RuleNode = {
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
        { type: 'condition', field: 'age', operator: 'between', value: [25, 60] },
      ],
    };
    expect(leavesOf(rule)).toHaveLength(3);
    expect(explainEligibility(rule, [false, true, true]).map((reason) => reason.zh)).toEqual(['持有商业车险', '年龄在 25–60 之间']);
  });

  it('explains a not-group by the conditions that did not hold, in their negated form', () => {
    const rule: RuleNode = {
      type: 'group',
      op: 'not',
      children: [
        { type: 'condition', field: 'holds_line', operator: 'has', value: 'health' },
        { type: 'condition', field: 'claims_count', operator: '>', value: 2, params: { months: 12 } },
      ],
    };
    expect(explainEligibility(rule, [false, false])).toEqual([
      { zh: '未持有健康险', en: 'has no health policy' },
      { zh: '近 12 个月理赔次数不超过 2', en: 'claims in the last 12 months at most 2' },
    ]);
  });
});

describe('describeCondition', () => {
  it('uses the product names it is given', () => {
    const products = new Map([['JCX', { zh: '家庭财产保险', en: 'Home property insurance' }]]);
    expect(describeCondition({ type: 'condition', field: 'holds_product', operator: 'has', value: 'JCX' }, { products })).toEqual({
      zh: '持有家庭财产保险',
      en: 'holds Home property insurance',
    });
  });

  it('describes renewals, tiers, consent and contact history', () => {
    const zh = (condition: RuleCondition) => describeCondition(condition).zh;
    expect(zh({ type: 'condition', field: 'policy_expiring', operator: 'within_days', value: 60, params: { line: 'motor_commercial' } })).toBe(
      '商业车险保单将在 60 天内到期',
    );
    expect(zh({ type: 'condition', field: 'value_tier', operator: 'in', value: ['gold', 'silver'] })).toBe('金牌或银牌客户');
    expect(zh({ type: 'condition', field: 'consent', operator: 'is', value: true, params: { channel: 'phone' } })).toBe('同意电话联系');
    expect(zh({ type: 'condition', field: 'not_contacted', operator: 'within_days', value: 30 })).toBe('近 30 天内未联系过');
    expect(describeCondition({ type: 'condition', field: 'has_mobile', operator: 'is', value: true }, {}, true).zh).toBe('没有手机号');
  });
});
