import { formatYuan, parseYuan } from './money';

describe('money', () => {
  it('reads yuan with up to two decimals as whole fen', () => {
    expect(parseYuan('1234.5')).toBe(123450);
    expect(parseYuan('0.01')).toBe(1);
    expect(parseYuan(50000)).toBe(5000000);
    expect(parseYuan('-3.20')).toBe(-320);
  });

  it('refuses what is not an exact amount', () => {
    for (const bad of ['1.234', '1e-9', '', 'abc', '1,000', '0x10', '.5', '1.']) expect(parseYuan(bad)).toBeNull();
    expect(parseYuan(1e-9)).toBeNull();
  });

  it('writes fen back as yuan with two decimals', () => {
    expect(formatYuan(123450)).toBe('1234.50');
    expect(formatYuan(1)).toBe('0.01');
    expect(formatYuan(-320)).toBe('-3.20');
    expect(() => formatYuan(0.5)).toThrow(RangeError);
  });
});
