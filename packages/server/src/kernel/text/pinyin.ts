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

/**
 * What separates the parts of a name without being part of it: spaces (also no-break and full-width)
 * and the middle dots of transcribed names (阿依古丽·买买提, also written with ・ or •). A search ignores
 * them in the name it looks at and in the text it is given.
 */
export const NAME_SEPARATORS = ' \u00A0\u3000\u00B7\u30FB\u2022\u2027\u2219\u22C5\uFF65';
const SEPARATOR_RE = new RegExp(`[\\s${NAME_SEPARATORS}]`, 'g');

/** A name or a search text without its separators: `李 四` → `李四`, `aygl·mmt` → `ayglmmt`. */
export function bareName(text: string): string {
  return text.replace(SEPARATOR_RE, '');
}
