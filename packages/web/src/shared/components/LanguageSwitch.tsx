import { Segmented } from 'antd';
import type { Lang } from '@jingzhun/domain';
import { useI18n } from '../i18n/I18nProvider.tsx';

// Each language is named in itself, so a user who cannot read the current one still finds theirs.
const OPTIONS: { label: string; value: Lang }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'English', value: 'en' },
];

/** The 中文 / English switch. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return <Segmented<Lang> size="small" aria-label={t('lang.switch')} options={OPTIONS} value={lang} onChange={setLang} />;
}
