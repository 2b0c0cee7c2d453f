import { validateAnswers, validateDefinition } from '../form-validation';
import { STANDARD_EVALUATION_FORM } from './standard-evaluation-form';

const report = {
  summary: '按计划完成短信与电话触达，第二周追加了一轮回访。',
  started_on: '2026-03-01',
  finished_on: '2026-03-31',
  plan_adherence: '4',
  contacts: '1200',
  delivered: '1150',
  responses: '180',
  conversions: '42',
  premium_written: '63000.00',
  results_by_line: [
    { line: 'motor_commercial', policies: '30', premium: '51000.00' },
    { line: 'accident', policies: '12', premium: '12000.00' },
  ],
  spend: '5200.00',
  contact_costs: '3600.00',
  spend_items: [{ item: '宣传折页', category: 'materials', amount: '1600.00' }],
  feedback_overall: 'positive',
  feedback_topics: ['price', 'coverage'],
  problems: '部分客户电话无法接通。',
  self_rating: '4',
};

describe('the standard evaluation form', () => {
  it('is a definition that publishes', () => {
    expect(validateDefinition(STANDARD_EVALUATION_FORM)).toEqual([]);
  });

  it('takes a complete report', () => {
    expect(validateAnswers(STANDARD_EVALUATION_FORM, report, 'submit')).toEqual([]);
  });

  it('holds the figures to each other: delivered ≤ contacts, responses ≤ delivered, the spend items add up', () => {
    const problems = validateAnswers(STANDARD_EVALUATION_FORM, { ...report, delivered: '1300', spend_items: [] }, 'submit');
    expect(problems.map(({ field, code }) => [field, code])).toEqual([
      ['answers.delivered', 'form_field_message'],
      ['answers.spend', 'form_sum_mismatch'],
    ]);
  });
});
