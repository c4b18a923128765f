import type { Lang } from './roles.ts';

/** A label in each language; every code list of the domain maps its codes to one. */
export type Labels = Record<Lang, string>;

/** The codes of a list as a non-empty tuple, the shape `z.enum` takes. */
export const keys = <T extends Record<string, unknown>>(list: T) => Object.keys(list) as [keyof T & string, ...Array<keyof T & string>];

/** The label of a code in one of the lists above. */
export function codeLabel<T extends Record<string, Labels>>(list: T, code: keyof T, lang: Lang): string {
  return list[code]?.[lang] ?? String(code);
}
