/**
 * Resident ID numbers (GB 11643-1999): 6-digit region of issue, 8-digit birth date, 3-digit sequence
 * whose parity is the sex (odd male), and a mod-11 check character (0-9 or X).
 */
/** The weights of the 17 digits in the check sum, and the check character of each sum mod 11. */
export const ID_CHECK_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const ID_CHECK_CHARS = '10X98765432';

/** Normalises full-width digits, spaces and a lowercase x; returns the cleaned string. */
export function normalizeIdNumber(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF38\uFF58]/g, 'X')
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_CHECK_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] ?? '';
}

const CLEAN_ID = /^\d{17}[\dX]$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  return m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : (MONTH_DAYS[m - 1] as number);
}

/** Whether year, month and day name a day of the calendar. */
export function isRealDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export type IdNumberProblem = 'format' | 'birth_date' | 'check_char';

export interface ParsedIdNumber {
  idNumber: string;
  regionCode: string;
  birthDate: string;
  sex: 'male' | 'female';
}

/** Checks an ID number; returns the parsed parts or the first problem found. */
export function parseIdNumber(
  input: string,
): { ok: true; value: ParsedIdNumber } | { ok: false; problem: IdNumberProblem } {
  // Most IDs come clean (a department's file, the registry): normalise only those that need it.
  const id = CLEAN_ID.test(input) ? input : normalizeIdNumber(input);
  if (!CLEAN_ID.test(id)) return { ok: false, problem: 'format' };
  const digit = (i: number) => id.charCodeAt(i) - 48;
  const y = digit(6) * 1000 + digit(7) * 100 + digit(8) * 10 + digit(9);
  const m = digit(10) * 10 + digit(11);
  const d = digit(12) * 10 + digit(13);
  if (y < 1880 || !isRealDate(y, m, d)) return { ok: false, problem: 'birth_date' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check_char' };
  return {
    ok: true,
    value: {
      idNumber: id,
      regionCode: id.slice(0, 6),
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/**
 * Whether a search text is a whole ID number (18 characters): it names one person, so it travels in a
 * request body, never in a URL that proxies, logs and browser history keep.
 */
export function isFullIdNumber(text: string): boolean {
  return /^\d{17}[\dXx]$/.test(text.replace(/\s/g, ''));
}

/** Masks an ID number for display: the first six and last four characters kept. */
export function maskIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '*'.repeat(id.length);
}

/** Masks a phone number: first three and last four digits kept. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '*'.repeat(phone.length);
}
