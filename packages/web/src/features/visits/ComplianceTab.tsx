import { Link } from 'react-router-dom';
import { Card, Col, Flex, Progress, Row, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { requestFile } from '../../shared/api/client.ts';
import { getCompliance, type Compliance } from './api.ts';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { ErrorResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate, DASH, formatNumber } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { DateInput } from '../../shared/components/DateInput.tsx';
import { dateParam, idParam, useQueryState } from '../../shared/lib/query.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';
import { HouseholdCell } from '../households/HouseholdCell.tsx';


type UnitRow = Compliance['byUnit'][number];
type HelperRow = Compliance['byHelper'][number];
type OverdueRow = Compliance['items'][number];

/** The date and unit chosen in `?asOf=` and `?cUnit=` (a date after today is ignored). */
function readQuery(params: URLSearchParams, today: string): { asOf?: string; unitId?: string } {
  const asOf = dateParam(params.get('asOf'));
  const unitId = idParam(params.get('cUnit'));
  return { ...(asOf && asOf <= today ? { asOf } : {}), ...(unitId ? { unitId } : {}) };
}

/** The overdue share of some pairings as a small bar: red from a third overdue, amber from a tenth. */
function OverdueShare({ overdue, pairings }: { overdue: number; pairings: number }) {
  const percent = pairings > 0 ? Math.round((overdue / pairings) * 1000) / 10 : 0;
  const color = percent >= 33 ? '#cf1322' : percent >= 10 ? '#d48806' : '#389e0d';
  return <Progress percent={percent} size="small" status="normal" strokeColor={color} format={(p) => `${p ?? 0}%`} style={{ width: 110, margin: 0 }} />;
}

/**
 * The "compliance" tab (走访频次): in the region bar's region on a date, the paired households whose helper
 * has not visited within the region's interval, counted by unit and by helper and listed longest unseen first.
 */
export function ComplianceTab() {
  const { t, lang } = useI18n();
  const { detail } = useRegion();
  const { regionSearch, code } = useQueryState();
  const today = chinaDate();
  const list = useListPage(
    { pageKey: 'cPage', filters: ['asOf', 'cUnit'] },
    (paging, params, signal) => getCompliance({ ...readQuery(params, today), ...paging, region: code }, signal).then((c) => ({ ...c, total: c.overdue })),
    [code],
  );
  const { asOf, unitId } = readQuery(list.params, today);
  const state = list.list;
  const data = state.data;
  const setPage = list.update;
  const ledgerLink = (staffId: string) => ({ pathname: `/helpers/${staffId}/ledger`, search: regionSearch });
  const unitName = unitId ? data?.byUnit.find((u) => u.unitId === unitId)?.unitName : undefined;
  const share = (r: { overdue: number; pairings: number }) => (r.pairings > 0 ? r.overdue / r.pairings : 0);

  const unitColumns: TableColumnsType<UnitRow> = [
    {
      key: 'unit',
      title: t('compliance.col.unit'),
      sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'),
      render: (_, u) => (
        <Typography.Link onClick={() => setPage({ cUnit: unitId === u.unitId ? undefined : u.unitId })} title={t('compliance.filterUnit')} data-testid="compliance-unit">
          {u.unitName}
        </Typography.Link>
      ),
    },
    { key: 'pairings', dataIndex: 'pairings', title: t('compliance.col.pairings'), align: 'right', sorter: (a, b) => a.pairings - b.pairings },
    { key: 'overdue', dataIndex: 'overdue', title: t('compliance.col.overdue'), align: 'right', sorter: (a, b) => a.overdue - b.overdue },
    { key: 'share', title: t('compliance.col.share'), sorter: (a, b) => share(a) - share(b), render: (_, u) => <OverdueShare overdue={u.overdue} pairings={u.pairings} /> },
  ];

  const helperColumns: TableColumnsType<HelperRow> = [
    {
      key: 'name',
      title: t('compliance.col.helper'),
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_, h) => (
        <Link to={ledgerLink(h.staffId)} title={t('compliance.openLedger')} data-testid="compliance-helper">
          {h.name}
        </Link>
      ),
    },
    { key: 'unit', dataIndex: 'unitName', title: t('compliance.col.unit') },
    { key: 'pairings', dataIndex: 'pairings', title: t('compliance.col.pairings'), align: 'right', sorter: (a, b) => a.pairings - b.pairings },
    { key: 'overdue', dataIndex: 'overdue', title: t('compliance.col.overdue'), align: 'right', sorter: (a, b) => a.overdue - b.overdue },
    { key: 'share', title: t('compliance.col.share'), sorter: (a, b) => share(a) - share(b), render: (_, h) => <OverdueShare overdue={h.overdue} pairings={h.pairings} /> },
  ];

  const itemColumns: TableColumnsType<OverdueRow> = [
    {
      key: 'household',
      title: t('visits.col.household'),
      render: (_, r) => <HouseholdCell household={r.household} regionSearch={regionSearch} />,
    },
    { key: 'helper', title: t('compliance.col.helper'), render: (_, r) => <Link to={ledgerLink(r.helper.id)}>{r.helper.name}</Link> },
    { key: 'unit', title: t('compliance.col.unit'), render: (_, r) => r.helper.unitName },
    { key: 'pairedSince', dataIndex: 'pairedSince', title: t('compliance.col.pairedSince') },
    {
      key: 'lastVisitedOn',
      title: t('compliance.col.lastVisit'),
      render: (_, r) => (r.lastVisitedOn ? r.lastVisitedOn : <Tag color="red">{t('compliance.never')}</Tag>),
    },
    {
      key: 'daysSince',
      title: t('compliance.col.daysSince'),
      align: 'right',
      render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums', color: '#cf1322' }}>{r.daysSince === null ? DASH : t('compliance.days', { n: r.daysSince })}</span>,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex wrap gap={8} align="center">
        <Typography.Text type="secondary">{t('compliance.asOf')}</Typography.Text>
        <DateInput
          value={asOf ?? today}
          max={today}
          min="2014-01-01"
          onChange={(v) => setPage({ asOf: v && v !== today && v <= today ? v : undefined })}
          aria-label={t('compliance.asOf')}
          data-testid="compliance-as-of"
        />
        {unitId && (
          <Tag closable color="gold" onClose={() => setPage({ cUnit: undefined })} data-testid="compliance-unit-filter">
            {t('compliance.onlyUnit', { name: unitName ?? unitId })}
          </Tag>
        )}
        <DownloadButton
          load={() => requestFile('/exports/visit-compliance.xlsx', { region: code, asOf, unitId })}
          fallbackName="visit-compliance.xlsx"
          data-testid="compliance-export"
        >
          {t('compliance.export')}
        </DownloadButton>
        <Tag color="blue">{t('visits.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      {state.error !== undefined ? (
        <ErrorResult error={state.error} onRetry={state.reload} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {[
              { key: 'pairings', title: t('compliance.pairings'), value: data ? formatNumber(data.pairings, lang) : DASH },
              { key: 'overdue', title: t('compliance.overdue'), value: data ? formatNumber(data.overdue, lang) : DASH, danger: (data?.overdue ?? 0) > 0 },
              { key: 'households', title: t('compliance.overdueHouseholds'), value: data ? formatNumber(data.overdueHouseholds, lang) : DASH, danger: (data?.overdueHouseholds ?? 0) > 0 },
              { key: 'interval', title: t('compliance.interval'), value: data ? t('compliance.days', { n: data.intervalDays }) : DASH },
              { key: 'asOf', title: t('compliance.asOf'), value: data?.asOf ?? asOf ?? today },
            ].map((s) => (
              <Col key={s.key} flex="1 1 140px">
                <Card size="small" loading={state.loading && !data}>
                  <Statistic title={s.title} value={s.value} styles={{ content: { fontSize: 22, ...(s.danger ? { color: '#cf1322' } : {}) } }} data-testid={`compliance-${s.key}`} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={11}>
              <Card size="small" title={t('compliance.byUnit')}>
                <Table<UnitRow>
                  rowKey="unitId"
                  size="small"
                  columns={unitColumns}
                  dataSource={data?.byUnit ?? []}
                  loading={state.loading}
                  scroll={{ x: 'max-content' }}
                  pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
                  locale={{ emptyText: t('compliance.noPairings') }}
                  rowClassName={(u) => (u.unitId === unitId ? 'ant-table-row-selected' : '')}
                  data-testid="compliance-by-unit"
                />
              </Card>
            </Col>
            <Col xs={24} xl={13}>
              <Card size="small" title={t('compliance.byHelper')}>
                <Table<HelperRow>
                  rowKey="staffId"
                  size="small"
                  columns={helperColumns}
                  dataSource={data?.byHelper ?? []}
                  loading={state.loading}
                  scroll={{ x: 'max-content' }}
                  pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
                  locale={{ emptyText: t('compliance.noPairings') }}
                  data-testid="compliance-by-helper"
                />
              </Card>
            </Col>
          </Row>
          <Card
            size="small"
            title={
              <Space size={8}>
                {t('compliance.overdueList')}
                {data && <Tag color={data.overdue > 0 ? 'red' : 'green'}>{formatNumber(data.overdue, lang)}</Tag>}
              </Space>
            }
          >
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              {t('compliance.overdueHint', { n: data?.intervalDays ?? 30 })}
            </Typography.Paragraph>
            <ListTable list={list} rowKey="pairingId" columns={itemColumns} locale={{ emptyText: t('compliance.noneOverdue') }} data-testid="compliance-overdue" />
          </Card>
        </>
      )}
    </Flex>
  );
}
