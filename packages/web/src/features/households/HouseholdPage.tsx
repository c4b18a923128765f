import { lazy, Suspense, useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Dropdown, Flex, Input, Space, Tabs, Tag, Typography } from 'antd';
import { DownOutlined, EditOutlined, HistoryOutlined, UserAddOutlined } from '@ant-design/icons';
import { can, codeLabel, HOUSEHOLD_ATTRIBUTES, HOUSEHOLD_EVENT_KINDS, HOUSEHOLD_STATUSES, registrationDate } from '@jingzhun/domain';
import { getHousehold, getHouseholdHistory, type HouseholdDetail, type WriteWarning } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DetailLoadError, DetailTitle } from '../../shared/components/DetailPage.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { HouseholdAlertsTab } from '../alerts/HouseholdAlertsTab.tsx';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { BasicInfoTab } from './detail/BasicInfoTab.tsx';
import { EvaluationTab } from './detail/EvaluationTab.tsx';
import { EventsTab } from './detail/EventsTab.tsx';
import { HistoryTab } from './detail/HistoryTab.tsx';
import { IncomesTab } from './detail/IncomesTab.tsx';
import { MembersTab } from './detail/MembersTab.tsx';
import { ProceduresTab } from './detail/ProceduresTab.tsx';
import { AssistanceTab } from '../assistance/household-tab/AssistanceTab.tsx';
import type { Dialog } from './edit/HouseholdDialog.tsx';
import { useWriteWarnings } from './form/submit.ts';
import { ATTRIBUTE_COLORS, labelOf, STATUS_COLORS } from './labels.ts';

const HouseholdDialog = lazy(() => import('./edit/HouseholdDialog.tsx'));

const TABS = ['basic', 'members', 'incomes', 'evaluation', 'procedures', 'alerts', 'assistance', 'events', 'history'] as const;
type TabKey = (typeof TABS)[number];

/** `/households/:id`: one household, its members, incomes, events and corrections; writers correct it here. */
export default function HouseholdPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('households.forbidden')} />;
  return <HouseholdView />;
}

function HouseholdView() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const { id = '' } = useParams();
  const { code } = useRegion();
  const [params, setParams] = useSearchParams();
  const asOfParam = params.get('asOf');
  const asOf = asOfParam && /^\d{4}-\d{2}-\d{2}$/.test(asOfParam) ? asOfParam : undefined;
  const tabParam = params.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabKey) : 'basic';
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const showWarnings = useWriteWarnings();

  const household = useApi((signal) => getHousehold(id, asOf, signal), [id, asOf]);
  // The history is asked for only when its tab is opened.
  const history = useApi((signal) => getHouseholdHistory(id, signal), [id], tab !== 'history');
  const h = household.data?.id === id ? household.data : undefined;

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        if (value === undefined || value === '') copy.delete(key);
        else copy.set(key, value);
        return copy;
      },
      { replace: true },
    );

  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;
  const from = (location.state as { from?: string } | null)?.from;
  const back = () => void navigate(`/households${from ?? regionSearch}`);

  if (household.error !== undefined && !h) {
    return (
      <DetailLoadError
        error={household.error}
        onRetry={household.reload}
        backLabel={t('householdPage.backToList')}
        onBack={back}
        before={asOf && <HistoricalBanner asOf={asOf} onLeave={() => setParam('asOf', undefined)} />}
      />
    );
  }
  if (!h) return <PageLoading />;

  const closed = h.leftOn !== null || h.status === 'removed';
  // Read-only as soon as a past date is asked for, not only once its answer is in.
  const historical = h.asOf !== null || asOf !== undefined;
  const editable = can(me.role, 'writeRegistry') && !closed && !historical;

  const done = (text: string, warnings?: WriteWarning[]) => {
    setDialog(null);
    void message.success(text);
    showWarnings(warnings);
    household.reload();
    history.reload();
  };
  const dialogProps = {
    household: h,
    onClose: () => setDialog(null),
    onDone: done,
    onHouseholdClosed: (text: string) => {
      setDialog(null);
      void message.error(text);
      household.reload();
    },
    onMoved: (householdId: string, text: string, warnings?: WriteWarning[]) => {
      setDialog(null);
      void message.success(text);
      showWarnings(warnings);
      if (householdId === id) {
        household.reload();
        history.reload();
      } else void navigate({ pathname: `/households/${householdId}`, search: regionSearch }, from === undefined ? {} : { state: { from } });
    },
  };

  return (
    <Flex vertical gap={16}>
      {asOf && <HistoricalBanner asOf={asOf} enteredOn={chinaDate(h.createdAt)} onLeave={() => setParam('asOf', undefined)} />}
      {household.error !== undefined && <Alert type="error" showIcon title={household.error instanceof Error ? household.error.message : String(household.error)} />}
      {closed && (
        <Alert
          type="info"
          showIcon
          data-testid="household-closed"
          title={t('householdPage.closedTitle', { date: h.leftOn ?? '' })}
          description={h.leftReason ? t('householdPage.closedReason', { reason: h.leftReason }) : undefined}
        />
      )}
      <Card>
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="flex-start" wrap gap={12}>
            <DetailTitle title={h.headName} testId="household-head-name" backLabel={t('householdPage.backToList')} onBack={back} loading={household.loading}>
              <Tag color={STATUS_COLORS[h.status]}>{labelOf(HOUSEHOLD_STATUSES, h.status, lang)}</Tag>
              <Tag color={ATTRIBUTE_COLORS[h.attribute]}>{labelOf(HOUSEHOLD_ATTRIBUTES, h.attribute, lang)}</Tag>
            </DetailTitle>
            {editable && <WriterActions household={h} onOpen={setDialog} />}
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              { key: 'no', label: t('household.householdNo'), children: <Typography.Text copyable>{h.householdNo}</Typography.Text> },
              { key: 'village', label: t('household.village'), children: h.villageName },
              { key: 'members', label: t('household.members'), children: h.members.filter((m) => m.status === 'active').length },
              { key: 'registered', label: t('household.yearRegistered'), children: h.yearRegistered },
            ]}
          />
          <AsOfPicker household={h} asOf={asOf} onChange={(date) => setParam('asOf', date)} />
        </Flex>
      </Card>
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParam('tab', key === 'basic' ? undefined : key)}
          items={[
            { key: 'basic', label: t('householdPage.tabBasic'), children: <BasicInfoTab household={h} /> },
            {
              key: 'members',
              label: t('householdPage.tabMembers'),
              children: (
                <MembersTab
                  household={h}
                  editable={editable}
                  onEdit={(member) => setDialog({ kind: 'member', member })}
                  onLeave={(member) => setDialog({ kind: 'leave', member })}
                />
              ),
            },
            {
              key: 'incomes',
              label: t('householdPage.tabIncomes'),
              children: <IncomesTab household={h} editable={editable} onEdit={(year) => setDialog({ kind: 'income', year })} />,
            },
            { key: 'evaluation', label: t('evaluation.tab'), children: <EvaluationTab household={h} /> },
            {
              key: 'procedures',
              label: t('procedures.tab'),
              children: <ProceduresTab household={h} readOnly={closed || historical} />,
            },
            {
              key: 'alerts',
              label: t('monitoring.household.tab'),
              children: <HouseholdAlertsTab householdId={h.id} headName={h.headName} readOnly={closed || historical} />,
            },
            {
              key: 'assistance',
              label: t('assistance.tab'),
              children: <AssistanceTab householdId={h.id} villageCode={h.villageCode} editable={editable} />,
            },
            { key: 'events', label: t('householdPage.tabEvents'), children: <EventsTab household={h} /> },
            { key: 'history', label: t('householdPage.tabHistory'), children: <HistoryTab history={history} household={h} /> },
          ]}
        />
      </Card>
      {dialog && editable && (
        <Suspense fallback={null}>
          <HouseholdDialog dialog={dialog} {...dialogProps} />
        </Suspense>
      )}
    </Flex>
  );
}

/** The writers' actions on the household: the frequent ones as buttons, the rare and weighty ones in a menu. */
function WriterActions({ household: h, onOpen }: { household: HouseholdDetail; onOpen: (dialog: Dialog) => void }) {
  const { t, lang } = useI18n();
  const others = h.members.some((m) => m.status === 'active' && m.relation !== 'head');
  return (
    <Space wrap>
      <Button icon={<EditOutlined />} onClick={() => onOpen({ kind: 'edit' })} data-testid="household-edit-open">
        {t('householdPage.edit')}
      </Button>
      <Button icon={<UserAddOutlined />} onClick={() => onOpen({ kind: 'join' })} data-testid="member-join-open">
        {t('householdPage.addMember')}
      </Button>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'head', label: t('householdPage.headChange'), disabled: !others },
            { key: 'income', label: t('householdPage.addIncome') },
            { type: 'divider' },
            { key: 'split', label: codeLabel(HOUSEHOLD_EVENT_KINDS, 'split', lang), disabled: !others },
            { key: 'merge', label: codeLabel(HOUSEHOLD_EVENT_KINDS, 'merge', lang) },
            { type: 'divider' },
            { key: 'registry', label: t('householdPage.leaveRegistry'), danger: true },
          ],
          onClick: ({ key }) => {
            if (key === 'head') onOpen({ kind: 'head' });
            if (key === 'income') onOpen({ kind: 'income', year: undefined });
            if (key === 'split') onOpen({ kind: 'split' });
            if (key === 'merge') onOpen({ kind: 'merge' });
            if (key === 'registry') onOpen({ kind: 'registry' });
          },
        }}
      >
        <Button data-testid="household-more">
          {t('householdPage.more')} <DownOutlined />
        </Button>
      </Dropdown>
    </Space>
  );
}

/**
 * 查看历史状态: the household as it was at the end of a past day, from its registration (1 January of
 * 建档年份, also before the record was entered: its past came with it) to today.
 */
function AsOfPicker({ household: h, asOf, onChange }: { household: HouseholdDetail; asOf: string | undefined; onChange: (date: string | undefined) => void }) {
  const { t } = useI18n();
  const today = chinaDate();
  const first = registrationDate(h.yearRegistered);
  const label = t('householdPage.asOf');
  // Registered today: there is no past state to show yet.
  const none = first >= today;
  // Typed dates pass through invalid ones ("0002-11-24" after the first digit): only a date in range is applied.
  const [text, setText] = useState(asOf ?? '');
  useEffect(() => setText(asOf ?? ''), [asOf]);
  return (
    <Flex align="center" gap={8} wrap>
      <HistoryOutlined style={{ color: '#888' }} />
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Input
        type="date"
        aria-label={label}
        value={text}
        min={first}
        max={today}
        style={{ width: 170 }}
        disabled={none}
        title={none ? t('householdPage.asOfNone') : undefined}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          // The end of today is the record as it is: that needs no historical view.
          if (value === '' || value === today) onChange(undefined);
          else if (value >= first && value < today) onChange(value);
        }}
        data-testid="household-as-of"
      />
      {asOf && (
        <Button size="small" onClick={() => onChange(undefined)}>
          {t('householdPage.asOfLeave')}
        </Button>
      )}
    </Flex>
  );
}

/**
 * The banner that says the page shows the past and cannot be changed; before the record was entered, also
 * that what was recorded on entry is shown as not recorded for that day.
 */
function HistoricalBanner({ asOf, enteredOn, onLeave }: { asOf: string; enteredOn?: string; onLeave: () => void }) {
  const { t } = useI18n();
  const beforeEntry = enteredOn !== undefined && asOf < enteredOn;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="household-historical"
      title={t('householdPage.historicalTitle', { date: asOf })}
      description={
        beforeEntry ? `${t('householdPage.historicalHint')} ${t('householdPage.historicalBeforeEntry', { date: enteredOn })}` : t('householdPage.historicalHint')
      }
      action={
        <Button size="small" onClick={onLeave}>
          {t('householdPage.asOfLeave')}
        </Button>
      }
    />
  );
}
