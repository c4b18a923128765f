import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Button, Card, Flex, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
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
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { codeOptions, labelOf } from '../households/labels.ts';
import { oneOf } from '../../shared/lib/query.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { STATE_COLORS } from './labels.ts';

/** The list's filters, kept in the URL so that coming back from a case restores the list. */
const FILTER_KEYS = ['state', 'kind', 'step', 'mine', 'overdue'] as const;

/** The list's filters read from `?…`, ignoring whatever is malformed. */
function readQuery(params: URLSearchParams): Omit<ProcedureQuery, 'region' | 'page' | 'pageSize'> {
  return {
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
  const list = useListPage({ filters: FILTER_KEYS }, (paging, params, signal) => listProcedures({ ...readQuery(params), ...paging, region: code }, signal), [code]);
  const { update } = list;
  const query = readQuery(list.params);

  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;
  const linkState = { from: location.search };
  const open = (row: ProcedureListItem) => void navigate({ pathname: `/procedures/${row.id}`, search: regionSearch }, { state: linkState });

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
        {list.filtered && <Button onClick={list.resetFilters}>{t('common.reset')}</Button>}
        <Tag color="blue">{t('procedures.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      <ListTable
        list={list}
        columns={columns}
        data-testid="procedures-table"
        locale={{ emptyText: list.filtered ? t('procedures.noMatch') : t('procedures.empty') }}
        onOpen={open}
      />
    </Card>
  );
}
