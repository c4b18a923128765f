import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { PageLoading } from './components/PageLoading.tsx';
import { I18nProvider, useI18n } from './i18n/I18nProvider.tsx';

// Each page is its own chunk: a village cadre never downloads the user admin.
const LoginPage = lazy(() => import('./routes/login/LoginPage.tsx'));
const AppShell = lazy(() => import('./routes/shell/AppShell.tsx'));
const HomePage = lazy(() => import('./routes/home/HomePage.tsx'));
const RegionsPage = lazy(() => import('./routes/regions/RegionsPage.tsx'));
const UsersPage = lazy(() => import('./routes/admin/UsersPage.tsx'));
const AuditPage = lazy(() => import('./routes/audit/AuditPage.tsx'));
const HouseholdsPage = lazy(() => import('./routes/households/HouseholdsPage.tsx'));
const HouseholdCreatePage = lazy(() => import('./routes/households/HouseholdCreatePage.tsx'));
const HouseholdPage = lazy(() => import('./routes/households/HouseholdPage.tsx'));
const HouseholdImportPage = lazy(() => import('./routes/households/import/HouseholdImportPage.tsx'));
const PolicyPage = lazy(() => import('./routes/standards/PolicyPage.tsx'));
const ProceduresPage = lazy(() => import('./routes/procedures/ProceduresPage.tsx'));
const ProcedurePage = lazy(() => import('./routes/procedures/ProcedurePage.tsx'));
const AdjustmentsPage = lazy(() => import('./routes/adjustments/AdjustmentsPage.tsx'));
const ExitCheckPage = lazy(() => import('./routes/adjustments/ExitCheckPage.tsx'));
const PublicNoticePage = lazy(() => import('./routes/procedures/PublicNoticePage.tsx'));
const ChangePasswordPage = lazy(() => import('./routes/account/ChangePasswordPage.tsx'));
const NotFoundPage = lazy(() => import('./routes/errors/NotFoundPage.tsx'));

/** The routes: the login page outside, everything else inside the shell behind a session. */
function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading fullScreen />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* The village's public notices are for everyone: no sign-in, no shell. */}
        <Route path="/public/notices/:villageCode" element={<PublicNoticePage />} />
        <Route
          element={
            <RequireAuth>
              <AppShell />
            </RequireAuth>
          }
        >
          <Route index element={<HomePage />} />
          <Route path="regions" element={<RegionsPage />} />
          <Route path="households" element={<HouseholdsPage />} />
          <Route path="households/new" element={<HouseholdCreatePage />} />
          <Route path="households/import" element={<HouseholdImportPage />} />
          <Route path="households/:id" element={<HouseholdPage />} />
          <Route path="procedures" element={<ProceduresPage />} />
          <Route path="procedures/:id" element={<ProcedurePage />} />
          <Route path="adjustments/:id?" element={<AdjustmentsPage />} />
          <Route path="exit-check" element={<ExitCheckPage />} />
          <Route path="standards" element={<PolicyPage />} />
          <Route path="admin/users" element={<UsersPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="account/password" element={<ChangePasswordPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

/** Ant Design follows the UI language too (pagination, empty states, pickers). */
function LocalizedApp() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { borderRadius: 6 } }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

/** The whole web UI. */
export function App() {
  return (
    <I18nProvider>
      <LocalizedApp />
    </I18nProvider>
  );
}
