/**
 * Dates, moments, money and numbers as a reader of the printable report reads them in
 * their language: 2026年12月1日 / 1 Dec 2026, ¥1,234.50 in both. Pure and written out by
 * hand rather than through Intl, whose month names and spacing change between ICU
 * versions (en-GB's September became "Sept"): a report printed twice reads the same.
 */
import type { Language } from '@lib/common/error-messages';
import { LOCAL_TIME_ZONE } from '@lib/common/local-time';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^(-?)(\d+)(\.\d+)?$/;

/** A calendar day (YYYY-MM-DD): 2026年12月1日, 1 Dec 2026; anything else as it is. */
export function formatDay(day: string, language: Language): string {
  const match = DAY.exec(day);
  if (!match) return day;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return language === 'zh' ? `${year}年${month}月${date}日` : `${date} ${MONTHS_EN[month - 1]} ${year}`;
}

/** A moment, in the insurer's local time: 2026年12月1日 14:05, 1 Dec 2026, 14:05. */
export function formatMoment(at: Date | string, language: Language): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: LOCAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((part) => [part.type, part.value]),
  );
  const day = formatDay(`${parts.year}-${parts.month}-${parts.day}`, language);
  return language === 'zh' ? `${day} ${parts.hour}:${parts.minute}` : `${day}, ${parts.hour}:${parts.minute}`;
}

/** A decimal string with its thousands grouped, its decimals as written: 1234567.5 → 1,234,567.5. */
export function formatNumber(value: string): string {
  const match = DECIMAL.exec(value);
  if (!match) return value;
  const [, sign, whole, fraction = ''] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`;
}

/** Yuan with two decimals and the sign before the symbol: ¥1,234.50, -¥20.40. */
export function formatMoney(value: string): string {
  const match = DECIMAL.exec(value);
  if (!match) return value;
  const [, sign, whole, fraction = ''] = match;
  // Two decimals at least; more (never rounded) only when the answer has them.
  const cents = fraction === '' ? '.00' : fraction.padEnd(3, '0');
  return `${sign}¥${formatNumber(whole)}${cents}`;
}
