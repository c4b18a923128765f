import { Link, useNavigate, useParams } from 'react-router-dom';
import { Card, Descriptions, Flex, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CameraOutlined, EnvironmentOutlined, FileExcelOutlined } from '@ant-design/icons';
import { can, CAUSES, HOUSEHOLD_STATUSES, MEASURE_FAMILIES, MEASURE_STATUSES, type Lang } from '@jingzhun/domain';
import { getCatalogue, type MeasureCatalogue } from '../assistance/api.ts';
import { requestFile } from '../../shared/api/client.ts';
import { getLedger, ledgerXlsxPath, type Ledger } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { DetailLoadError, DetailTitle } from '../../shared/components/DetailPage.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatMoney } from '../../shared/lib/format.ts';
import { labelOf, STATUS_COLORS } from '../households/labels.ts';
import { HouseholdCell } from '../households/HouseholdCell.tsx';
import { periodText, thisYear, useQueryState, withRegion, yearOptions } from '../../shared/lib/query.ts';
import { useYearParam } from '../../shared/lib/useYearParam.ts';

type HouseholdRow = Ledger['households'][number];
type VisitRow = Ledger['visits'][number];
type MeasureRow = Ledger['measures'][number];

const MEASURE_STATUS_COLORS: Record<string, string> = { planned: 'default', in_progress: 'processing', done: 'success', cancelled: 'default' };

/**
 * The label of a measure family in the region's catalogue (which may hold families of its own); without the
 * catalogue (an aid unit may not read it) the default families' label, else the key.
 */
export function familyName(catalogue: MeasureCatalogue | undefined, key: string, lang: Lang): string {
  const defaults: Partial<Record<string, Record<Lang, string>>> = MEASURE_FAMILIES;
  return catalogue?.families.find((f) => f.key === key)?.labels[lang] ?? defaults[key]?.[lang] ?? key;
}

/** `/helpers/:id/ledger?year=`: a helper's ledger (帮扶台账) for a year: households, visits and measures, with the Excel export. */
export default function LedgerPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readAidWork')) return <ForbiddenResult message={t('visits.forbidden')} />;
  return <LedgerView />;
}

function LedgerView() {
  const me = useMe();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const { regionSearch, code } = useQueryState();
  const { year, setYear } = useYearParam(thisYear());
  const ledger = useApi((signal) => getLedger(id, year, signal), [id, year]);
  // The catalogue is the registry's (a region's own families): an aid unit reads the default labels instead.
  const registry = can(me.role, 'readRegistry');
  const catalogue = useApi((signal) => getCatalogue(code, signal), [code], !registry);
  // Another year keeps the last one on screen while it loads.
  const shown = ledger.data?.helper.id === id ? ledger.data : undefined;
  const back = () => void navigate({ pathname: '/visits', search: withRegion(regionSearch, { tab: 'compliance' }) });

  if (ledger.error !== undefined && !shown) {
    return <DetailLoadError error={ledger.error} onRetry={ledger.reload} backLabel={t('ledger.back')} onBack={back} />;
  }
  if (!shown) return <PageLoading />;
  const h = shown.helper;
  const householdCell = (hh: { id: string; headName: string; householdNo: string }) => <HouseholdCell household={hh} regionSearch={regionSearch} />;

  const householdColumns: TableColumnsType<HouseholdRow> = [
    { key: 'household', title: t('visits.col.household'), render: (_, r) => householdCell(r), sorter: (a, b) => a.householdNo.localeCompare(b.householdNo) },
    { key: 'village', dataIndex: 'villageName', title: t('ledger.col.village') },
    { key: 'status', title: t('ledger.col.status'), render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{labelOf(HOUSEHOLD_STATUSES, r.status, lang)}</Tag> },
    { key: 'mainCause', title: t('ledger.col.mainCause'), render: (_, r) => labelOf(CAUSES, r.mainCause, lang) },
    { key: 'paired', title: t('ledger.col.paired'), render: (_, r) => periodText(r.pairedFrom, r.pairedTo, t('ledger.now')) },
    {
      key: 'visits',
      title: t('ledger.col.visits'),
      align: 'right',
      sorter: (a, b) => a.visits - b.visits,
      render: (_, r) =>
        r.visits > 0 ? (
          <Link to={{ pathname: '/visits', search: withRegion(regionSearch, { household: r.id, from: `${year}-01-01`, to: `${year}-12-31` }) }}>{r.visits}</Link>
        ) : (
          <Typography.Text type="danger">0</Typography.Text>
        ),
    },
  ];

  const visitColumns: TableColumnsType<VisitRow> = [
    { key: 'visitedOn', dataIndex: 'visitedOn', title: t('visits.col.date'), width: 110, sorter: (a, b) => a.visitedOn.localeCompare(b.visitedOn), defaultSortOrder: 'descend' },
    { key: 'household', title: t('visits.col.household'), render: (_, r) => householdCell(r.household) },
    { key: 'seen', title: t('visits.col.seen'), render: (_, r) => <Typography.Text ellipsis={{ tooltip: r.seen }} style={{ maxWidth: 260 }}>{r.seen}</Typography.Text> },
    { key: 'problems', title: t('visits.problems'), render: (_, r) => <Typography.Text ellipsis={{ tooltip: r.problems }} style={{ maxWidth: 180 }}>{r.problems || DASH}</Typography.Text> },
    { key: 'agreed', title: t('visits.agreed'), render: (_, r) => <Typography.Text ellipsis={{ tooltip: r.agreed }} style={{ maxWidth: 180 }}>{r.agreed || DASH}</Typography.Text> },
    {
      key: 'evidence',
      title: t('ledger.col.evidence'),
      render: (_, r) => (
        <Space size={8}>
          {r.photos > 0 && (
            <span title={t('ledger.photos', { n: r.photos })}>
              <CameraOutlined /> {r.photos}
            </span>
          )}
          {r.located && <EnvironmentOutlined title={t('ledger.located')} />}
          {r.photos === 0 && !r.located && DASH}
        </Space>
      ),
    },
    { key: 'spent', title: t('visits.col.spent'), align: 'right', render: (_, r) => (r.spent > 0 ? formatMoney(r.spent, lang) : DASH) },
  ];

  const measureColumns: TableColumnsType<MeasureRow> = [
    { key: 'household', title: t('visits.col.household'), render: (_, r) => householdCell(r.household) },
    { key: 'family', title: t('ledger.col.family'), render: (_, r) => familyName(catalogue.data, r.family, lang) },
    { key: 'content', title: t('ledger.col.content'), render: (_, r) => <Typography.Text ellipsis={{ tooltip: r.content }} style={{ maxWidth: 280 }}>{r.content}</Typography.Text> },
    { key: 'amount', title: t('ledger.col.amount'), align: 'right', sorter: (a, b) => a.amount - b.amount, render: (_, r) => formatMoney(r.amount, lang) },
    { key: 'period', title: t('ledger.col.period'), render: (_, r) => periodText(r.startsOn, r.endsOn, t('ledger.now')) },
    { key: 'status', title: t('ledger.col.measureStatus'), render: (_, r) => <Tag color={MEASURE_STATUS_COLORS[r.status]}>{labelOf(MEASURE_STATUSES, r.status, lang)}</Tag> },
    { key: 'result', title: t('ledger.col.result'), render: (_, r) => <Typography.Text ellipsis={{ tooltip: r.result }} style={{ maxWidth: 220 }}>{r.result || DASH}</Typography.Text> },
  ];

  const visitedHouseholds = shown.households.filter((r) => r.visits > 0).length;
  const spent = shown.visits.reduce((sum, v) => sum + v.spent, 0);

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="flex-start" wrap gap={12}>
            <DetailTitle title={t('ledger.title', { name: h.name })} testId="ledger-helper" backLabel={t('ledger.back')} onBack={back} loading={ledger.loading} />
            <Space size={8} wrap>
              <Select<number>
                value={year}
                options={yearOptions()}
                onChange={setYear}
                aria-label={t('ledger.year')}
                style={{ width: 110 }}
                data-testid="ledger-year"
              />
              <DownloadButton
                icon={<FileExcelOutlined />}
                load={() => requestFile(ledgerXlsxPath(id), { year })}
                fallbackName={`帮扶台账-${h.name}-${year}.xlsx`}
                data-testid="ledger-export"
              >
                {t('ledger.export')}
              </DownloadButton>
            </Space>
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              { key: 'unit', label: t('ledger.unit'), children: h.unitName },
              { key: 'position', label: t('ledger.position'), children: h.position || DASH },
              { key: 'phone', label: t('ledger.phone'), children: <span style={{ fontVariantNumeric: 'tabular-nums' }}>{h.phone || DASH}</span> },
              { key: 'year', label: t('ledger.year'), children: year },
              {
                key: 'summary',
                label: t('ledger.summary'),
                children: t('ledger.summaryText', {
                  households: shown.households.length,
                  visited: visitedHouseholds,
                  visits: shown.visits.length,
                  measures: shown.measures.length,
                  spent: formatMoney(spent, lang),
                }),
              },
            ]}
          />
        </Flex>
      </Card>

      <Card title={t('ledger.households', { n: shown.households.length })} size="small">
        <Table<HouseholdRow>
          rowKey={(r) => `${r.id}-${r.pairedFrom}`}
          size="small"
          columns={householdColumns}
          dataSource={shown.households}
          loading={ledger.loading}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          locale={{ emptyText: t('ledger.noHouseholds') }}
          data-testid="ledger-households"
        />
      </Card>
      <Card title={t('ledger.visits', { n: shown.visits.length })} size="small">
        <Table<VisitRow>
          rowKey="id"
          size="small"
          columns={visitColumns}
          dataSource={shown.visits}
          loading={ledger.loading}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          locale={{ emptyText: t('ledger.noVisits') }}
          data-testid="ledger-visits"
        />
      </Card>
      <Card title={t('ledger.measures', { n: shown.measures.length })} size="small">
        <Table<MeasureRow>
          rowKey="id"
          size="small"
          columns={measureColumns}
          dataSource={shown.measures}
          loading={ledger.loading || catalogue.loading}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          locale={{ emptyText: t('ledger.noMeasures') }}
          data-testid="ledger-measures"
        />
      </Card>
    </Flex>
  );
}
