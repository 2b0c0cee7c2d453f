/**
 * Money is exact everywhere: PostgreSQL stores yuan as numeric(14,2); code holds
 * integer fen in a plain number (exact up to 2^53 fen, about 90 trillion yuan), so
 * sums never meet binary fractions; the API exchanges yuan as decimal strings
 * ("50000.00"). Rounding: amounts entered with more than two decimals are refused,
 * never rounded; a computed amount (count × unit cost) is already whole fen.
 */
export type Fen = number;

const YUAN = /^-?\d{1,12}(\.\d{1,2})?$/;

/** Whole fen from a yuan amount ("1234.5", "1234.56" or a number with at most two decimals); null when it is not one. */
export function parseYuan(value: string | number): Fen | null {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!YUAN.test(text)) return null;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -fen : fen;
}

/** "1234.50" for 123450 fen: the API's and SQL's way to write an amount. */
export function formatYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`${fen} is not a whole number of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
