import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Checkbox, Flex, Input, Select, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { RadarChartOutlined } from '@ant-design/icons';
import { ALERT_SEVERITIES, ALERT_STATES, can, type EscalationLevel } from '@jingzhun/domain';
import { exportAlerts, listAlerts, type Alert, type AlertQuery } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { idParam, useQueryState, withRegion } from '../../shared/lib/query.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';
import { ALERT_STATE_COLORS, alertStateLabel, ESCALATION_COLORS, ESCALATION_LABELS, ESCALATIONS, evidenceSummary, ruleOptions, SEVERITY_COLORS, severityLabel } from './labels.ts';
import { ScanModal } from './ScanModal.tsx';

const SORTS = ['due_on', 'raised_on', 'severity'] as const;
/** The filters kept in the URL; `state` absent means the pending ones, `all` means every state. */
const FILTER_KEYS = ['state', 'rule', 'severity', 'overdue', 'escalation', 'mine', 'q', 'household'] as const;

/** `/alerts`: the alerts of the selected region (预警), the pending and most urgent first, with filters, export and a scan. */
export default function AlertsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('monitoring.forbidden')} />;
  return <AlertsList />;
}

/** The list's query from the URL's parameters (anything malformed is left out). */
function queryOf(params: URLSearchParams): AlertQuery {
  const state = params.get('state');
  const rule = params.get('rule');
  const severity = params.get('severity');
  const escalation = params.get('escalation');
  const q = params.get('q')?.trim();
  return {
    state: state === 'all' ? undefined : state && (state === 'pending' || Object.hasOwn(ALERT_STATES, state)) ? state : 'pending',
    rule: rule && ruleOptions('zh-CN').some((o) => o.value === rule) ? rule : undefined,
    severity: severity && Object.hasOwn(ALERT_SEVERITIES, severity) ? severity : undefined,
    overdue: params.get('overdue') === '1' ? 'true' : undefined,
    escalation: ESCALATIONS.includes(escalation as EscalationLevel) ? (escalation as EscalationLevel) : undefined,
    assignee: params.get('mine') === '1' ? 'me' : undefined,
    householdId: idParam(params.get('household')),
    q: q ? q.slice(0, 40) : undefined,
  };
}

function AlertsList() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { detail } = useRegion();
  const { regionSearch, code } = useQueryState();
  const [scanning, setScanning] = useState(false);
  const list = useListPage({ sortable: SORTS, filters: FILTER_KEYS }, (paging, params, signal) => listAlerts({ ...queryOf(params), ...paging, region: code }, signal), [code]);
  const { params, update } = list;
  const query = { ...queryOf(params), sort: list.sort };
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);

  const num = { fontVariantNumeric: 'tabular-nums' } as const;

  const columns: TableColumnsType<Alert> = [
    { key: 'village', dataIndex: 'villageName', title: t('monitoring.col.village') },
    {
      key: 'household',
      title: t('monitoring.col.household'),
      render: (_, a) => (
        <Flex vertical gap={0}>
          <Link to={{ pathname: `/households/${a.householdId}`, search: withRegion(regionSearch, { tab: 'alerts' }) }}>{a.headName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, ...num }}>
            {a.householdNo}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'rule',
      title: t('monitoring.col.rule'),
      render: (_, a) => (
        <Link to={{ pathname: `/alerts/${a.id}`, search: regionSearch }} data-testid="alert-link" data-rule={a.rule}>
          {a.ruleLabel}
        </Link>
      ),
    },
    { key: 'severity', title: t('monitoring.col.severity'), render: (_, a) => <Tag color={SEVERITY_COLORS[a.severity]}>{severityLabel(a.severity, lang)}</Tag> },
    { key: 'subject', title: t('monitoring.col.subject'), render: (_, a) => <span style={num}>{a.subject ?? DASH}</span> },
    {
      key: 'evidence',
      title: t('monitoring.col.evidence'),
      render: (_, a) => {
        const summary = evidenceSummary(a, lang, t);
        return (
          <Typography.Text ellipsis={{ tooltip: summary }} style={{ maxWidth: 320 }}>
            {summary}
          </Typography.Text>
        );
      },
    },
    {
      key: 'state',
      title: t('monitoring.col.state'),
      render: (_, a) => (
        <Tag color={ALERT_STATE_COLORS[a.state]} data-testid="alert-state">
          {alertStateLabel(a.state, lang)}
        </Tag>
      ),
    },
    {
      key: 'dueOn',
      title: t('monitoring.col.dueOn'),
      render: (_, a) =>
        a.overdue ? (
          <Tooltip title={t('monitoring.overdue')}>
            <Typography.Text type="danger" strong style={num}>
              {a.dueOn}
            </Typography.Text>
          </Tooltip>
        ) : (
          <span style={num}>{a.dueOn}</span>
        ),
    },
    { key: 'escalation', title: t('monitoring.col.escalation'), render: (_, a) => <Tag color={ESCALATION_COLORS[a.escalation]}>{t(ESCALATION_LABELS[a.escalation])}</Tag> },
    { key: 'assignee', title: t('monitoring.col.assignee'), render: (_, a) => a.assignee?.name ?? DASH },
  ];

  const stateOptions = [
    { value: 'pending', label: t('monitoring.state.pending') },
    { value: 'all', label: t('monitoring.state.all') },
    ...(Object.keys(ALERT_STATES) as Array<keyof typeof ALERT_STATES>).map((s) => ({ value: s, label: alertStateLabel(s, lang) })),
  ];

  return (
    <Card
      title={t('monitoring.alerts.title')}
      extra={
        <Space wrap>
          <DownloadButton load={() => exportAlerts({ ...query, region: code })} fallbackName="alerts.xlsx" data-testid="alerts-export">
            {t('monitoring.export')}
          </DownloadButton>
          {can(me.role, 'importFeeds') && (
            <Button icon={<RadarChartOutlined />} onClick={() => setScanning(true)} data-testid="alerts-scan">
              {t('monitoring.scan.button')}
            </Button>
          )}
        </Space>
      }
    >
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Select<string>
          style={{ width: 160 }}
          value={params.get('state') ?? 'pending'}
          options={stateOptions}
          onChange={(v) => update({ state: v === 'pending' ? undefined : v })}
          aria-label={t('monitoring.col.state')}
          data-testid="alerts-state"
        />
        <Select<string>
          allowClear
          style={{ width: 220 }}
          placeholder={t('monitoring.col.rule')}
          value={query.rule}
          options={ruleOptions(lang)}
          onChange={(v) => update({ rule: v ?? undefined })}
          aria-label={t('monitoring.col.rule')}
          data-testid="alerts-rule"
        />
        <Select<string>
          allowClear
          style={{ width: 110 }}
          placeholder={t('monitoring.col.severity')}
          value={query.severity}
          options={Object.keys(ALERT_SEVERITIES).map((s) => ({ value: s, label: severityLabel(s, lang) }))}
          onChange={(v) => update({ severity: v ?? undefined })}
          aria-label={t('monitoring.col.severity')}
        />
        <Select<string>
          allowClear
          style={{ width: 130 }}
          placeholder={t('monitoring.col.escalation')}
          value={query.escalation}
          options={ESCALATIONS.map((e) => ({ value: e, label: t(ESCALATION_LABELS[e]) }))}
          onChange={(v) => update({ escalation: v ?? undefined })}
          aria-label={t('monitoring.col.escalation')}
        />
        <Checkbox checked={query.overdue === 'true'} onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })} data-testid="alerts-overdue">
          {t('monitoring.filter.overdue')}
        </Checkbox>
        <Checkbox checked={query.assignee === 'me'} onChange={(e) => update({ mine: e.target.checked ? '1' : undefined })} data-testid="alerts-mine">
          {t('monitoring.filter.mine')}
        </Checkbox>
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('monitoring.filter.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || undefined })}
          aria-label={t('monitoring.filter.search')}
          data-testid="alerts-search"
        />
        <Select<string>
          style={{ width: 150 }}
          value={query.sort ?? 'default'}
          options={[
            { value: 'default', label: t('monitoring.sort.default') },
            { value: 'due_on', label: t('monitoring.sort.due_on') },
            { value: 'raised_on', label: t('monitoring.sort.raised_on') },
            { value: 'severity', label: t('monitoring.sort.severity') },
          ]}
          onChange={(v) => update({ sort: v === 'default' ? undefined : v })}
          aria-label={t('monitoring.sort.label')}
        />
        {query.householdId && (
          <Tag closable onClose={() => update({ household: undefined })} color="blue">
            {t('monitoring.filter.household')}
          </Tag>
        )}
        {list.filtered && <Button onClick={list.resetFilters}>{t('common.reset')}</Button>}
        <Tag color="blue">{t('monitoring.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      <ListTable list={list} columns={columns} data-testid="alerts-table" />
      {scanning && <ScanModal region={code} regionName={detail?.code === code ? detail.name : code} onClose={() => setScanning(false)} onDone={list.list.reload} />}
    </Card>
  );
}
