import { z } from 'zod';
import type { Lang } from './roles.ts';

/**
 * Control characters no text may hold: C0 (NUL among them) except tab, line feed and carriage return,
 * DEL, and C1. PostgreSQL refuses NUL in text, and the others only hide or corrupt what people read.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A single line holds no tab nor line break either, nor the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** The deepest nesting a request body may have: our contracts need a handful of levels. */
export const MAX_TEXT_DEPTH = 32;

/** Whether a text holds a control character; `multiline` allows tab and line breaks. */
export function hasControlCharacter(value: string, multiline = false): boolean {
  return (multiline ? CONTROL : LINE_CONTROL).test(value);
}

/** One text a person types on one line (a name, a search): no control character at all. */
export const lineText = z.string().refine((s) => !LINE_CONTROL.test(s), { message: 'control character', params: { rule: 'control_character' } });

/** A text of several lines (a reason, a note): tab and line breaks, no other control character. */
export const multilineText = z.string().refine((s) => !CONTROL.test(s), { message: 'control character', params: { rule: 'control_character' } });

/** Where a problem was found in a request part, and which rule it broke. */
export interface TextProblem {
  path: Array<string | number>;
  rule: 'control_character' | 'too_deep';
}

/**
 * Walks a parsed request part (JSON body, query string, path parameters) without recursion and names
 * every text or key holding a control character, and a nesting deeper than MAX_TEXT_DEPTH. Every
 * route's input passes here before its own schema: one rule for every text field, now and later.
 */
export function textProblems(value: unknown, multiline: boolean, limit = 20): TextProblem[] {
  const problems: TextProblem[] = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0 && problems.length < limit) {
    const { value: v, path } = stack.pop() as { value: unknown; path: Array<string | number> };
    if (typeof v === 'string') {
      if (hasControlCharacter(v, multiline)) problems.push({ path, rule: 'control_character' });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= MAX_TEXT_DEPTH) {
      problems.push({ path, rule: 'too_deep' });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i] as [string, unknown];
      // A key is a line of text too: it ends up in messages and sometimes in the database.
      if (hasControlCharacter(key, false)) problems.push({ path: [...path, key], rule: 'control_character' });
      else stack.push({ value: inner, path: [...path, key] });
    }
  }
  return problems;
}

/** Messages for the text rules a refused field names. */
export const TEXT_RULE_MESSAGES: Record<TextProblem['rule'], Record<Lang, string>> = {
  control_character: {
    'zh-CN': '含有不可见的控制字符(如 \\u0000),请删除后重新输入',
    en: 'Holds an invisible control character (such as \\u0000); remove it and type again',
  },
  too_deep: { 'zh-CN': '数据嵌套层次过深', en: 'The data is nested too deeply' },
};
