/**
 * What people write inside phone numbers: spaces (also the ideographic space of a
 * Chinese keyboard), dashes and parentheses, half- or full-width.
 */
const PHONE_SEPARATORS = /[\s\u3000\u2010-\u2015\uFF0D()\uFF08\uFF09-]/g;
const FULL_WIDTH_DIGITS = /[\uFF10-\uFF19\uFF0B]/g;
const MAINLAND_MOBILE = /^1[3-9][0-9]{9}$/;
/** +86, 0086 or a bare 86 in front of an 11-digit mobile: the country code of mainland China. */
const COUNTRY_CODE = /^(?:\+?86|0086)(?=1[0-9]{10}$)/;

/**
 * The 11-digit mainland mobile number a text names in any common notation
 * (`+86 138 1234 5678`, `0086-13812345678`, `(+86)138-1234-5678`, full-width digits),
 * or null when it names none. The import applies the same rule in SQL (import-sql.ts).
 */
export function normaliseMobile(text: string): string | null {
  const compact = text
    .replace(FULL_WIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(PHONE_SEPARATORS, '')
    .replace(COUNTRY_CODE, '');
  return MAINLAND_MOBILE.test(compact) ? compact : null;
}

/**
 * Masks the characters of `text` that `counts` from position `from` on, except the
 * first 3 and last 4 of them; what is between them (spaces, dashes) stays, so the
 * shape of a formatted number still shows. With 7 or fewer, all are masked.
 */
function maskMiddle(text: string, counts: RegExp, from = 0): string {
  const chars = [...text];
  const counted = chars.flatMap((c, i) => (i >= from && counts.test(c) ? [i] : []));
  const kept = counted.length > 7 ? new Set([...counted.slice(0, 3), ...counted.slice(-4)]) : new Set<number>();
  for (const i of counted) if (!kept.has(i)) chars[i] = '*';
  return chars.join('');
}

const DIGIT = /[0-9]/;
const ID_CHARACTER = /[0-9A-Za-z]/;

/**
 * Masks the middle of a mobile number, keeping the first 3 and last 4 digits
 * (13812345678 → 138****5678, +86 138 1234 5678 → +86 138 **** 5678): enough to
 * recognise a number, not to call it. A country code in front does not count.
 */
export function maskMobile(mobile: string | null): string | null {
  if (!mobile) return mobile;
  const prefix = /^\s*(?:\+86|0086)/.exec(mobile)?.[0].length ?? 0;
  return maskMiddle(mobile, DIGIT, prefix);
}

/** Masks an id number except its first 3 and last 4 characters (320***********1234; spaces between them stay). */
export function maskIdNumber(idNumber: string | null): string | null {
  if (!idNumber) return idNumber;
  return maskMiddle(idNumber, ID_CHARACTER);
}

/**
 * A number as people write a mobile or id number inside free text: at least 11
 * digits, single spaces, dashes or parentheses allowed between them, +86 or 0086 in
 * front, a check letter X at the end; not part of a longer word or number.
 */
const NUMBER_IN_TEXT = /(?<![0-9A-Za-z])(?:(?:\+|00)86[ -]?)?[0-9](?:[ \-()（）]?[0-9]){10,}(?:[ -]?[Xx])?(?![0-9A-Za-z])/g;

/**
 * Masks every mobile- or id-number-like run in a text (a rejected row's raw line, a
 * reason quoting a value): read by every role of the scope, it is not the single
 * customer view, so it shows only the first 3 and last 4 characters of each number.
 */
export function maskNumbersInText(text: string): string;
export function maskNumbersInText(text: string | null): string | null;
export function maskNumbersInText(text: string | null): string | null {
  if (!text) return text;
  return text.replace(NUMBER_IN_TEXT, (number) => {
    const prefix = /^(?:\+|00)86[ -]?/.exec(number)?.[0].length ?? 0;
    return maskMiddle(number, ID_CHARACTER, prefix);
  });
}
