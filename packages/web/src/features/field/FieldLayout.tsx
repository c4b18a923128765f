import { Suspense, useEffect } from 'react';
import { Outlet } from 'react-router-dom';
import { ConfigProvider, SafeArea } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { markInFieldMode } from './fieldMode.ts';
import { FieldLoading } from './parts.tsx';

/** How wide field mode grows on a tablet or desktop: a phone's column, centred. */
const COLUMN = 600;
const BRAND_RED = '#b71c1c';

/**
 * The frame of field mode (外业模式) for helpers: no desktop shell, a phone's column with the safe areas
 * of notched screens, antd-mobile in the UI language.
 */
export default function FieldLayout() {
  const me = useMe();
  const { lang } = useI18n();
  useEffect(() => markInFieldMode(me), [me]);
  // The brand's red for buttons and links, as on the desktop; on the root because pickers and toasts
  // render outside this frame. The desktop pages never read antd-mobile's variables, but it is undone anyway.
  useEffect(() => {
    const root = document.documentElement.style;
    root.setProperty('--adm-color-primary', BRAND_RED);
    return () => {
      root.removeProperty('--adm-color-primary');
    };
  }, []);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
        <div
          style={{
            maxWidth: COLUMN,
            margin: '0 auto',
            minHeight: '100vh',
            background: '#f5f5f5',
            display: 'flex',
            flexDirection: 'column',
          }}
        >
          <SafeArea position="top" />
          <Suspense fallback={<FieldLoading />}>
            <Outlet />
          </Suspense>
          <SafeArea position="bottom" />
        </div>
      </div>
    </ConfigProvider>
  );
}
