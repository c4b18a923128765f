import { useEffect } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Flex, Select, Space, Table, Tag, Typography, type TableColumnsType, type TableProps } from 'antd';
import { ClockCircleOutlined, UserOutlined } from '@ant-design/icons';
import {
  can,
  PROCEDURE_KINDS,
  PROCEDURE_STATES,
  PROCEDURE_STEPS,
  procedureKindLabel,
  stepLabel,
  stepsOf,
  type ProcedureKind,
  type ProcedureState,
  type StepCode,
} from '@jingzhun/domain';
import { listProcedures, type ProcedureListItem, type ProcedureQuery } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { codeOptions, labelOf } from '../households/labels.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { STATE_COLORS } from './labels.ts';

const PAGE_SIZES = [10, 20, 50, 100];

/** The list's filters, kept in the URL so that coming back from a case restores the list. */
const FILTER_KEYS = ['state', 'kind', 'step', 'mine', 'overdue'] as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function positiveInt(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : undefined;
}

/** The list query read from `?…`, ignoring whatever is malformed. */
function readQuery(params: URLSearchParams): Omit<ProcedureQuery, 'region'> {
  const pageSize = positiveInt(params.get('pageSize'));
  return {
    page: positiveInt(params.get('page')) ?? 1,
    pageSize: pageSize && PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    state: oneOf(params.get('state'), Object.keys(PROCEDURE_STATES) as ProcedureState[]),
    kind: oneOf(params.get('kind'), Object.keys(PROCEDURE_KINDS) as ProcedureKind[]),
    step: oneOf(params.get('step'), Object.keys(PROCEDURE_STEPS) as StepCode[]),
    mine: params.get('mine') === '1' ? 1 : undefined,
    overdue: params.get('overdue') === '1' ? 1 : undefined,
  };
}

/** `/procedures`: the cases of the selected region, most urgent first, with the steps waiting on me and the overdue ones a click away. */
export default function ProceduresPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('procedures.forbidden')} />;
  return <ProceduresTable />;
}

function ProceduresTable() {
  const me = useMe();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const { code, detail } = useRegion();
  const [params, setParams] = useSearchParams();
  const query = readQuery(params);
  const queryKey = JSON.stringify(query);

  const list = useApi((signal) => listProcedures({ ...query, region: code }, signal), [queryKey, code]);
  const data = list.data;

  /** Changes some query parameters; any change but paging goes back to the first page. */
  const update = (changes: Partial<Record<string, string | number | undefined>>, keepPage = false) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') copy.delete(key);
          else copy.set(key, String(value));
        }
        if (!keepPage) copy.delete('page');
        return copy;
      },
      { replace: true },
    );

  // A page beyond the end (after the data or the region changed) shows the last page instead.
  const lastPage = data ? Math.max(1, Math.ceil(data.total / query.pageSize)) : undefined;
  useEffect(() => {
    if (lastPage !== undefined && query.page > lastPage) update({ page: lastPage }, true);
  }, [lastPage, query.page]); // `update` is rebuilt on each render and needs no tracking.

  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;
  const linkState = { from: location.search };
  const open = (row: ProcedureListItem) => void navigate({ pathname: `/procedures/${row.id}`, search: regionSearch }, { state: linkState });

  const onTableChange: TableProps<ProcedureListItem>['onChange'] = (pagination) => {
    if (pagination.pageSize && pagination.pageSize !== query.pageSize) update({ pageSize: pagination.pageSize });
    else update({ page: pagination.current === 1 ? undefined : pagination.current }, true);
  };

  const filtered = FILTER_KEYS.some((k) => params.has(k));
  // Choosing a kind narrows the steps to its own.
  const stepCodes = query.kind ? stepsOf(query.kind) : (Object.keys(PROCEDURE_STEPS) as StepCode[]);

  const columns: TableColumnsType<ProcedureListItem> = [
    {
      key: 'household',
      title: t('procedures.col.household'),
      render: (_, p) => (
        <Flex vertical gap={0}>
          <Link to={{ pathname: `/households/${p.household.id}`, search: regionSearch }} data-testid="procedure-row-household">
            {p.household.headName}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
            {p.household.householdNo}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'village', title: t('procedures.col.village'), render: (_, p) => p.household.villageName },
    {
      key: 'kind',
      title: t('procedures.col.kind'),
      render: (_, p) => (
        <Link to={{ pathname: `/procedures/${p.id}`, search: regionSearch }} state={linkState} data-testid="procedure-row-link">
          {procedureKindLabel(p.kind, lang)}
        </Link>
      ),
    },
    {
      key: 'step',
      title: t('procedures.col.currentStep'),
      render: (_, p) =>
        p.currentStep ? (
          stepLabel(p.currentStep, lang)
        ) : (
          <Tag color={STATE_COLORS[p.state]}>{labelOf(PROCEDURE_STATES, p.state, lang)}</Tag>
        ),
    },
    {
      key: 'stepDueOn',
      title: t('procedures.col.stepDueOn'),
      render: (_, p) =>
        p.state === 'open' ? (
          <Space size={6}>
            <span style={{ fontVariantNumeric: 'tabular-nums' }}>{p.stepDueOn ?? p.dueOn}</span>
            {p.overdue && (
              <Tag color="red" data-testid="procedure-row-overdue">
                {t('procedures.overdueTag')}
              </Tag>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    { key: 'openedOn', dataIndex: 'openedOn', title: t('procedures.col.openedOn') },
  ];

  return (
    <Card title={t('procedures.title')}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Button
          type={query.mine ? 'primary' : 'default'}
          icon={<UserOutlined />}
          aria-pressed={query.mine === 1}
          onClick={() => update({ mine: query.mine ? undefined : 1 })}
          data-testid="procedures-mine"
        >
          {t('procedures.mine')}
        </Button>
        <Button
          type={query.overdue ? 'primary' : 'default'}
          danger={query.overdue === 1}
          icon={<ClockCircleOutlined />}
          aria-pressed={query.overdue === 1}
          onClick={() => update({ overdue: query.overdue ? undefined : 1 })}
          data-testid="procedures-overdue"
        >
          {t('procedures.overdueOnly')}
        </Button>
        <Select<ProcedureState>
          allowClear
          style={{ width: 130 }}
          placeholder={t('procedures.allStates')}
          aria-label={t('procedures.col.state')}
          value={query.state}
          options={codeOptions(PROCEDURE_STATES, lang)}
          onChange={(v) => update({ state: v })}
          data-testid="procedures-state"
        />
        <Select<ProcedureKind>
          allowClear
          style={{ width: 180 }}
          placeholder={t('procedures.allKinds')}
          aria-label={t('procedures.col.kind')}
          value={query.kind}
          options={codeOptions(PROCEDURE_KINDS, lang)}
          onChange={(v) => update({ kind: v, step: v && query.step && !stepsOf(v).includes(query.step) ? undefined : query.step })}
          data-testid="procedures-kind"
        />
        <Select<StepCode>
          allowClear
          style={{ width: 160 }}
          placeholder={t('procedures.allSteps')}
          aria-label={t('procedures.col.currentStep')}
          value={query.step}
          options={stepCodes.map((s) => ({ value: s, label: stepLabel(s, lang) }))}
          onChange={(v) => update({ step: v })}
          data-testid="procedures-step"
        />
        {filtered && <Button onClick={() => update(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))}>{t('common.reset')}</Button>}
        <Tag color="blue">{t('procedures.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      {list.error !== undefined ? (
        <ErrorResult error={list.error} onRetry={list.reload} />
      ) : (
        <Table<ProcedureListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          onChange={onTableChange}
          data-testid="procedures-table"
          locale={{ emptyText: filtered ? t('procedures.noMatch') : t('procedures.empty') }}
          onRow={(row) => ({
            onClick: (e) => {
              // The links in the row navigate on their own.
              if (!(e.target as HTMLElement).closest('a')) open(row);
            },
            style: { cursor: 'pointer' },
          })}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { total }),
          }}
        />
      )}
    </Card>
  );
}
