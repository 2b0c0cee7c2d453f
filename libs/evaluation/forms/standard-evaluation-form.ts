/**
 * The province's standard evaluation form: what every branch reports after a campaign
 * (BRIEF.md G7). The demo loads it as template `standard_evaluation`, and a deployment
 * may start its own from it. The figures fields are bound to the system figures
 * (docs/figures.md), so a branch finds them prefilled.
 */
import { PRODUCT_LINES } from '../../segments/field-catalogue';
import type { FormDefinition } from '../form-schema';

export const STANDARD_EVALUATION_CODE = 'standard_evaluation';

export const STANDARD_EVALUATION_NAME = { zh: '营销活动执行评估表', en: 'Campaign execution evaluation' };

export const STANDARD_EVALUATION_FORM: FormDefinition = {
  sections: [
    {
      key: 'execution_summary',
      title: { zh: '执行概况', en: 'Execution summary' },
      description: { zh: '本机构执行活动的总体情况。', en: 'How your branch carried out the campaign.' },
      fields: [
        {
          key: 'summary',
          type: 'long_text',
          label: { zh: '执行情况综述', en: 'Summary of the execution' },
          help: { zh: '说明做了什么、与计划有何不同及原因。', en: 'What was done, how it differed from the plan, and why.' },
          required: true,
          min: 20,
          max: 2000,
        },
        { key: 'started_on', type: 'date', label: { zh: '实际开始日期', en: 'Started on' }, required: true },
        { key: 'finished_on', type: 'date', label: { zh: '实际结束日期', en: 'Finished on' }, required: true },
        {
          key: 'plan_adherence',
          type: 'rating',
          label: { zh: '计划执行程度', en: 'How closely the plan was followed' },
          help: { zh: '1 = 基本未按计划，5 = 完全按计划', en: '1 = hardly at all, 5 = fully' },
          required: true,
        },
      ],
    },
    {
      key: 'reach_results',
      title: { zh: '触达与成果', en: 'Reach and results' },
      description: {
        zh: '系统指标已预填；如需修改，请说明原因。',
        en: 'The system figures are prefilled; explain any figure you change.',
      },
      fields: [
        { key: 'contacts', type: 'number', label: { zh: '接触数', en: 'Contacts' }, required: true, min: 0, wholeNumber: true, binding: 'contacts' },
        { key: 'delivered', type: 'number', label: { zh: '送达数', en: 'Delivered' }, required: true, min: 0, wholeNumber: true, binding: 'delivered' },
        { key: 'responses', type: 'number', label: { zh: '响应数', en: 'Responses' }, required: true, min: 0, wholeNumber: true, binding: 'responses' },
        { key: 'conversions', type: 'number', label: { zh: '转化数（保单）', en: 'Conversions (policies)' }, required: true, min: 0, wholeNumber: true, binding: 'conversions' },
        { key: 'premium_written', type: 'money', label: { zh: '新单保费', en: 'Premium written' }, required: true, min: 0, binding: 'premium_written' },
        {
          key: 'results_by_line',
          type: 'table',
          label: { zh: '分险种成果', en: 'Results by product line' },
          help: { zh: '每个险种一行。', en: 'One row per product line.' },
          max: PRODUCT_LINES.length,
          columns: [
            { key: 'line', type: 'single_choice', label: { zh: '险种', en: 'Product line' }, required: true, options: PRODUCT_LINES.map(({ value, label }) => ({ value, label })) },
            { key: 'policies', type: 'number', label: { zh: '保单数', en: 'Policies' }, required: true, min: 0, wholeNumber: true },
            { key: 'premium', type: 'money', label: { zh: '保费', en: 'Premium' }, required: true, min: 0 },
          ],
        },
      ],
    },
    {
      key: 'spend',
      title: { zh: '费用', en: 'Spend' },
      fields: [
        { key: 'spend', type: 'money', label: { zh: '总支出', en: 'Total spend' }, required: true, min: 0, binding: 'spend' },
        {
          key: 'contact_costs',
          type: 'money',
          label: { zh: '接触费用（按次自动计费）', en: 'Contact costs (charged per contact)' },
          help: { zh: '见活动预算页的自动支出合计。', en: "The automatic spend total on the campaign's budget page." },
          required: true,
          min: 0,
        },
        {
          key: 'spend_items',
          type: 'table',
          label: { zh: '其他支出明细', en: 'Other spend items' },
          help: { zh: '物料、礼品、活动场地等手工录入的支出。', en: 'Materials, gifts, venues and other spend entered by hand.' },
          columns: [
            { key: 'item', type: 'text', label: { zh: '项目', en: 'Item' }, required: true, max: 100 },
            {
              key: 'category',
              type: 'single_choice',
              label: { zh: '类别', en: 'Category' },
              options: [
                { value: 'materials', label: { zh: '物料', en: 'Materials' } },
                { value: 'gifts', label: { zh: '礼品', en: 'Gifts' } },
                { value: 'events', label: { zh: '活动场地', en: 'Events' } },
                { value: 'media', label: { zh: '媒体投放', en: 'Media' } },
                { value: 'other', label: { zh: '其他', en: 'Other' } },
              ],
            },
            { key: 'amount', type: 'money', label: { zh: '金额', en: 'Amount' }, required: true, min: 0 },
          ],
        },
      ],
    },
    {
      key: 'customer_feedback',
      title: { zh: '客户反馈', en: 'Customer feedback' },
      fields: [
        {
          key: 'feedback_overall',
          type: 'single_choice',
          label: { zh: '客户总体反馈', en: 'Overall customer feedback' },
          required: true,
          options: [
            { value: 'very_positive', label: { zh: '非常积极', en: 'Very positive' } },
            { value: 'positive', label: { zh: '积极', en: 'Positive' } },
            { value: 'neutral', label: { zh: '一般', en: 'Neutral' } },
            { value: 'negative', label: { zh: '消极', en: 'Negative' } },
          ],
        },
        {
          key: 'feedback_topics',
          type: 'multiple_choice',
          label: { zh: '客户主要关注点', en: 'What customers asked about most' },
          max: 3,
          options: [
            { value: 'price', label: { zh: '价格', en: 'Price' } },
            { value: 'coverage', label: { zh: '保障范围', en: 'Coverage' } },
            { value: 'service', label: { zh: '服务', en: 'Service' } },
            { value: 'claims', label: { zh: '理赔', en: 'Claims' } },
            { value: 'contact_timing', label: { zh: '联系时间', en: 'When we contacted them' } },
            { value: 'channel', label: { zh: '联系方式', en: 'How we contacted them' } },
          ],
        },
        { key: 'feedback_notes', type: 'long_text', label: { zh: '典型反馈', en: 'Typical feedback' }, max: 2000 },
      ],
    },
    {
      key: 'problems_suggestions',
      title: { zh: '问题与建议', en: 'Problems and suggestions' },
      fields: [
        { key: 'problems', type: 'long_text', label: { zh: '执行中遇到的问题', en: 'Problems met' }, required: true, max: 2000 },
        { key: 'suggestions', type: 'long_text', label: { zh: '改进建议', en: 'Suggestions' }, max: 2000 },
      ],
    },
    {
      key: 'self_rating',
      title: { zh: '自评', en: 'Self-rating' },
      fields: [
        {
          key: 'self_rating',
          type: 'rating',
          label: { zh: '本机构执行效果自评', en: "Your branch's rating of its own results" },
          help: { zh: '1 = 很差，5 = 很好', en: '1 = poor, 5 = excellent' },
          required: true,
        },
        { key: 'self_rating_reason', type: 'long_text', label: { zh: '自评理由', en: 'Why this rating' }, max: 1000 },
      ],
    },
  ],
  rules: [
    {
      kind: 'compare',
      left: 'delivered',
      op: '<=',
      right: 'contacts',
      message: { zh: '送达数不能大于接触数', en: 'Delivered cannot be more than contacts' },
    },
    {
      kind: 'compare',
      left: 'responses',
      op: '<=',
      right: 'delivered',
      message: { zh: '响应数不能大于送达数', en: 'Responses cannot be more than delivered' },
    },
    {
      kind: 'compare',
      left: 'conversions',
      op: '<=',
      right: 'contacts',
      message: { zh: '转化数不能大于接触数', en: 'Conversions cannot be more than contacts' },
    },
    {
      kind: 'compare',
      left: 'results_by_line.policies',
      op: '<=',
      right: 'conversions',
      message: { zh: '各险种保单数之和不能大于转化数', en: 'The policies by product line cannot add up to more than the conversions' },
    },
    {
      kind: 'compare',
      left: 'results_by_line.premium',
      op: '<=',
      right: 'premium_written',
      message: { zh: '各险种保费之和不能大于新单保费', en: 'The premium by product line cannot add up to more than the premium written' },
    },
    { kind: 'sum', parts: ['contact_costs', 'spend_items.amount'], total: 'spend' },
  ],
};
