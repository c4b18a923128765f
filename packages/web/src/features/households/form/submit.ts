import { App } from 'antd';
import { MEMBER_PROBLEM_MESSAGES } from '@jingzhun/domain';
import type { WriteWarning } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';

/** A trimmed text, or null when nothing is left (the API's way to clear an optional field). */
export function blankToNull(value: string | null | undefined): string | null {
  const s = (value ?? '').trim();
  return s === '' ? null : s;
}

/**
 * Tells about problems that did not stop a write (an ID's region code that is not current), in the
 * words of the domain's member messages; `memberName` names the member of a `members.N…` path.
 */
export function useWriteWarnings(): (warnings: readonly WriteWarning[] | undefined, memberName?: (index: number) => string | undefined) => void {
  const { message } = App.useApp();
  const { lang } = useI18n();
  return (warnings, memberName) => {
    for (const w of warnings ?? []) {
      const text = MEMBER_PROBLEM_MESSAGES[w.code as keyof typeof MEMBER_PROBLEM_MESSAGES]?.[lang] ?? w.message;
      const index = /^members\.(\d+)\./.exec(w.path)?.[1];
      const who = index !== undefined ? memberName?.(Number(index)) : undefined;
      void message.warning(who ? `${who}: ${text}` : text, 8);
    }
  };
}
