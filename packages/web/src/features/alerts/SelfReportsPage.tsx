import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { CloseOutlined, LinkOutlined } from '@ant-design/icons';
import { can } from '@jingzhun/domain';
import { closeSelfReport, linkSelfReport, listSelfReports, type SelfReport, type SelfReportState } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatDateTime } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { HouseholdSelect } from '../households/HouseholdSelect.tsx';
import { oneOf, useQueryState } from '../../shared/lib/query.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';
import { REPORT_STATE_COLORS } from './labels.ts';

const STATES: readonly SelfReportState[] = ['open', 'linked', 'closed'];
const PAGE_SIZE = 20;

/** The state shown: without `?state=` the open ones; `all` for every state. */
function stateOf(params: URLSearchParams): SelfReportState | undefined {
  const state = params.get('state');
  return state === 'all' ? undefined : (oneOf(state, STATES) ?? 'open');
}

/** `/self-reports`: what people reported on the public form (自主申报) in the selected region, open ones first; cadres link each to its household or close it. */
export default function SelfReportsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('monitoring.forbidden')} />;
  return <ReportsList />;
}

function ReportsList() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { detail } = useRegion();
  const { regionSearch, code } = useQueryState();
  const list = useListPage({ pageSizes: [PAGE_SIZE], filters: ['state'] }, (paging, params, signal) => listSelfReports({ ...paging, region: code, state: stateOf(params) }, signal), [code]);
  const { params, update } = list;
  const stateParam = params.get('state');
  const state = stateOf(params);
  const [linking, setLinking] = useState<SelfReport | null>(null);
  const [closing, setClosing] = useState<SelfReport | null>(null);
  const triages = can(me.role, 'triageAlerts');

  const columns: TableColumnsType<SelfReport> = [
    { key: 'createdAt', title: t('selfReports.col.createdAt'), render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.createdAt)}</span> },
    { key: 'village', dataIndex: 'villageName', title: t('monitoring.col.village') },
    { key: 'name', title: t('selfReports.col.name'), render: (_, r) => r.name ?? <Typography.Text type="secondary">{t('selfReports.anonymous')}</Typography.Text> },
    { key: 'phone', title: t('selfReports.col.phone'), render: (_, r) => (triages ? <a href={`tel:${r.phone}`}>{r.phone}</a> : r.phone) },
    {
      key: 'what',
      title: t('selfReports.col.what'),
      render: (_, r) => (
        <Typography.Paragraph style={{ maxWidth: 420, margin: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, expandable: 'collapsible' }}>
          {r.what}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'state',
      title: t('monitoring.col.state'),
      render: (_, r) => (
        <Flex vertical gap={2}>
          <Tag color={REPORT_STATE_COLORS[r.state]} data-testid="report-state">
            {t(`selfReports.state.${r.state}`)}
          </Tag>
          {r.alertId && (
            <Link to={{ pathname: `/alerts/${r.alertId}`, search: regionSearch }} data-testid="report-alert">
              {t('selfReports.toAlert')}
            </Link>
          )}
          {r.resolution && (
            <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 220 }} ellipsis={{ tooltip: r.resolution }}>
              {r.resolution}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    ...(triages
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, r: SelfReport) =>
              r.state === 'open' ? (
                <Space size={4} wrap>
                  <Button size="small" type="primary" icon={<LinkOutlined />} onClick={() => setLinking(r)} data-testid="report-link">
                    {t('selfReports.link')}
                  </Button>
                  <Button size="small" icon={<CloseOutlined />} onClick={() => setClosing(r)} data-testid="report-close">
                    {t('selfReports.close')}
                  </Button>
                </Space>
              ) : (
                DASH
              ),
          },
        ]
      : []),
  ];

  return (
    <Card title={t('selfReports.title')} extra={<Link to="/public/report">{t('selfReports.publicForm')}</Link>}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Select<string>
          style={{ width: 150 }}
          value={stateParam === 'all' ? 'all' : (state ?? 'open')}
          options={[...STATES.map((s) => ({ value: s, label: t(`selfReports.state.${s}`) })), { value: 'all', label: t('monitoring.state.all') }]}
          onChange={(v) => update({ state: v === 'open' ? undefined : v })}
          aria-label={t('monitoring.col.state')}
          data-testid="reports-state"
        />
        <Tag color="blue">{t('monitoring.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      <ListTable list={list} columns={columns} data-testid="reports-table" locale={{ emptyText: t('selfReports.empty') }} />
      {linking && (
        <LinkModal
          report={linking}
          onClose={() => setLinking(null)}
          onLinked={(alertId) => {
            setLinking(null);
            void message.success(t('selfReports.linked'));
            void navigate({ pathname: `/alerts/${alertId}`, search: regionSearch });
          }}
        />
      )}
      {closing && (
        <FormModal<{ reason?: string }>
          title={t('selfReports.closeTitle')}
          okText={t('selfReports.close')}
          danger
          fieldNames={['reason']}
          testId="report-close-form"
          onClose={() => setClosing(null)}
          onSaved={() => {
            setClosing(null);
            void message.success(t('selfReports.closed'));
            list.list.reload();
          }}
          onSubmit={(v) => closeSelfReport(closing.id, (v.reason ?? '').trim())}
          intro={<ReportQuote report={closing} />}
        >
          <Form.Item
            name="reason"
            label={t('selfReports.reason')}
            extra={t('selfReports.reasonHint')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, max: 2000, message: t('monitoring.length', { min: 2, max: 2000 }) }]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </FormModal>
      )}
    </Card>
  );
}

/** What the person wrote, above a form about it. */
function ReportQuote({ report }: { report: SelfReport }) {
  const { t } = useI18n();
  return (
    <Alert
      type="info"
      style={{ marginBottom: 16 }}
      title={`${report.villageName} · ${report.name ?? t('selfReports.anonymous')} · ${report.phone}`}
      description={<span style={{ whiteSpace: 'pre-wrap' }}>{report.what}</span>}
    />
  );
}

/** Links a report to the household it is about, picked among the households of the report's village. */
function LinkModal({ report, onClose, onLinked }: { report: SelfReport; onClose: () => void; onLinked: (alertId: string) => void }) {
  const { t } = useI18n();
  return (
    <FormModal<{ householdId?: string }, { alertId: string }>
      title={t('selfReports.linkTitle')}
      okText={t('selfReports.link')}
      fieldNames={['householdId']}
      codeFields={{ household_closed: 'householdId', conflict: 'householdId', not_found: 'householdId' }}
      testId="report-link-form"
      width={560}
      onClose={onClose}
      onSaved={(r) => onLinked(r.alertId)}
      onSubmit={(v) => linkSelfReport(report.id, v.householdId ?? '')}
      intro={<ReportQuote report={report} />}
    >
      <Form.Item name="householdId" label={t('selfReports.household')} extra={t('selfReports.householdHint', { village: report.villageName })} rules={[{ required: true, message: t('common.required') }]}>
        <HouseholdField village={report.villageCode} />
      </Form.Item>
    </FormModal>
  );
}

/** The village's household picker as a form control. */
function HouseholdField({ village, value, onChange }: { village: string; value?: string; onChange?: (id: string | undefined) => void }) {
  return <HouseholdSelect region={village} value={value} onChange={(id) => onChange?.(id)} style={{ width: '100%' }} />;
}
