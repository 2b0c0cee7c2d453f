import { renderError } from '../common/error-messages';
import type { FieldProblem } from '../common/domain-error';
import type { FormAnswers, FormDefinition, FormField, FormRule } from './form-schema';
import { ANSWER_LIMITS, isEmptyAnswer, parseDecimal, ruleFieldKey, sameDecimal, validateAnswers, validateDefinition } from './form-validation';

const text = (zh: string, en: string) => ({ zh, en });

/** What is filled in wrongly, leaving out what is merely missing: every problem at submission but 'required'. */
function filledProblems(form: FormDefinition, answers: FormAnswers): FieldProblem[] {
  return validateAnswers(form, answers, 'submit').filter((problem) => problem.code !== 'required');
}

function field(key: string, type: FormField['type'], extra: Partial<FormField> = {}): FormField {
  return { key, type, label: text(key, key), ...extra };
}

const options = [
  { value: 'sms', label: text('短信', 'SMS') },
  { value: 'email', label: text('邮件', 'Email') },
  { value: 'call', label: text('电话', 'Call') },
];

/** A form with one field of every type, and the usual figure rules. */
function definition(rules: FormRule[] = []): FormDefinition {
  return {
    sections: [
      {
        key: 'summary',
        title: text('执行概况', 'Execution summary'),
        fields: [
          field('summary', 'long_text', { required: true, min: 5, max: 200 }),
          field('code', 'text', { pattern: '[A-Z]{2}-\\d{3}', patternMessage: text('形如 AB-123', 'like AB-123') }),
          field('plain_code', 'text', { pattern: '\\d+' }),
          field('started', 'date', { required: true }),
          field('rating', 'rating', { required: true }),
          field('channel', 'single_choice', { options }),
          field('channels', 'multiple_choice', { options, min: 1, max: 2 }),
        ],
      },
      {
        key: 'results',
        title: text('结果', 'Results'),
        fields: [
          field('contacts', 'number', { required: true, min: 0, binding: 'contacts' }),
          field('delivered', 'number', { min: 0, binding: 'delivered' }),
          field('conversions', 'number', { min: 0 }),
          field('response_rate', 'percent'),
          field('spend', 'money', { required: true, min: 0, binding: 'spend' }),
          field('other_spend', 'money'),
          field('spend_items', 'table', {
            max: 3,
            columns: [
              { key: 'item', label: text('项目', 'Item'), type: 'text', required: true },
              { key: 'amount', label: text('金额', 'Amount'), type: 'money', required: true, min: 0 },
              { key: 'day', label: text('日期', 'Day'), type: 'date' },
            ],
          }),
        ],
      },
    ],
    rules,
  };
}

const complete = {
  summary: '活动按计划执行',
  started: '2026-03-01',
  rating: '4',
  contacts: '1200',
  spend: '3000.50',
};

const fieldsOf = (problems: { field: string }[]) => problems.map((problem) => problem.field);

describe(validateAnswers.name, () => {
  it('accepts a complete report', () => {
    expect(validateAnswers(definition(), complete, 'submit')).toEqual([]);
  });

  it('lets a draft leave required fields empty, and a submission not', () => {
    expect(filledProblems(definition(), {})).toEqual([]);
    expect(validateAnswers(definition(), { summary: '  ', rating: null }, 'submit')).toEqual([
      { field: 'answers.summary', code: 'required' },
      { field: 'answers.started', code: 'required' },
      { field: 'answers.rating', code: 'required' },
      { field: 'answers.contacts', code: 'required' },
      { field: 'answers.spend', code: 'required' },
    ]);
  });

  it('checks what a draft has filled', () => {
    expect(filledProblems(definition(), { contacts: '12a', started: '2026-02-30' })).toEqual([
      { field: 'answers.started', code: 'not_a_date' },
      { field: 'answers.contacts', code: 'not_number' },
    ]);
  });

  it('refuses a draft only what cannot be stored: missing, out of bounds and against a rule it saves, to be refused at submission', () => {
    const form = definition([{ kind: 'compare', left: 'delivered', op: '<=', right: 'contacts' }]);
    const unfinished = { summary: 'abc', contacts: '5', delivered: '9', conversions: '-1', channels: ['sms', 'email', 'call'], code: 'x' };
    expect(validateAnswers(form, unfinished, 'draft')).toEqual([]);
    expect(validateAnswers(form, unfinished, 'submit').map(({ field, code }) => [field, code])).toEqual([
      ['answers.summary', 'too_short'],
      ['answers.code', 'form_field_message'],
      ['answers.started', 'required'],
      ['answers.rating', 'required'],
      ['answers.channels', 'too_many_items'],
      ['answers.conversions', 'below_min'],
      ['answers.spend', 'required'],
      ['answers.delivered', 'form_must_not_exceed'],
    ]);
    const unstorable = { contacts: 'many', rating: '7', channel: 'fax', spend_items: {} as never, extra: '1', summary: 'x'.repeat(ANSWER_LIMITS.long_text + 1) };
    expect(validateAnswers(form, unstorable, 'draft').map(({ field, code }) => [field, code])).toEqual([
      ['answers.extra', 'unknown_field'],
      ['answers.summary', 'too_long'],
      ['answers.rating', 'not_whole_number_in_range'],
      ['answers.channel', 'not_one_of'],
      ['answers.contacts', 'not_number'],
      ['answers.spend_items', 'not_list'],
    ]);
  });

  it('names an answer the form has no field for', () => {
    expect(validateAnswers(definition(), { ...complete, extra: '1' }, 'submit')).toEqual([{ field: 'answers.extra', code: 'unknown_field' }]);
  });

  it('refuses answers that are not an object', () => {
    expect(filledProblems(definition(), [] as never)).toEqual([{ field: 'answers', code: 'not_object' }]);
  });

  describe('numbers', () => {
    it.each([
      ['12', []],
      ['-0.5', ['below_min']],
      ['0', []],
      ['1e3', ['not_number']],
      ['+5', ['not_number']],
      ['1,200', ['not_number']],
      ['.5', ['not_number']],
      ['5.', ['not_number']],
      ['123456789012345678.123456789012', []],
      ['1234567890123456789', ['not_number']],
      ['1.1234567890123', ['not_number']],
    ])('reads conversions %p', (value, codes) => {
      expect(filledProblems(definition(), { conversions: value }).map((problem) => problem.code)).toEqual(codes);
    });

    it('takes only whole numbers where the field says so or counts a bound figure, and says so at saving a draft already', () => {
      const form: FormDefinition = {
        sections: [{ key: 's', title: text('s', 's'), fields: [field('visits', 'number', { wholeNumber: true, min: 0 }), field('contacts', 'number', { binding: 'contacts' }), field('spend', 'money', { binding: 'spend' })] }],
        rules: [],
      };
      const answers = { visits: '3.5', contacts: '12.0', spend: '12.50' };
      expect(validateAnswers(form, answers, 'draft')).toEqual([
        { field: 'answers.visits', code: 'not_whole_number' },
        { field: 'answers.contacts', code: 'not_whole_number' },
      ]);
      expect(validateAnswers(form, { visits: '-3', contacts: '12', spend: '12.50' }, 'draft')).toEqual([]);
      expect(renderError('not_whole_number', undefined, 'zh')).toBe('必须是整数');
      expect(renderError('not_whole_number', undefined, 'en')).toBe('must be a whole number');
    });

    it('refuses a JSON number: figures are decimal strings', () => {
      expect(filledProblems(definition(), { contacts: 12 as never })).toEqual([{ field: 'answers.contacts', code: 'not_number' }]);
    });

    it('gives money at most two decimals', () => {
      expect(filledProblems(definition(), { spend: '10.25' })).toEqual([]);
      expect(filledProblems(definition(), { spend: '10.255' })).toEqual([
        { field: 'answers.spend', code: 'too_many_decimals', params: { places: 2 } },
      ]);
    });

    it('keeps a percent from 0 to 100', () => {
      expect(filledProblems(definition(), { response_rate: '100' })).toEqual([]);
      expect(filledProblems(definition(), { response_rate: '100.01' })).toEqual([
        { field: 'answers.response_rate', code: 'above_max', params: { max: '100' } },
      ]);
      expect(filledProblems(definition(), { response_rate: '-1' })).toEqual([
        { field: 'answers.response_rate', code: 'below_min', params: { min: '0' } },
      ]);
    });

    it('compares bounds exactly', () => {
      const form: FormDefinition = { sections: [{ key: 's', title: text('s', 's'), fields: [field('n', 'number', { max: 0.1 })] }], rules: [] };
      expect(filledProblems(form, { n: '0.100000000000' })).toEqual([]);
      expect(filledProblems(form, { n: '0.100000000001' })).toEqual([{ field: 'answers.n', code: 'above_max', params: { max: '0.1' } }]);
    });
  });

  describe('texts', () => {
    it('counts characters, not UTF-16 units', () => {
      expect(filledProblems(definition(), { summary: '按计划执行' })).toEqual([]);
      expect(filledProblems(definition(), { summary: '𠀀𠀀𠀀𠀀' })).toEqual([{ field: 'answers.summary', code: 'too_short', params: { min: 5 } }]);
      expect(filledProblems(definition(), { summary: 'x'.repeat(201) })).toEqual([{ field: 'answers.summary', code: 'too_long', params: { max: 200 } }]);
    });

    it('matches a pattern against the whole answer and says the designer\'s message', () => {
      expect(filledProblems(definition(), { code: 'AB-123' })).toEqual([]);
      const problems = filledProblems(definition(), { code: 'xAB-123' });
      expect(problems).toEqual([{ field: 'answers.code', code: 'form_field_message', params: { message: text('形如 AB-123', 'like AB-123') } }]);
      expect(renderError(problems[0].code, problems[0].params, 'en')).toBe('like AB-123');
      expect(filledProblems(definition(), { plain_code: '12a' })).toEqual([{ field: 'answers.plain_code', code: 'wrong_format' }]);
    });

    it('holds texts and tables to the limits of an answer, whatever the field allows', () => {
      const form: FormDefinition = {
        sections: [{ key: 's', title: text('s', 's'), fields: [field('t', 'text'), field('l', 'long_text', { max: 20 }), field('rows', 'table', { columns: [{ key: 'c', label: text('c', 'c'), type: 'text' }] })] }],
        rules: [],
      };
      expect(filledProblems(form, { t: 'x'.repeat(500), l: 'x'.repeat(20) })).toEqual([]);
      expect(filledProblems(form, { t: 'x'.repeat(501), l: 'x'.repeat(21), rows: Array.from({ length: 201 }, () => ({ c: 'a' })) })).toEqual([
        { field: 'answers.t', code: 'too_long', params: { max: 500 } },
        { field: 'answers.l', code: 'too_long', params: { max: 20 } },
        { field: 'answers.rows', code: 'too_many_items', params: { max: 200 } },
      ]);
    });

    it('refuses a text that is not a string', () => {
      expect(filledProblems(definition(), { summary: ['a'] })).toEqual([{ field: 'answers.summary', code: 'not_text' }]);
    });
  });

  describe('dates, ratings and choices', () => {
    it.each(['2026-3-01', '2026-13-01', '2025-02-29', '01/03/2026', '2026-03-01T00:00:00Z'])('refuses the date %p', (value) => {
      expect(filledProblems(definition(), { started: value })).toEqual([{ field: 'answers.started', code: 'not_a_date' }]);
    });

    it('takes a leap day', () => {
      expect(filledProblems(definition(), { started: '2028-02-29' })).toEqual([]);
    });

    it.each(['0', '6', '3.5', '4.0', 'five'])('refuses the rating %p', (value) => {
      expect(filledProblems(definition(), { rating: value })).toEqual([
        { field: 'answers.rating', code: 'not_whole_number_in_range', params: { min: 1, max: 5 } },
      ]);
    });

    it('takes only an option of a single choice', () => {
      expect(filledProblems(definition(), { channel: 'sms' })).toEqual([]);
      expect(filledProblems(definition(), { channel: 'fax' })).toEqual([
        { field: 'answers.channel', code: 'not_one_of', params: { values: ['sms', 'email', 'call'] } },
      ]);
    });

    it('checks each choice of a multiple choice, repeats and the count', () => {
      expect(filledProblems(definition(), { channels: ['sms', 'call'] })).toEqual([]);
      expect(filledProblems(definition(), { channels: ['sms', 'fax'] })).toEqual([
        { field: 'answers.channels[1]', code: 'not_one_of', params: { values: ['sms', 'email', 'call'] } },
      ]);
      expect(filledProblems(definition(), { channels: ['sms', 'sms'] })).toEqual([{ field: 'answers.channels', code: 'items_not_unique' }]);
      expect(filledProblems(definition(), { channels: ['sms', 'email', 'call'] })).toEqual([
        { field: 'answers.channels', code: 'too_many_items', params: { max: 2 } },
      ]);
      expect(filledProblems(definition(), { channels: 'sms' })).toEqual([{ field: 'answers.channels', code: 'not_list' }]);
    });
  });

  describe('tables', () => {
    it('names the cell of a problem by row and column', () => {
      const rows = [
        { item: '物料', amount: '100.00', day: '2026-03-02' },
        { item: '', amount: '1.234', day: 'soon' },
      ];
      expect(filledProblems(definition(), { spend_items: rows })).toEqual([
        { field: 'answers.spend_items[1].amount', code: 'too_many_decimals', params: { places: 2 } },
        { field: 'answers.spend_items[1].day', code: 'not_a_date' },
      ]);
      expect(fieldsOf(validateAnswers(definition(), { ...complete, spend_items: rows }, 'submit'))).toEqual([
        'answers.spend_items[1].item',
        'answers.spend_items[1].amount',
        'answers.spend_items[1].day',
      ]);
    });

    it('refuses a row that is not an object, an unknown column and too many rows', () => {
      const rows: Record<string, string>[] = [{ item: 'a', amount: '1', colour: 'red' }, 'row' as never, { item: 'c', amount: '3' }, { item: 'd', amount: '4' }];
      expect(filledProblems(definition(), { spend_items: rows })).toEqual([
        { field: 'answers.spend_items[0].colour', code: 'unknown_field' },
        { field: 'answers.spend_items[1]', code: 'not_object' },
        { field: 'answers.spend_items', code: 'too_many_items', params: { max: 3 } },
      ]);
    });

    it('refuses a table that is not a list', () => {
      expect(filledProblems(definition(), { spend_items: 'none' })).toEqual([{ field: 'answers.spend_items', code: 'not_list' }]);
    });
  });

  describe('rules', () => {
    const atMost = (left: string, right: string | number): FormRule => ({ kind: 'compare', left, op: '<=', right });

    it('compares two fields and names the other with its value', () => {
      const form = definition([atMost('delivered', 'contacts')]);
      expect(filledProblems(form, { contacts: '100', delivered: '100' })).toEqual([]);
      const problems = filledProblems(form, { contacts: '100', delivered: '101' });
      expect(problems).toEqual([{ field: 'answers.delivered', code: 'form_must_not_exceed', params: { other: text('contacts（100）', 'contacts (100)') } }]);
      expect(renderError(problems[0].code, problems[0].params, 'en')).toBe('must not be greater than contacts (100)');
      expect(renderError(problems[0].code, problems[0].params, 'zh')).toBe('不能大于contacts（100）');
    });

    it.each([
      ['<', '5', '5', 'form_must_be_less'],
      ['<', '4.99', '5', undefined],
      ['=', '5.0', '5', undefined],
      ['=', '5.01', '5', 'form_must_equal'],
      ['>=', '4.999', '5', 'form_must_not_be_less'],
      ['>', '5', '5', 'form_must_be_greater'],
      ['>', '5.001', '5', undefined],
    ] as const)('checks %p for %p against %p', (op, left, right, code) => {
      const form = definition([{ kind: 'compare', left: 'conversions', op, right: 'contacts' }]);
      expect(filledProblems(form, { conversions: left, contacts: right }).map((problem) => problem.code)).toEqual(code ? [code] : []);
    });

    it('compares a field with a constant', () => {
      const form = definition([{ kind: 'compare', left: 'response_rate', op: '<=', right: 50 }]);
      expect(filledProblems(form, { response_rate: '50.5' })).toEqual([
        { field: 'answers.response_rate', code: 'form_must_not_exceed', params: { other: text('50', '50') } },
      ]);
    });

    it('waits until both figures are given and well-formed', () => {
      const form = definition([atMost('delivered', 'contacts')]);
      expect(filledProblems(form, { delivered: '100' })).toEqual([]);
      expect(filledProblems(form, { delivered: '100', contacts: 'x' })).toEqual([{ field: 'answers.contacts', code: 'not_number' }]);
      expect(filledProblems(form, { delivered: '100', contacts: '-5' })).toEqual([{ field: 'answers.contacts', code: 'below_min', params: { min: '0' } }]);
    });

    it('shows the problem at the field the rule names, with the designer\'s message', () => {
      const message = text('送达数不能超过接触数', 'delivered cannot exceed contacts');
      const form = definition([{ kind: 'compare', left: 'delivered', op: '<=', right: 'contacts', field: 'contacts', message }]);
      expect(filledProblems(form, { contacts: '1', delivered: '2' })).toEqual([{ field: 'answers.contacts', code: 'form_field_message', params: { message } }]);
    });

    it('adds up a table column exactly against the total', () => {
      const form = definition([{ kind: 'sum', parts: ['spend_items.amount', 'other_spend'], total: 'spend' }]);
      const rows = [
        { item: 'a', amount: '0.10' },
        { item: 'b', amount: '0.20' },
        { item: 'c', amount: '' },
      ];
      expect(filledProblems(form, { spend: '0.40', other_spend: '0.10', spend_items: rows })).toEqual([]);
      const problems = filledProblems(form, { spend: '0.41', other_spend: '0.10', spend_items: rows });
      expect(problems).toEqual([
        {
          field: 'answers.spend',
          code: 'form_sum_mismatch',
          params: {
            parts: text('spend_items·金额合计（0.30）、other_spend（0.10）', 'spend_items · Amount total (0.30), other_spend (0.10)'),
            sum: '0.40',
            total: text('spend（0.41）', 'spend (0.41)'),
          },
        },
      ]);
      expect(renderError(problems[0].code, problems[0].params, 'en')).toBe(
        'spend_items · Amount total (0.30), other_spend (0.10) add up to 0.40, which must equal spend (0.41)',
      );
    });

    it('does not add up a column while one of its cells is wrong', () => {
      const form = definition([{ kind: 'sum', parts: ['spend_items.amount'], total: 'spend' }]);
      expect(filledProblems(form, { spend: '5', spend_items: [{ item: 'a', amount: '1.234' }] })).toEqual([
        { field: 'answers.spend_items[0].amount', code: 'too_many_decimals', params: { places: 2 } },
      ]);
      expect(filledProblems(form, { spend: '5', spend_items: 'x' })).toEqual([{ field: 'answers.spend_items', code: 'not_list' }]);
    });

    it('adds up a table without rows as 0', () => {
      const form = definition([{ kind: 'sum', parts: ['other_spend', 'spend_items.amount'], total: 'spend' }]);
      expect(filledProblems(form, { spend: '5', other_spend: '5' })).toEqual([]);
      expect(filledProblems(form, { spend: '5', other_spend: '5', spend_items: [] })).toEqual([]);
      expect(fieldsOf(filledProblems(form, { spend: '5', other_spend: '4' }))).toEqual(['answers.spend']);
    });

    it('compares a table column\'s total with a field', () => {
      const form = definition([{ kind: 'compare', left: 'spend_items.amount', op: '<=', right: 'spend' }]);
      expect(fieldsOf(filledProblems(form, { spend: '5', spend_items: [{ item: 'a', amount: '6' }] }))).toEqual(['answers.spend_items']);
    });

    it('knows where a rule shows its problem', () => {
      expect(ruleFieldKey({ kind: 'compare', left: 'spend_items.amount', op: '<=', right: 'spend' })).toBe('spend_items');
      expect(ruleFieldKey({ kind: 'sum', parts: ['a'], total: 'spend' })).toBe('spend');
      expect(ruleFieldKey({ kind: 'sum', parts: ['a'], total: 'spend', field: 'a' })).toBe('a');
    });
  });
});

describe(validateDefinition.name, () => {
  it('accepts the test form with its rules', () => {
    const rules: FormRule[] = [
      { kind: 'compare', left: 'delivered', op: '<=', right: 'contacts' },
      { kind: 'compare', left: 'response_rate', op: '<', right: 100 },
      { kind: 'sum', parts: ['spend_items.amount', 'other_spend'], total: 'spend', message: text('支出明细之和应等于总支出', 'the items must add up to the spend') },
    ];
    expect(validateDefinition(definition(rules))).toEqual([]);
  });

  it('needs a section, and fields in each', () => {
    expect(validateDefinition({ sections: [], rules: [] })).toEqual([{ field: 'sections', code: 'too_few_items', params: { min: 1 } }]);
    expect(validateDefinition({ sections: [{ key: 's', title: text('s', 's'), fields: [] }], rules: [] })).toEqual([
      { field: 'sections[0].fields', code: 'too_few_items', params: { min: 1 } },
    ]);
    expect(validateDefinition({ rules: [] } as never)).toEqual([{ field: 'sections', code: 'not_list' }]);
  });

  it('names what is not a list or an object before anything else', () => {
    expect(validateDefinition(null as never)).toEqual([{ field: 'definition', code: 'not_object' }]);
    const misshapen = {
      sections: [null, { key: 's', fields: [7, { key: 'a', type: 'table', columns: [{ key: 'c', options: 'x' }] }, { key: 'b', options: [null] }] }],
      rules: 'none',
    };
    expect(validateDefinition(misshapen as never)).toEqual([
      { field: 'sections[0]', code: 'not_object' },
      { field: 'sections[1].fields[0]', code: 'not_object' },
      { field: 'sections[1].fields[1].columns[0].options', code: 'not_list' },
      { field: 'sections[1].fields[2].options[0]', code: 'not_object' },
      { field: 'rules', code: 'not_list' },
    ]);
  });

  it('holds keys to their format and to one use in the whole form', () => {
    const form = definition();
    form.sections[1].fields.push(field('contacts', 'number'), field('Bad-Key', 'number'));
    form.sections.push({ key: 'summary', title: text('另一个', 'Another'), fields: [field('1st', 'text')] });
    expect(validateDefinition(form)).toEqual([
      { field: 'sections[1].fields[7].key', code: 'form_key_taken', params: { key: 'contacts' } },
      { field: 'sections[1].fields[8].key', code: 'form_key_format' },
      { field: 'sections[2].key', code: 'form_key_taken', params: { key: 'summary' } },
      { field: 'sections[2].fields[0].key', code: 'form_key_format' },
    ]);
  });

  it('needs both languages of every label', () => {
    const form = definition();
    form.sections[0].title = { zh: '概况', en: ' ' };
    form.sections[0].fields[0].label = { zh: '概况' } as never;
    form.sections[0].fields[0].help = { zh: '说明', en: 'help' };
    expect(validateDefinition(form)).toEqual([
      { field: 'sections[0].title.en', code: 'required' },
      { field: 'sections[0].fields[0].label.en', code: 'required' },
    ]);
  });

  it('needs options for a choice, distinct values, and columns for a table', () => {
    const form = definition();
    form.sections[0].fields[5].options = [];
    form.sections[0].fields[6].options = [options[0], { value: 'sms', label: text('又一个', 'again') }];
    form.sections[1].fields[6].columns = [];
    expect(validateDefinition(form)).toEqual([
      { field: 'sections[0].fields[5].options', code: 'required' },
      { field: 'sections[0].fields[6].options[1].value', code: 'items_not_unique' },
      { field: 'sections[1].fields[6].columns', code: 'required' },
    ]);
  });

  it('checks a table\'s columns as fields, with keys unique in the table', () => {
    const form = definition();
    form.sections[1].fields[6].columns = [
      { key: 'item', label: text('项目', 'Item'), type: 'text' },
      { key: 'item', label: text('项目', 'Item'), type: 'money' },
      { key: 'nested', label: text('表', 'Table'), type: 'table' as never },
      { key: 'kind', label: text('类', 'Kind'), type: 'single_choice' },
    ];
    expect(validateDefinition(form)).toEqual([
      { field: 'sections[1].fields[6].columns[1].key', code: 'form_key_taken', params: { key: 'item' } },
      { field: 'sections[1].fields[6].columns[2].type', code: 'not_one_of', params: { values: expect.not.arrayContaining(['table']) } },
      { field: 'sections[1].fields[6].columns[3].options', code: 'required' },
    ]);
  });

  it('keeps options, columns, patterns and bounds to the types they fit', () => {
    const form = definition();
    form.sections[1].fields[0].options = options;
    form.sections[1].fields[1].columns = [];
    form.sections[1].fields[2].pattern = '\\d+';
    form.sections[0].fields[3].min = 1;
    const problems = validateDefinition(form);
    expect(problems.map(({ field, code }) => [field, code])).toEqual([
      ['sections[0].fields[3].min', 'form_not_for_type'],
      ['sections[1].fields[0].options', 'form_not_for_type'],
      ['sections[1].fields[1].columns', 'form_not_for_type'],
      ['sections[1].fields[2].pattern', 'form_not_for_type'],
    ]);
    expect(renderError(problems[1].code, problems[1].params, 'zh')).toBe('不适用于数字字段');
  });

  it('checks bounds: numbers, whole counts, a rating within 1–5, a percent within 0–100, min not above max', () => {
    const form = definition();
    form.sections[0].fields[0].min = 2.5;
    form.sections[0].fields[4].max = 7;
    form.sections[1].fields[3].max = 120;
    form.sections[1].fields[0].min = 10;
    form.sections[1].fields[0].max = 5;
    form.sections[1].fields[1].max = 'ten' as never;
    expect(validateDefinition(form).map(({ field, code }) => [field, code])).toEqual([
      ['sections[0].fields[0].min', 'not_whole_number_in_range'],
      ['sections[0].fields[4].max', 'not_whole_number_in_range'],
      ['sections[1].fields[0].min', 'above_max'],
      ['sections[1].fields[1].max', 'not_number'],
      ['sections[1].fields[3].max', 'not_in_range'],
    ]);
  });

  it('keeps a text\'s or a table\'s max within the limits of an answer', () => {
    const form = definition();
    form.sections[0].fields[1].max = 501;
    form.sections[1].fields[6].max = 1000;
    expect(validateDefinition(form)).toEqual([
      { field: 'sections[0].fields[1].max', code: 'above_max', params: { max: 500 } },
      { field: 'sections[1].fields[6].max', code: 'above_max', params: { max: 200 } },
    ]);
  });

  it('needs a pattern that compiles, and a pattern for a pattern message', () => {
    const form = definition();
    form.sections[0].fields[1].pattern = '[A-Z';
    form.sections[0].fields[2].pattern = undefined;
    form.sections[0].fields[2].patternMessage = text('数字', 'digits');
    expect(validateDefinition(form)).toEqual([
      { field: 'sections[0].fields[1].pattern', code: 'form_pattern_invalid' },
      { field: 'sections[0].fields[2].patternMessage', code: 'form_message_without_pattern' },
    ]);
  });

  it('binds only number and money fields, and only to a system figure', () => {
    const form = definition();
    form.sections[1].fields[3].binding = 'responses';
    form.sections[1].fields[2].binding = 'leads' as never;
    expect(validateDefinition(form)).toEqual([
      { field: 'sections[1].fields[2].binding', code: 'not_one_of', params: { values: ['contacts', 'delivered', 'responses', 'conversions', 'premium_written', 'spend'] } },
      { field: 'sections[1].fields[3].binding', code: 'form_binding_type' },
    ]);
  });

  it('takes whole numbers only on number fields, with whole bounds, and binds counts only to number fields', () => {
    const form = definition();
    form.sections[0].fields[0].wholeNumber = true;
    form.sections[1].fields[2] = { ...form.sections[1].fields[2], wholeNumber: true, min: 0.5 };
    form.sections[1].fields[1].max = 10.5;
    form.sections[1].fields[4].binding = 'conversions';
    expect(validateDefinition(form)).toEqual([
      { field: 'sections[0].fields[0].wholeNumber', code: 'form_not_for_type', params: { type: { zh: '长文本', en: 'long text' } } },
      // delivered counts a bound figure: whole without saying so.
      { field: 'sections[1].fields[1].max', code: 'not_whole_number' },
      { field: 'sections[1].fields[2].min', code: 'not_whole_number' },
      { field: 'sections[1].fields[4].binding', code: 'form_count_binding_type' },
    ]);
  });

  it('lets rules name only number, money and percent fields or numeric columns', () => {
    const rules = [
      { kind: 'compare', left: 'summary', op: '<=', right: 'contacts' },
      { kind: 'compare', left: 'contacts', op: '!=', right: 'nowhere' },
      { kind: 'compare', left: 'contacts', op: '<', right: Number.NaN },
      { kind: 'sum', parts: ['spend_items.item', 'spend_items.amount', 'spend_items.amount.x'], total: 'spend', field: 'missing' },
      { kind: 'sum', parts: [], total: 'spend' },
      { kind: 'ratio', left: 'a' },
    ] as FormRule[];
    expect(validateDefinition(definition(rules))).toEqual([
      { field: 'rules[0].left', code: 'form_rule_unknown_figure', params: { ref: 'summary' } },
      { field: 'rules[1].op', code: 'not_one_of', params: { values: ['<', '<=', '=', '>=', '>'] } },
      { field: 'rules[1].right', code: 'form_rule_unknown_figure', params: { ref: 'nowhere' } },
      { field: 'rules[2].right', code: 'not_number' },
      { field: 'rules[3].parts[0]', code: 'form_rule_unknown_figure', params: { ref: 'spend_items.item' } },
      { field: 'rules[3].parts[2]', code: 'form_rule_unknown_figure', params: { ref: 'spend_items.amount.x' } },
      { field: 'rules[3].field', code: 'form_rule_unknown_figure', params: { ref: 'missing' } },
      { field: 'rules[4].parts', code: 'too_few_items', params: { min: 1 } },
      { field: 'rules[5].kind', code: 'not_one_of', params: { values: ['compare', 'sum'] } },
    ]);
  });
});

describe('decimals', () => {
  it('parses only plain decimal strings', () => {
    expect(parseDecimal('-12.50')).toEqual({ units: -1250n, places: 2 });
    expect(parseDecimal('1e2')).toBeUndefined();
    expect(parseDecimal('')).toBeUndefined();
  });

  it('tells equal figures written differently', () => {
    expect(sameDecimal('12.5', '12.50')).toBe(true);
    expect(sameDecimal('12.5', '12.51')).toBe(false);
    expect(sameDecimal('12.5', 'x')).toBe(false);
  });

  it('treats blank texts, null and empty lists as empty', () => {
    expect([null, undefined, '', ' ', []].every(isEmptyAnswer)).toBe(true);
    expect(['0', ['a'], [{}]].some(isEmptyAnswer)).toBe(false);
  });
});
