import type { FormField } from '../form-schema';
import { answerText } from './report-text';

const table: FormField = {
  key: 'by_line', type: 'table', label: { zh: '分险种结果', en: 'By product line' },
  columns: [
    { key: 'line', type: 'single_choice', label: { zh: '险种', en: 'Line' }, options: [{ value: 'home', label: { zh: '家财险', en: 'Home' } }] },
    { key: 'policies', type: 'number', label: { zh: '件数', en: 'Policies' } },
  ],
};

describe(answerText.name, () => {
  it('shows choices by their labels and a table as a line per row', () => {
    expect(answerText(table, [{ line: 'home', policies: '3' }, { line: 'home', policies: '1' }], 'zh')).toBe('险种: 家财险; 件数: 3\n险种: 家财险; 件数: 1');
    const choice: FormField = { key: 'c', type: 'multiple_choice', label: { zh: 'c', en: 'c' }, options: [{ value: 'a', label: { zh: '甲', en: 'A' } }, { value: 'b', label: { zh: '乙', en: 'B' } }] };
    expect(answerText(choice, ['a', 'b'], 'en')).toBe('A, B');
    expect(answerText({ key: 'r', type: 'rating', label: { zh: 'r', en: 'r' } }, '4', 'zh')).toBe('4 / 5');
    expect(answerText({ key: 't', type: 'text', label: { zh: 't', en: 't' } }, null, 'zh')).toBe('');
  });
});
