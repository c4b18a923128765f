import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Lang } from '@jingzhun/domain';
import { setApiLanguage } from '../api/client.ts';
import zhCoreMessages from './zh-CN.json';
import enCoreMessages from './en.json';
import zhProceduresMessages from '../../features/procedures/procedures.zh-CN.json';
import enProceduresMessages from '../../features/procedures/procedures.en.json';
import zhStandardsMessages from '../../features/standards/standards.zh-CN.json';
import enStandardsMessages from '../../features/standards/standards.en.json';
import zhAdjustmentsMessages from '../../features/adjustments/adjustments.zh-CN.json';
import enAdjustmentsMessages from '../../features/adjustments/adjustments.en.json';
import zhFieldMessages from '../../features/field/field.zh-CN.json';
import enFieldMessages from '../../features/field/field.en.json';
import zhAssistanceMessages from '../../features/assistance/assistance.zh-CN.json';
import enAssistanceMessages from '../../features/assistance/assistance.en.json';
import zhVisitsMessages from '../../features/visits/visits.zh-CN.json';
import enVisitsMessages from '../../features/visits/visits.en.json';
import zhWorkTeamsMessages from '../../features/work-teams/work-teams.zh-CN.json';
import enWorkTeamsMessages from '../../features/work-teams/work-teams.en.json';
import zhAlertsMessages from '../../features/alerts/alerts.zh-CN.json';
import enAlertsMessages from '../../features/alerts/alerts.en.json';
import zhFeedsMessages from '../../features/feeds/feeds.zh-CN.json';
import enFeedsMessages from '../../features/feeds/feeds.en.json';
import zhChecksMessages from '../../features/checks/checks.zh-CN.json';
import enChecksMessages from '../../features/checks/checks.en.json';
import zhStatsMessages from '../../features/stats/stats.zh-CN.json';
import enStatsMessages from '../../features/stats/stats.en.json';

// One file per feature keeps each feature's messages beside its pages; the keys of all of them make one set.
const zhCN = { ...zhCoreMessages, ...zhProceduresMessages, ...zhStandardsMessages, ...zhAdjustmentsMessages, ...zhFieldMessages, ...zhAssistanceMessages, ...zhVisitsMessages, ...zhWorkTeamsMessages, ...zhAlertsMessages, ...zhFeedsMessages, ...zhChecksMessages, ...zhStatsMessages };
const en = { ...enCoreMessages, ...enProceduresMessages, ...enStandardsMessages, ...enAdjustmentsMessages, ...enFieldMessages, ...enAssistanceMessages, ...enVisitsMessages, ...enWorkTeamsMessages, ...enAlertsMessages, ...enFeedsMessages, ...enChecksMessages, ...enStatsMessages };

/** Every message key; zh-CN is the reference and English must have exactly the same keys. */
export type MessageKey = keyof typeof zhCN;

// Both directions are checked by the compiler, so neither language can miss a key.
const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const EN_KEYS_IN_ZH: Record<keyof typeof en, string> = zhCN;
void EN_KEYS_IN_ZH;

const STORAGE_KEY = 'jingzhun.lang';

/** The language saved in this browser, Chinese unless English was chosen. */
export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Fills `{name}` placeholders of a message. */
function format(message: string, vars: Record<string, string | number> | undefined): string {
  if (!vars) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Holds the UI language, persists it, and tells the API client which Accept-Language to send. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  setApiLanguage(lang);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${MESSAGES[lang]['app.short']} · ${MESSAGES[lang]['app.subtitle']}`;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode may refuse storage; the choice then lasts for this page only.
    }
    setApiLanguage(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const messages = MESSAGES[lang];
    return { lang, setLang, t: (key, vars) => format(messages[key], vars) };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, its setter and `t(key)`. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
