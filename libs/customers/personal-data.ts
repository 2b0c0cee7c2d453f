/**
 * Masks the middle of a mobile number, keeping the first 3 and last 4 digits
 * (13812345678 → 138****5678): enough to recognise a number, not to call it.
 */
export function maskMobile(mobile: string | null): string | null {
  if (!mobile) return mobile;
  if (mobile.length <= 7) return '*'.repeat(mobile.length);
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

/** Masks an id number except its first 3 and last 4 characters (320***********1234). */
export function maskIdNumber(idNumber: string | null): string | null {
  if (!idNumber) return idNumber;
  if (idNumber.length <= 7) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 3)}${'*'.repeat(idNumber.length - 7)}${idNumber.slice(-4)}`;
}
