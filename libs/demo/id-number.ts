/** The 18-digit resident identity number of GB 11643-1999. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The check character of the first 17 digits (ISO 7064 MOD 11-2). */
export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * Region (6 digits) + birth date (YYYYMMDD) + sequence (3 digits, odd for men,
 * even for women) + check character.
 */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number, gender: 'M' | 'F'): string {
  const base = sequence - (sequence % 2) + (gender === 'M' ? 1 : 0);
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(base % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
}

/** Reads gender and birth date back from an id number; undefined when its check character is wrong. */
export function readIdNumber(idNumber: string): { gender: 'M' | 'F'; birthDate: string } | undefined {
  if (!/^\d{17}[\dX]$/.test(idNumber) || idNumberCheckCharacter(idNumber.slice(0, 17)) !== idNumber[17]) return undefined;
  const digits = idNumber.slice(6, 14);
  return {
    gender: Number(idNumber[16]) % 2 === 1 ? 'M' : 'F',
    birthDate: `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`,
  };
}
