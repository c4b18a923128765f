import { Card, Tabs } from 'antd';
import { can } from '@jingzhun/domain';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { useQueryState } from '../../shared/lib/query.ts';
import { ComplianceTab } from './ComplianceTab.tsx';
import { VisitsTab } from './VisitsTab.tsx';

const TABS = ['visits', 'compliance'] as const;
type TabKey = (typeof TABS)[number];

/** `/visits`: the visits logged in the selected region, and how often paired households are seen (走访频次). */
export default function VisitsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readAidWork')) return <ForbiddenResult message={t('visits.forbidden')} />;
  return <VisitsTabs />;
}

function VisitsTabs() {
  const { t } = useI18n();
  const { params, update } = useQueryState();
  const tabParam = params.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabKey) : 'visits';
  return (
    <Card title={t('visits.title')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key === 'visits' ? undefined : key }, true)}
        destroyOnHidden
        data-testid="visits-tabs"
        items={[
          { key: 'visits', label: t('visits.tab.visits'), children: <VisitsTab /> },
          { key: 'compliance', label: t('visits.tab.compliance'), children: <ComplianceTab /> },
        ]}
      />
    </Card>
  );
}
