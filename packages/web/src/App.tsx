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
const VisitsPage = lazy(() => import('./routes/visits/VisitsPage.tsx'));
const LedgerPage = lazy(() => import('./routes/visits/LedgerPage.tsx'));
const CampaignsPage = lazy(() => import('./routes/visits/CampaignsPage.tsx'));
const CampaignPage = lazy(() => import('./routes/visits/CampaignPage.tsx'));
const WorkTeamsPage = lazy(() => import('./routes/workteams/WorkTeamsPage.tsx'));
const WorkTeamPage = lazy(() => import('./routes/workteams/WorkTeamPage.tsx'));
const AidUnitsPage = lazy(() => import('./routes/assistance/AidUnitsPage.tsx'));
const AidUnitPage = lazy(() => import('./routes/assistance/AidUnitPage.tsx'));
const BookletsPage = lazy(() => import('./routes/assistance/BookletsPage.tsx'));
const AlertsPage = lazy(() => import('./routes/monitoring/AlertsPage.tsx'));
const AlertPage = lazy(() => import('./routes/monitoring/AlertPage.tsx'));
const FeedsPage = lazy(() => import('./routes/monitoring/FeedsPage.tsx'));
const FeedPage = lazy(() => import('./routes/monitoring/FeedPage.tsx'));
const SelfReportsPage = lazy(() => import('./routes/monitoring/SelfReportsPage.tsx'));
const PublicReportPage = lazy(() => import('./routes/monitoring/PublicReportPage.tsx'));
const ConflictsPage = lazy(() => import('./routes/audits/ConflictsPage.tsx'));
const FairnessPage = lazy(() => import('./routes/audits/FairnessPage.tsx'));
const RelativesPage = lazy(() => import('./routes/audits/RelativesPage.tsx'));
// The statistics pages carry ECharts: their own chunks, fetched only when opened.
const StatsPage = lazy(() => import('./routes/stats/StatsPage.tsx'));
const PopulationPage = lazy(() => import('./routes/stats/PopulationPage.tsx'));
// Field mode (外业模式) for helpers on phones: antd-mobile pages outside the desktop shell.
const FieldLayout = lazy(() => import('./routes/field/FieldLayout.tsx'));
const MyHouseholdsPage = lazy(() => import('./routes/field/MyHouseholdsPage.tsx'));
const FieldHouseholdPage = lazy(() => import('./routes/field/FieldHouseholdPage.tsx'));
const VisitFormPage = lazy(() => import('./routes/field/VisitFormPage.tsx'));

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
