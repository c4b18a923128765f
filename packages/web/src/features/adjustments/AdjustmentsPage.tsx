import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Popconfirm,
  Progress,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
  type TableProps,
} from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, CloseOutlined, PlayCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import {
  can,
  ERRORS,
  errorMessage,
  HOUSEHOLD_STATUSES,
  isWithinScope,
  procedureKindLabel,
  type ErrorCode,
  type Lang,
  type ProcedureKind,
  type ProfileRef,
} from '@jingzhun/domain';
import {
  ADJUSTMENT_CATEGORIES,
  getAdjustment,
  listAdjustments,
  listFindings,
  OPENABLE_CATEGORIES,
  openCasesFromRun,
  startAdjustment,
  type AdjustmentCategory,
  type AdjustmentFinding,
  type AdjustmentRun,
  type AdjustmentRunListItem,
  type AdjustmentState,
  type FindingReason,
  type OpenCasesResult,
} from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n, type MessageKey, type Translate } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate, formatDateTime, formatNumber } from '../../shared/lib/format.ts';
import { labelOf, STATUS_COLORS } from '../households/labels.ts';
import { OPENING_ROLES } from '../procedures/labels.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';

const PAGE_SIZES = [10, 20, 50, 100];
/** How often a running review is asked for its progress. */
const POLL_MS = 700;
/** The API opens at most this many cases per request. */
const OPEN_BATCH = 500;
/** The first year of the registry (建档立卡 began in 2014). */
const FIRST_YEAR = 2014;

/** The procedure each openable finding calls for, as the server opens it. */
const PROCEDURE_FOR: Partial<Record<AdjustmentCategory, ProcedureKind>> = {
  should_enter: 'identification',
  should_exit: 'exit',
  should_return: 'return_to_poverty',
};

const STATE_COLORS: Record<AdjustmentState, string> = { running: 'processing', done: 'success', failed: 'error' };

/** Tag colours of the findings: what needs a case stands out, what needs checking is orange. */
const CATEGORY_COLORS: Record<AdjustmentCategory, string> = {
  should_enter: 'red',
  should_exit: 'green',
  should_return: 'volcano',
  excluded: 'purple',
  cannot_decide: 'orange',
  inconsistent: 'gold',
};

/** Readable reasons for the rules a refused case names; other refusals read as their error code's message. */
const REFUSAL_RULES: Record<string, MessageKey> = {
  case_already_open: 'adjustments.refused.case_already_open',
  status_does_not_allow: 'adjustments.refused.status_does_not_allow',
  not_monitored: 'adjustments.refused.not_monitored',
  already_monitored: 'adjustments.refused.already_monitored',
};

const categoryKey = (c: AdjustmentCategory) => `adjustments.category.${c}` as MessageKey;
const hintKey = (c: AdjustmentCategory) => `adjustments.hint.${c}` as MessageKey;
const stateKey = (s: AdjustmentState) => `adjustments.state.${s}` as MessageKey;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function positiveInt(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : undefined;
}

/** The years a review can be run for, newest first: from 2014 to this year in China. */
function reviewYears(): number[] {
  const last = Number(chinaDate().slice(0, 4));
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => last - i);
}

/** The refusal of one household in the UI language. */
function refusalText(refusal: OpenCasesResult['refused'][number], t: Translate, lang: Lang): string {
  const rule = refusal.rule ? REFUSAL_RULES[refusal.rule] : undefined;
  if (rule) return t(rule);
  if (refusal.code === 'not_found') return t('adjustments.refused.not_found');
  if (refusal.code in ERRORS) return errorMessage(refusal.code as ErrorCode, lang);
  return refusal.rule ?? refusal.code;
}

/** `/adjustments` and `/adjustments/:id`: start a yearly review, follow it, and act on what it found. */
export default function AdjustmentsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('adjustments.forbidden')} />;
  return <Adjustments />;
}

function Adjustments() {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { id } = useParams();
  const { code } = useRegion();
  const runs = useApi((signal) => listAdjustments(signal), []);
  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;
  const show = (runId: string) => void navigate({ pathname: `/adjustments/${runId}`, search: regionSearch });

  // Runs started elsewhere (or by a colleague) move on too: the list follows them while any runs.
  const anyRunning = runs.data?.some((r) => r.state === 'running' && r.id !== id) ?? false;
  useEffect(() => {
    if (runs.loading || !anyRunning) return;
    const timer = setTimeout(runs.reload, 2000);
    return () => clearTimeout(timer);
  }, [runs.loading, anyRunning, runs.reload]);

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('adjustments.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('adjustments.intro')}
        </Typography.Paragraph>
      </div>
      {can(me.role, 'writeRegistry') && (
        <StartReview
          onStarted={(runId) => {
            runs.reload();
            show(runId);
          }}
        />
      )}
      {id !== undefined && (
        <RunDetail
          key={id}
          id={id}
          regionName={runs.data?.find((r) => r.id === id)?.regionName}
          onFinished={runs.reload}
          onClose={() => void navigate({ pathname: '/adjustments', search: regionSearch })}
        />
      )}
      <RunList runs={runs.data} loading={runs.loading && !runs.data} error={runs.error} onRetry={runs.reload} selectedId={id} onSelect={show} />
    </Flex>
  );
}

/** The form that starts a review of the selected region for a year (last year by default). */
function StartReview({ onStarted }: { onStarted: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { code, detail } = useRegion();
  const years = reviewYears();
  const [year, setYear] = useState(years[1] ?? years[0] ?? FIRST_YEAR);
  const [starting, setStarting] = useState(false);
  const name = detail?.code === code ? detail.name : code;

  const start = () => {
    setStarting(true);
    startAdjustment({ region: code, year }).then(
      ({ id }) => {
        setStarting(false);
        void message.success(t('adjustments.started'));
        onStarted(id);
      },
      (e: unknown) => {
        setStarting(false);
        void message.error(e instanceof Error ? e.message : String(e));
      },
    );
  };

  return (
    <Card size="small">
      <Flex wrap gap={12} align="center">
        <Flex vertical gap={0}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('adjustments.region')}
          </Typography.Text>
          <Typography.Text strong data-testid="adjustment-region" title={t('adjustments.regionHint')}>
            {name}
          </Typography.Text>
        </Flex>
        <Select<number>
          style={{ width: 120 }}
          aria-label={t('adjustments.year')}
          value={year}
          options={years.map((y) => ({ value: y, label: t('adjustments.yearOption', { year: y }) }))}
          onChange={setYear}
          data-testid="adjustment-year"
        />
        <Button type="primary" icon={<PlayCircleOutlined />} loading={starting} onClick={start} data-testid="adjustment-start">
          {t('adjustments.start')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('adjustments.regionHint')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

/** The counts of a run as tags, only the categories that found someone. */
function CountTags({ counts }: { counts: AdjustmentRun['counts'] }) {
  const { t, lang } = useI18n();
  const found = ADJUSTMENT_CATEGORIES.filter((c) => (counts[c] ?? 0) > 0);
  if (found.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex wrap gap={4}>
      {found.map((c) => (
        <Tag key={c} color={CATEGORY_COLORS[c]} style={{ marginInlineEnd: 0 }}>
          {t(categoryKey(c))} {formatNumber(counts[c], lang)}
        </Tag>
      ))}
    </Flex>
  );
}

function StateTag({ state, progress }: { state: AdjustmentState; progress: number }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]}>
      {t(stateKey(state))}
      {state === 'running' ? ` ${Math.round(progress * 100)}%` : ''}
    </Tag>
  );
}

interface RunListProps {
  runs: AdjustmentRunListItem[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}

/** The latest runs inside the user's region; a click shows a run's findings. */
function RunList({ runs, loading, error, onRetry, selectedId, onSelect }: RunListProps) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<AdjustmentRunListItem> = [
    {
      key: 'createdAt',
      title: t('adjustments.col.createdAt'),
      render: (_, r) => <Typography.Link style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatDateTime(r.createdAt)}</Typography.Link>,
    },
    { key: 'region', title: t('adjustments.col.region'), dataIndex: 'regionName' },
    { key: 'year', title: t('adjustments.col.year'), dataIndex: 'year' },
    { key: 'state', title: t('adjustments.col.state'), render: (_, r) => <StateTag state={r.state} progress={r.progress} /> },
    {
      key: 'households',
      title: t('adjustments.col.households'),
      align: 'right',
      render: (_, r) => (r.state === 'done' ? formatNumber(r.households, lang) : '—'),
    },
    { key: 'counts', title: t('adjustments.col.findings'), render: (_, r) => (r.state === 'done' ? <CountTags counts={r.counts} /> : '—') },
  ];
  return (
    <Card title={t('adjustments.runs')} size="small">
      {error !== undefined && !runs ? (
        <ErrorResult error={error} onRetry={onRetry} />
      ) : (
        <Table<AdjustmentRunListItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={runs ?? []}
          loading={loading}
          scroll={{ x: 'max-content' }}
          pagination={(runs?.length ?? 0) > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          locale={{ emptyText: t('adjustments.runsEmpty') }}
          onRow={(r) => ({
            onClick: () => onSelect(r.id),
            style: { cursor: 'pointer', background: r.id === selectedId ? '#fff1f0' : undefined },
          })}
          data-testid="adjustment-runs"
        />
      )}
    </Card>
  );
}

interface RunDetailProps {
  id: string;
  regionName: string | undefined;
  onFinished: () => void;
  onClose: () => void;
}

/** One run: its progress while it runs, then its findings by category. */
function RunDetail({ id, regionName, onFinished, onClose }: RunDetailProps) {
  const { t, lang } = useI18n();
  const run = useApi((signal) => getAdjustment(id, signal), [id]);
  const data = run.data?.id === id ? run.data : undefined;
  const running = data?.state === 'running';

  // Poll while it runs: each answer (or failure) schedules the next question.
  useEffect(() => {
    if (run.loading || !running) return;
    const timer = setTimeout(run.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [run.loading, running, run.reload]);

  // Once a run seen running ends, the list of runs shows its counts too.
  const sawRunning = useRef(false);
  useEffect(() => {
    if (running) sawRunning.current = true;
    else if (data && sawRunning.current) {
      sawRunning.current = false;
      onFinished();
    }
  }, [running, data, onFinished]);

  if (!data) {
    return <Card loading={run.error === undefined}>{run.error !== undefined && <ErrorResult error={run.error} onRetry={run.reload} />}</Card>;
  }

  const basis = (b: ProfileRef) =>
    t('adjustments.profileVersion', { scope: b.scopeCode === 'CN' ? t('adjustments.country') : b.scopeCode, version: b.version, from: b.effectiveFrom });

  return (
    <Card
      title={
        <Typography.Text strong ellipsis data-testid="adjustment-run-title">
          {t('adjustments.run.title', { region: regionName ?? data.regionCode, year: data.year })}
        </Typography.Text>
      }
      extra={<Button type="text" icon={<CloseOutlined />} aria-label={t('adjustments.run.close')} onClick={onClose} />}
      data-testid="adjustment-run"
    >
      <Flex vertical gap={16}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'state', label: t('adjustments.col.state'), children: <StateTag state={data.state} progress={data.progress} /> },
            { key: 'households', label: t('adjustments.run.households'), children: data.state === 'done' ? formatNumber(data.households, lang) : '—' },
            { key: 'createdAt', label: t('adjustments.run.createdAt'), children: formatDateTime(data.createdAt) },
            { key: 'finishedAt', label: t('adjustments.run.finishedAt'), children: formatDateTime(data.finishedAt) },
            {
              key: 'basis',
              label: t('adjustments.run.basis'),
              span: 'filled',
              children: data.profileBasis.length > 0 ? data.profileBasis.map(basis).join(';') : '—',
            },
          ]}
        />
        {data.state === 'running' && (
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t('adjustments.run.running')}</Typography.Text>
            <Progress percent={Math.round(data.progress * 100)} status="active" data-testid="adjustment-progress" />
          </Flex>
        )}
        {data.state === 'failed' && <Alert type="error" showIcon title={t('adjustments.run.failed')} description={data.message ?? undefined} />}
        {data.state === 'done' && <Findings run={data} />}
      </Flex>
    </Card>
  );
}

/** The reasons of a finding: failed tests red, unknown ones orange, passed ones plain. */
function Reasons({ reasons }: { reasons: FindingReason[] }) {
  const { t, lang } = useI18n();
  if (reasons.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2} style={{ minWidth: 200, maxWidth: 420 }}>
      {reasons.map((r, i) => {
        const [icon, color, label] =
          r.passed === false
            ? [<CloseCircleOutlined key="i" />, '#cf1322', t('adjustments.reason.failed')]
            : r.passed === null
              ? [<QuestionCircleOutlined key="i" />, '#d46b08', t('adjustments.reason.unknown')]
              : [<CheckCircleOutlined key="i" />, undefined, t('adjustments.reason.passed')];
        return (
          <Typography.Text key={`${r.code}-${i}`} style={{ color, fontSize: 13 }} type={r.passed === true ? 'secondary' : undefined}>
            <span role="img" aria-label={label} title={label} style={{ marginInlineEnd: 4 }}>
              {icon}
            </span>
            {r.message[lang] || r.code}
          </Typography.Text>
        );
      })}
    </Flex>
  );
}

/** The findings of a finished run: a tab per category, a paged table, and cases opened from the ticked rows. */
function Findings({ run }: { run: AdjustmentRun }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { code, detail } = useRegion();
  const [params, setParams] = useSearchParams();

  // With no category in the URL, the first one that found someone.
  const category =
    oneOf(params.get('category'), ADJUSTMENT_CATEGORIES) ?? ADJUSTMENT_CATEGORIES.find((c) => (run.counts[c] ?? 0) > 0) ?? ADJUSTMENT_CATEGORIES[0];
  const requestedSize = positiveInt(params.get('pageSize'));
  const pageSize = requestedSize && PAGE_SIZES.includes(requestedSize) ? requestedSize : 20;
  const page = positiveInt(params.get('page')) ?? 1;
  // A region picked inside the run's region narrows the findings to it.
  const village = code !== run.regionCode && isWithinScope(code, run.regionCode) ? code : undefined;

  const list = useApi((signal) => listFindings(run.id, { category, page, pageSize, village }, signal), [run.id, category, page, pageSize, village]);
  const data = list.data;

  const openable = OPENABLE_CATEGORIES.includes(category);
  const mayOpen = OPENING_ROLES.includes(me.role);
  const kind = PROCEDURE_FOR[category];
  const [selected, setSelected] = useState<Map<string, AdjustmentFinding>>(() => new Map());
  const [opening, setOpening] = useState(false);
  const [result, setResult] = useState<{ outcome: OpenCasesResult; names: Map<string, AdjustmentFinding> } | null>(null);
  useEffect(() => {
    setSelected(new Map());
    setResult(null);
  }, [category, village]);

  /** Changes some query parameters; any change but paging goes back to the first page. */
  const update = (changes: Record<string, string | number | undefined>, keepPage = false) =>
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

  // A page beyond the end (after cases were opened elsewhere or the region changed) shows the last page instead.
  const lastPage = data ? Math.max(1, Math.ceil(data.total / pageSize)) : undefined;
  useEffect(() => {
    if (lastPage !== undefined && page > lastPage) update({ page: lastPage }, true);
  }, [lastPage, page]); // `update` is rebuilt on each render and needs no tracking.

  const onTableChange: TableProps<AdjustmentFinding>['onChange'] = (pagination) => {
    if (pagination.pageSize && pagination.pageSize !== pageSize) update({ pageSize: pagination.pageSize });
    else update({ page: pagination.current === 1 ? undefined : pagination.current }, true);
  };

  const openCases = async () => {
    const ids = [...selected.keys()];
    const names = new Map(selected);
    setOpening(true);
    const outcome: OpenCasesResult = { opened: [], refused: [] };
    try {
      for (let i = 0; i < ids.length; i += OPEN_BATCH) {
        const part = await openCasesFromRun(run.id, ids.slice(i, i + OPEN_BATCH));
        outcome.opened.push(...part.opened);
        outcome.refused.push(...part.refused);
      }
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setOpening(false);
      if (outcome.opened.length > 0 || outcome.refused.length > 0) setResult({ outcome, names });
      setSelected(new Map());
      list.reload();
    }
  };

  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;
  const householdCell = (h: { householdId: string; householdNo: string; headName: string }, testId: string) => (
    <Flex vertical gap={0}>
      <Link to={{ pathname: `/households/${h.householdId}`, search: regionSearch }} data-testid={testId}>
        {h.headName}
      </Link>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
        {h.householdNo}
      </Typography.Text>
    </Flex>
  );
  const statusTag = (status: string) => <Tag color={STATUS_COLORS[status]}>{labelOf(HOUSEHOLD_STATUSES, status, lang)}</Tag>;

  const columns: TableColumnsType<AdjustmentFinding> = [
    { key: 'household', title: t('adjustments.col.household'), render: (_, f) => householdCell(f, 'finding-household') },
    { key: 'status', title: t('adjustments.col.status'), render: (_, f) => statusTag(f.status) },
    ...(category === 'inconsistent'
      ? [
          {
            key: 'peer',
            title: t('adjustments.col.peer'),
            render: (_: unknown, f: AdjustmentFinding) =>
              f.peer ? (
                <Flex gap={8} align="center">
                  {householdCell(f.peer, 'finding-peer')}
                  {statusTag(f.peer.status)}
                </Flex>
              ) : (
                '—'
              ),
          },
        ]
      : []),
    { key: 'village', title: t('adjustments.col.village'), dataIndex: 'villageName' },
    { key: 'reasons', title: t('adjustments.col.reasons'), render: (_, f) => <Reasons reasons={f.reasons} /> },
    ...(openable
      ? [
          {
            key: 'procedure',
            title: t('adjustments.col.procedure'),
            render: (_: unknown, f: AdjustmentFinding) =>
              f.procedureId ? (
                <Link to={{ pathname: `/procedures/${f.procedureId}`, search: regionSearch }} data-testid="finding-procedure">
                  {t('adjustments.procedureLink')}
                </Link>
              ) : (
                '—'
              ),
          },
        ]
      : []),
  ];

  const rowSelection: TableProps<AdjustmentFinding>['rowSelection'] =
    openable && mayOpen
      ? {
          selectedRowKeys: [...selected.keys()],
          preserveSelectedRowKeys: true,
          getCheckboxProps: (f) => ({ disabled: f.procedureId !== null }),
          onChange: (keys, rows) =>
            setSelected((prev) => {
              const next = new Map<string, AdjustmentFinding>();
              for (const key of keys) {
                // Rows ticked on another page are not in `rows`: keep what was known of them.
                const row = rows.find((r) => r?.householdId === key) ?? prev.get(String(key));
                if (row) next.set(String(key), row);
              }
              return next;
            }),
        }
      : undefined;

  const nameOf = (id: string) => {
    const f = result?.names.get(id);
    return f ? `${f.headName}(${f.householdNo})` : id;
  };

  return (
    <Flex vertical gap={8}>
      <Tabs
        activeKey={category}
        onChange={(key) => update({ category: key })}
        items={ADJUSTMENT_CATEGORIES.map((c) => ({
          key: c,
          label: (
            <span data-testid={`finding-tab-${c}`}>
              {t(categoryKey(c))}
              <Typography.Text type={(run.counts[c] ?? 0) > 0 ? 'danger' : 'secondary'} style={{ marginInlineStart: 6 }}>
                {formatNumber(run.counts[c] ?? 0, lang)}
              </Typography.Text>
            </span>
          ),
        }))}
        style={{ marginBottom: 0 }}
      />
      <Typography.Text type="secondary">{t(hintKey(category))}</Typography.Text>
      {result && (
        <Alert
          type={result.outcome.refused.length > 0 ? 'warning' : 'success'}
          showIcon
          closable={{ onClose: () => setResult(null) }}
          title={t('adjustments.opened', { count: result.outcome.opened.length })}
          description={
            result.outcome.refused.length > 0 ? (
              <Flex vertical gap={2}>
                <span>{t('adjustments.refusedTitle', { count: result.outcome.refused.length })}</span>
                {result.outcome.refused.map((r) => (
                  <span key={r.householdId} data-testid="open-refused">
                    {nameOf(r.householdId)}:{refusalText(r, t, lang)}
                  </span>
                ))}
              </Flex>
            ) : undefined
          }
          data-testid="open-result"
        />
      )}
      <Flex wrap gap={8} align="center" justify="space-between">
        {village ? <Tag color="blue">{t('adjustments.within', { name: detail?.code === code ? detail.name : code })}</Tag> : <span />}
        {openable && kind && (mayOpen ? (
          <Flex wrap gap={8} align="center">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('adjustments.openHint')}
            </Typography.Text>
            <Popconfirm
              title={t('adjustments.openConfirm', { count: selected.size, kind: procedureKindLabel(kind, lang) })}
              onConfirm={() => void openCases()}
              disabled={selected.size === 0}
            >
              <Button type="primary" disabled={selected.size === 0} loading={opening} data-testid="open-cases">
                {selected.size > 0 ? t('adjustments.openCount', { count: selected.size }) : t('adjustments.open')}
              </Button>
            </Popconfirm>
          </Flex>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('adjustments.openRoles')}
          </Typography.Text>
        ))}
      </Flex>
      {list.error !== undefined ? (
        <ErrorResult error={list.error} onRetry={list.reload} />
      ) : (
        <Table<AdjustmentFinding>
          rowKey="householdId"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.loading}
          rowSelection={rowSelection}
          scroll={{ x: 'max-content' }}
          onChange={onTableChange}
          locale={{ emptyText: t('adjustments.noFindings') }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="findings-table"
        />
      )}
    </Flex>
  );
}
