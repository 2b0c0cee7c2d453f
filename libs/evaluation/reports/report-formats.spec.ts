import { formatDay, formatMoment, formatMoney, formatNumber } from './report-formats';

describe('report formats', () => {
  it('writes a day in the reader\'s language', () => {
    expect(formatDay('2026-12-01', 'zh')).toBe('2026年12月1日');
    expect(formatDay('2026-12-01', 'en')).toBe('1 Dec 2026');
    expect(formatDay('2026-09-30', 'en')).toBe('30 Sep 2026');
    expect(formatDay('soon', 'en')).toBe('soon');
  });

  it('writes a moment in Beijing time', () => {
    // 23:30 UTC is 07:30 the next day in Beijing.
    expect(formatMoment('2026-11-30T23:30:00Z', 'zh')).toBe('2026年12月1日 07:30');
    expect(formatMoment(new Date('2026-11-30T23:30:00Z'), 'en')).toBe('1 Dec 2026, 07:30');
  });

  it('groups thousands and keeps the decimals as written, money with two at least', () => {
    expect(formatNumber('1234567')).toBe('1,234,567');
    expect(formatNumber('-1234.5')).toBe('-1,234.5');
    expect(formatNumber('999')).toBe('999');
    expect(formatMoney('1234.5')).toBe('¥1,234.50');
    expect(formatMoney('1234.50')).toBe('¥1,234.50');
    expect(formatMoney('0')).toBe('¥0.00');
    expect(formatMoney('-20.4')).toBe('-¥20.40');
    expect(formatMoney('12a')).toBe('12a');
  });
});
