import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { AuthProvider } from './shared/auth/AuthProvider.tsx';
import { RequireAuth } from './shared/auth/RequireAuth.tsx';
import { PageLoading } from './shared/components/PageLoading.tsx';
import { I18nProvider, useI18n } from './shared/i18n/I18nProvider.tsx';

// Each page is its own chunk: a village cadre never downloads the user admin.
const LoginPage = lazy(() => import('./features/auth/LoginPage.tsx'));
const AppShell = lazy(() => import('./shared/shell/AppShell.tsx'));
const HomePage = lazy(() => import('./features/home/HomePage.tsx'));
const RegionsPage = lazy(() => import('./features/regions/RegionsPage.tsx'));
const UsersPage = lazy(() => import('./features/users/UsersPage.tsx'));
const AuditPage = lazy(() => import('./features/audit-log/AuditPage.tsx'));
const HouseholdsPage = lazy(() => import('./features/households/HouseholdsPage.tsx'));
const HouseholdCreatePage = lazy(() => import('./features/households/HouseholdCreatePage.tsx'));
const HouseholdPage = lazy(() => import('./features/households/HouseholdPage.tsx'));
const HouseholdImportPage = lazy(() => import('./features/household-import/HouseholdImportPage.tsx'));
const PolicyPage = lazy(() => import('./features/standards/PolicyPage.tsx'));
const ProceduresPage = lazy(() => import('./features/procedures/ProceduresPage.tsx'));
const ProcedurePage = lazy(() => import('./features/procedures/ProcedurePage.tsx'));
const AdjustmentsPage = lazy(() => import('./features/adjustments/AdjustmentsPage.tsx'));
const ExitCheckPage = lazy(() => import('./features/adjustments/ExitCheckPage.tsx'));
const PublicNoticePage = lazy(() => import('./features/procedures/PublicNoticePage.tsx'));
const ChangePasswordPage = lazy(() => import('./features/auth/ChangePasswordPage.tsx'));
const NotFoundPage = lazy(() => import('./shared/errors/NotFoundPage.tsx'));
const VisitsPage = lazy(() => import('./features/visits/VisitsPage.tsx'));
const LedgerPage = lazy(() => import('./features/visits/LedgerPage.tsx'));
const CampaignsPage = lazy(() => import('./features/visits/CampaignsPage.tsx'));
const CampaignPage = lazy(() => import('./features/visits/CampaignPage.tsx'));
const WorkTeamsPage = lazy(() => import('./features/work-teams/WorkTeamsPage.tsx'));
const WorkTeamPage = lazy(() => import('./features/work-teams/WorkTeamPage.tsx'));
const AidUnitsPage = lazy(() => import('./features/assistance/AidUnitsPage.tsx'));
const AidUnitPage = lazy(() => import('./features/assistance/AidUnitPage.tsx'));
const BookletsPage = lazy(() => import('./features/booklets/BookletsPage.tsx'));
const AlertsPage = lazy(() => import('./features/alerts/AlertsPage.tsx'));
const AlertPage = lazy(() => import('./features/alerts/AlertPage.tsx'));
const FeedsPage = lazy(() => import('./features/feeds/FeedsPage.tsx'));
const FeedPage = lazy(() => import('./features/feeds/FeedPage.tsx'));
const SelfReportsPage = lazy(() => import('./features/alerts/SelfReportsPage.tsx'));
const PublicReportPage = lazy(() => import('./features/alerts/PublicReportPage.tsx'));
const ConflictsPage = lazy(() => import('./features/checks/ConflictsPage.tsx'));
const FairnessPage = lazy(() => import('./features/checks/FairnessPage.tsx'));
const RelativesPage = lazy(() => import('./features/checks/RelativesPage.tsx'));
// The statistics pages carry ECharts: their own chunks, fetched only when opened.
const StatsPage = lazy(() => import('./features/stats/StatsPage.tsx'));
const PopulationPage = lazy(() => import('./features/stats/PopulationPage.tsx'));
// Field mode (外业模式) for helpers on phones: antd-mobile pages outside the desktop shell.
const FieldLayout = lazy(() => import('./features/field/FieldLayout.tsx'));
const MyHouseholdsPage = lazy(() => import('./features/field/MyHouseholdsPage.tsx'));
const FieldHouseholdPage = lazy(() => import('./features/field/FieldHouseholdPage.tsx'));
const VisitFormPage = lazy(() => import('./features/field/VisitFormPage.tsx'));

/** The routes: the login page outside, everything else inside the shell behind a session. */
function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading fullScreen />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* The village's public notices are for everyone: no sign-in, no shell. */}
        <Route path="/public/notices/:villageCode" element={<PublicNoticePage />} />
        {/* So is the form on which anyone reports a hardship (自主申报). */}
        <Route path="/public/report" element={<PublicReportPage />} />
        {/* Field mode: signed in, but a phone's own frame instead of the desktop shell. */}
        <Route
          path="/field"
          element={
            <RequireAuth>
              <FieldLayout />
            </RequireAuth>
          }
        >
          <Route index element={<MyHouseholdsPage />} />
          <Route path="households/:id" element={<FieldHouseholdPage />} />
          <Route path="visit/:householdId" element={<VisitFormPage />} />
        </Route>
        <Route
          element={
            <RequireAuth>
              <AppShell />
            </RequireAuth>
          }
        >
          <Route index element={<HomePage />} />
          <Route path="stats" element={<StatsPage />} />
          <Route path="stats/population" element={<PopulationPage />} />
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
          <Route path="visits" element={<VisitsPage />} />
          <Route path="helpers/:id/ledger" element={<LedgerPage />} />
          <Route path="campaigns" element={<CampaignsPage />} />
          <Route path="campaigns/:id" element={<CampaignPage />} />
          <Route path="work-teams" element={<WorkTeamsPage />} />
          <Route path="work-teams/:id" element={<WorkTeamPage />} />
          <Route path="admin/users" element={<UsersPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="assistance/units" element={<AidUnitsPage />} />
          <Route path="assistance/units/:id" element={<AidUnitPage />} />
          <Route path="assistance/booklets" element={<BookletsPage />} />
          <Route path="alerts" element={<AlertsPage />} />
          <Route path="alerts/:id" element={<AlertPage />} />
          <Route path="feeds" element={<FeedsPage />} />
          <Route path="feeds/:id" element={<FeedPage />} />
          <Route path="self-reports" element={<SelfReportsPage />} />
          <Route path="audits/conflicts" element={<ConflictsPage />} />
          <Route path="audits/fairness" element={<FairnessPage />} />
          <Route path="account/password" element={<ChangePasswordPage />} />
          <Route path="account/relatives" element={<RelativesPage />} />
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
