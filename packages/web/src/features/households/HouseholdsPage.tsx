import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Flex, Grid, Input, InputNumber, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import {
  can,
  CAUSES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  isFullIdNumber,
  type Cause,
  type HouseholdAttribute,
  type HouseholdStatus,
} from '@jingzhun/domain';
import { exportHouseholds, listHouseholds, type HouseholdQuery, type HouseholdRow, type HouseholdSort } from './api.ts';
import { downloadHouseholdTemplate } from '../household-import/api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatMoney, formatNumber, parseYear } from '../../shared/lib/format.ts';
import { oneOf } from '../../shared/lib/query.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { DRILL_PARAMS, readDrill, statFigureLabel } from '../stats/drill.ts';
import { ATTRIBUTE_COLORS, codeOptions, labelOf, STATUS_COLORS } from './labels.ts';

const SORTABLE: readonly HouseholdSort[] = ['headName', 'householdNo', 'yearRegistered', 'village', 'incomePerHead'];
const FIRST_YEAR = 2014;

/** The query parameters of the list: kept in the URL so that coming back from a household restores the list. */
const FILTER_KEYS = ['q', 'status', 'attribute', 'mainCause', 'disability', 'incomeYear', 'incomeMin', 'incomeMax'] as const;

function positive(value: string | null): number | undefined {
  if (value === null || value === '' || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}

/** The list's filters read from `?…`, ignoring whatever is malformed. */
function readQuery(params: URLSearchParams): Omit<HouseholdQuery, 'region' | 'page' | 'pageSize' | 'sort' | 'order'> {
  const disability = params.get('disability');
  const drill = readDrill(params);
  return {
    q: params.get('q')?.trim() || undefined,
    status: oneOf(params.get('status'), Object.keys(HOUSEHOLD_STATUSES) as HouseholdStatus[]),
    attribute: oneOf(params.get('attribute'), Object.keys(HOUSEHOLD_ATTRIBUTES) as HouseholdAttribute[]),
    mainCause: oneOf(params.get('mainCause'), Object.keys(CAUSES) as Cause[]),
    disability: disability === '1' ? 1 : disability === '0' ? 0 : undefined,
    // A figure's households show their income of the figure's year unless another year is chosen.
    incomeYear: parseYear(params.get('incomeYear')) ?? drill?.statYear,
    incomeMin: positive(params.get('incomeMin')),
    incomeMax: positive(params.get('incomeMax')),
    // A figure of the statistics opens the list narrowed to the households it counted.
    stat: drill?.stat,
    statYear: drill?.statYear,
    statKey: drill?.statKey,
  };
}

/** `/households`: the registered households of the selected region, paged, filtered and sorted by the server. */
export default function HouseholdsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('households.forbidden')} />;
  return <HouseholdsTable />;
}

function HouseholdsTable() {
  const me = useMe();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const { code, detail } = useRegion();
  const phone = Grid.useBreakpoint().md === false;
  // A whole ID number searched for stays in the page, out of the address bar and the history.
  const [idSearch, setIdSearch] = useState<string | undefined>(undefined);
  const households = useListPage(
    { sortable: SORTABLE, filters: FILTER_KEYS, reads: DRILL_PARAMS },
    (paging, params, signal) => listHouseholds({ ...readQuery(params), ...(idSearch ? { q: idSearch } : {}), ...paging, region: code }, signal),
    [code, idSearch],
  );
  const { update, params } = households;
  const urlQuery = { ...readQuery(params), page: households.page, pageSize: households.pageSize, sort: households.sort, order: households.order };
  const query = { ...urlQuery, ...(idSearch ? { q: idSearch } : {}) };
  const data = households.list.data;

  // The search box and the income range are typed first and applied on Enter or when leaving the box.
  const [text, setText] = useState(query.q ?? '');
  const [incomeMin, setIncomeMin] = useState<number | null>(query.incomeMin ?? null);
  const [incomeMax, setIncomeMax] = useState<number | null>(query.incomeMax ?? null);
  useEffect(() => setText(query.q ?? ''), [query.q]);
  useEffect(() => setIncomeMin(query.incomeMin ?? null), [query.incomeMin]);
  useEffect(() => setIncomeMax(query.incomeMax ?? null), [query.incomeMax]);
  const applyIncome = () => {
    if ((incomeMin ?? undefined) !== query.incomeMin || (incomeMax ?? undefined) !== query.incomeMax) {
      update({ incomeMin: incomeMin ?? undefined, incomeMax: incomeMax ?? undefined });
    }
  };

  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;
  const open = (row: HouseholdRow) =>
    void navigate({ pathname: `/households/${row.id}`, search: regionSearch }, { state: { from: location.search } });

  const incomeYear = query.incomeYear ?? data?.incomeYear;
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);

  const columns: TableColumnsType<HouseholdRow> = [
    {
      key: 'householdNo',
      dataIndex: 'householdNo',
      title: t('household.householdNo'),
      sorter: true,
      sortOrder: households.sortOrder('householdNo'),
      render: (v: string) => <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</Typography.Text>,
    },
    { key: 'village', dataIndex: 'villageName', title: t('household.village'), sorter: true, sortOrder: households.sortOrder('village') },
    {
      key: 'headName',
      title: t('household.head'),
      sorter: true,
      sortOrder: households.sortOrder('headName'),
      render: (_, h) => (
        <Space size={6}>
          <Link to={{ pathname: `/households/${h.id}`, search: regionSearch }} state={{ from: location.search }} data-testid="household-head">
            {h.headName}
          </Link>
          {h.headNameInitials && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="household-initials">
              {h.headNameInitials}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'headIdNumber', dataIndex: 'headIdNumber', title: t('household.headIdNumber'), render: (v: string | null) => v ?? '—' },
    { key: 'members', dataIndex: 'members', title: t('household.members'), align: 'right', render: (n: number) => formatNumber(n, lang) },
    {
      key: 'attribute',
      dataIndex: 'attribute',
      title: t('household.attribute'),
      render: (v: string) => <Tag color={ATTRIBUTE_COLORS[v]}>{labelOf(HOUSEHOLD_ATTRIBUTES, v, lang)}</Tag>,
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('household.status'),
      render: (v: string) => <Tag color={STATUS_COLORS[v]}>{labelOf(HOUSEHOLD_STATUSES, v, lang)}</Tag>,
    },
    { key: 'mainCause', dataIndex: 'mainCause', title: t('household.mainCause'), render: (v: string | null) => labelOf(CAUSES, v, lang) },
    {
      key: 'incomePerHead',
      dataIndex: 'incomePerHead',
      title: incomeYear ? t('households.incomePerHeadOf', { year: incomeYear }) : t('household.incomePerHead'),
      align: 'right',
      sorter: true,
      sortOrder: households.sortOrder('incomePerHead'),
      render: (v: number | null) => formatMoney(v, lang),
    },
  ];

  return (
    <Card
      title={t('households.title')}
      extra={
        <Space size={8}>
          {/* On a phone the secondary actions keep their icon only, so the title keeps its room. */}
          <DownloadButton
            load={downloadHouseholdTemplate}
            fallbackName={t('import.templateFileName')}
            aria-label={t('households.downloadTemplate')}
            title={t('households.downloadTemplate')}
            data-testid="household-template"
          >
            {phone ? undefined : t('households.downloadTemplate')}
          </DownloadButton>
          <DownloadButton
            load={() => exportHouseholds({ ...urlQuery, region: code }, 'list')}
            fallbackName={t('households.exportFileName')}
            aria-label={t('households.exportList')}
            title={t('households.exportList')}
            data-testid="household-export"
          >
            {phone ? undefined : t('households.exportList')}
          </DownloadButton>
          {can(me.role, 'writeRegistry') && (
            <>
              <DownloadButton
                load={() => exportHouseholds({ ...urlQuery, region: code }, 'full')}
                fallbackName={t('households.exportFileName')}
                aria-label={t('households.exportFull')}
                title={t('households.exportFull')}
                data-testid="household-export-full"
              >
                {phone ? undefined : t('households.exportFull')}
              </DownloadButton>
              <Button
                icon={<ImportOutlined />}
                aria-label={t('households.import')}
                title={t('households.import')}
                onClick={() => void navigate({ pathname: '/households/import', search: regionSearch })}
                data-testid="household-import"
              >
                {phone ? undefined : t('households.import')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => void navigate({ pathname: '/households/new', search: regionSearch })}
                data-testid="household-create"
              >
                {t('households.create')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 280, maxWidth: '100%' }}
          placeholder={t('households.searchPlaceholder')}
          aria-label={t('households.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(value) => {
            const typed = value.trim();
            setIdSearch(isFullIdNumber(typed) ? typed : undefined);
            update({ q: isFullIdNumber(typed) ? undefined : typed || undefined });
          }}
          data-testid="household-search"
        />
        <Select<HouseholdStatus>
          allowClear
          style={{ width: 130 }}
          placeholder={t('households.allStatuses')}
          aria-label={t('household.status')}
          value={query.status}
          options={codeOptions(HOUSEHOLD_STATUSES, lang)}
          onChange={(v) => update({ status: v })}
        />
        <Select<HouseholdAttribute>
          allowClear
          style={{ width: 180 }}
          placeholder={t('households.allAttributes')}
          aria-label={t('household.attribute')}
          value={query.attribute}
          options={codeOptions(HOUSEHOLD_ATTRIBUTES, lang)}
          onChange={(v) => update({ attribute: v })}
        />
        <Select<Cause>
          allowClear
          style={{ width: 170 }}
          placeholder={t('households.allCauses')}
          aria-label={t('household.mainCause')}
          value={query.mainCause}
          options={codeOptions(CAUSES, lang)}
          onChange={(v) => update({ mainCause: v })}
        />
        <Select<0 | 1>
          allowClear
          style={{ width: 170 }}
          placeholder={t('households.disabilityAny')}
          aria-label={t('households.disability')}
          value={query.disability}
          options={[
            { value: 1, label: t('households.disabilityYes') },
            { value: 0, label: t('households.disabilityNo') },
          ]}
          onChange={(v) => update({ disability: v })}
        />
        <Space.Compact style={{ width: 340, maxWidth: '100%' }}>
          <Select<number>
            style={{ width: '34%' }}
            aria-label={t('households.incomeYear')}
            value={incomeYear}
            options={years.map((y) => ({ value: y, label: t('households.yearOption', { year: y }) }))}
            onChange={(y) => update({ incomeYear: y })}
          />
          <InputNumber<number>
            style={{ width: '33%' }}
            min={0}
            placeholder={t('households.incomeMin')}
            aria-label={t('households.incomeMin')}
            value={incomeMin}
            onChange={setIncomeMin}
            onBlur={applyIncome}
            onPressEnter={applyIncome}
          />
          <InputNumber<number>
            style={{ width: '33%' }}
            min={0}
            placeholder={t('households.incomeMax')}
            aria-label={t('households.incomeMax')}
            value={incomeMax}
            onChange={setIncomeMax}
            onBlur={applyIncome}
            onPressEnter={applyIncome}
          />
        </Space.Compact>
        {households.filtered && (
          <Button
            onClick={() => {
              setText('');
              households.resetFilters();
            }}
          >
            {t('common.reset')}
          </Button>
        )}
        <Tag color="blue">{t('households.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      {query.stat && (
        <Alert
          type="info"
          showIcon
          closable={{ 'aria-label': t('stats.drill.clear'), onClose: () => update(Object.fromEntries(DRILL_PARAMS.map((k) => [k, undefined]))) }}
          style={{ marginBottom: 16 }}
          title={t('stats.drill.households', { figure: statFigureLabel({ stat: query.stat, statYear: query.statYear, statKey: query.statKey }, lang) })}
          data-testid="household-drill"
        />
      )}
      <ListTable
        list={households}
        columns={columns}
        data-testid="households-table"
        locale={{ emptyText: households.filtered ? t('households.noMatch') : t('households.empty') }}
        onOpen={open}
        pagination={{ showTotal: (total) => t('households.total', { total }) }}
      />
    </Card>
  );
}
