/**
 * The API sends yuan as decimal strings ("1234567.50"); they are grouped here as text,
 * so no amount shown passes through a binary float. Charts alone use Number(), for plotting.
 */
export function displayYuan(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${grouped}.${fraction.padEnd(2, '0')}`;
}

/** An axis tick in the reader's way of counting large sums: 万 in Chinese, k and M in English. */
export function compactYuan(value: number, locale: 'zh' | 'en'): string {
  const abs = Math.abs(value);
  if (locale === 'zh') return abs >= 10_000 ? `${value / 10_000}万` : String(value);
  if (abs >= 1_000_000) return `${value / 1_000_000}M`;
  return abs >= 1_000 ? `${value / 1_000}k` : String(value);
}
