import { pinyin } from 'pinyin-pro';

/** Suffixes shared by many region names; their initials are fixed, so they are not looked up each time. */
const SUFFIXES: Array<[string, string]> = [
  ['村民委员会', 'cmwyh'],
  ['居民委员会', 'jmwyh'],
  ['社区居委会', 'sqjwh'],
  ['村委会', 'cwh'],
  ['居委会', 'jwh'],
];

const cache = new Map<string, string>();

function initialsOf(text: string): string {
  if (text === '') return '';
  let value = cache.get(text);
  if (value === undefined) {
    value = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' })
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    if (cache.size > 500_000) cache.clear();
    cache.set(text, value);
  }
  return value;
}

/** Lower-case pinyin initials of a Chinese name ("田东县" → "tdx"); latin letters and digits kept. */
export function nameInitials(name: string): string {
  for (const [suffix, initials] of SUFFIXES) {
    if (name.endsWith(suffix)) return initialsOf(name.slice(0, -suffix.length)) + initials;
  }
  return initialsOf(name);
}

/** Full lower-case pinyin of a person's name without tones or spaces; surnames read as surnames (曾 zeng). */
export function personPinyin(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head' });
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''));
  return { full: clean.join(''), initials: clean.map((s) => s[0] ?? '').join('') };
}
