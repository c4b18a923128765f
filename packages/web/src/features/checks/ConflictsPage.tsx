import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { Card, Flex, Table, Tag, Typography, type TableColumnsType, type TableProps } from 'antd';
import { can } from '@jingzhun/domain';
import { listConflicts, type Conflict } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { positiveInt, useQueryState } from '../../shared/lib/query.ts';
import { FOUND_COLORS, outcomeKey, PAGE_SIZES } from './labels.ts';

/** `/audits/conflicts`: conflicts of interest (优亲厚友核查) in the selected region, for inspectors. */
export default function ConflictsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'inspect')) return <ForbiddenResult message={t('audits.forbidden')} />;
  return <ConflictsList />;
}

const num = { fontVariantNumeric: 'tabular-nums' } as const;

function ConflictsList() {
  const { t } = useI18n();
  const { detail } = useRegion();
  const { params, update, regionSearch, code } = useQueryState();
  const pageSize = positiveInt(params.get('pageSize'));
  const page = positiveInt(params.get('page')) ?? 1;
  const size = pageSize && PAGE_SIZES.includes(pageSize) ? pageSize : 20;
  const list = useApi((signal) => listConflicts({ region: code, page, pageSize: size }, signal), [code, page, size]);
  const data = list.data;

  // A page beyond the end (after the region changed) shows the last page instead.
  const lastPage = data ? Math.max(1, Math.ceil(data.total / size)) : undefined;
  useEffect(() => {
    if (lastPage !== undefined && page > lastPage) update({ page: lastPage }, true);
  }, [lastPage, page]); // `update` is rebuilt on each render and needs no tracking.

  const onTableChange: TableProps<Conflict>['onChange'] = (pagination) => {
    if (pagination.pageSize && pagination.pageSize !== size) update({ pageSize: pagination.pageSize });
    else update({ page: pagination.current === 1 ? undefined : pagination.current }, true);
  };

  const columns: TableColumnsType<Conflict> = [
    { key: 'village', title: t('audits.col.village'), render: (_, c) => c.household.villageName },
    {
      key: 'household',
      title: t('audits.col.household'),
      render: (_, c) => (
        <Flex vertical gap={0}>
          <Link to={{ pathname: `/households/${c.household.id}`, search: regionSearch }}>{c.household.headName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, ...num }}>
            {c.household.householdNo}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'case',
      title: t('audits.col.case'),
      render: (_, c) =>
        c.procedure ? (
          <Flex vertical gap={0}>
            <Link to={{ pathname: `/procedures/${c.procedure.id}`, search: regionSearch }} data-testid="conflict-procedure">
              {c.procedure.kindLabel}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12, ...num }}>
              {t('audits.conflicts.openedOn', { date: c.procedure.openedOn })}
            </Typography.Text>
          </Flex>
        ) : c.pairing ? (
          <Flex vertical gap={0}>
            <span>{t('audits.conflicts.pairing')}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12, ...num }}>
              {c.pairing.startsOn} ~ {c.pairing.endsOn ?? t('audits.conflicts.ongoing')}
            </Typography.Text>
          </Flex>
        ) : (
          DASH
        ),
    },
    {
      key: 'actor',
      title: t('audits.col.actor'),
      render: (_, c) =>
        c.cadre ? (
          <Flex vertical gap={0}>
            <span data-testid="conflict-actor">{c.cadre.name ?? DASH}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.cadre.roleLabel ?? DASH}
            </Typography.Text>
          </Flex>
        ) : c.staff ? (
          <Flex vertical gap={0}>
            <span data-testid="conflict-actor">{c.staff.name ?? DASH}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('audits.conflicts.helperOf', { unit: c.staff.unitName ?? DASH })}
            </Typography.Text>
          </Flex>
        ) : (
          DASH
        ),
    },
    {
      key: 'steps',
      title: t('audits.col.steps'),
      render: (_, c) =>
        c.steps.length === 0 ? (
          DASH
        ) : (
          <Flex vertical gap={2}>
            {c.steps.map((s, i) => {
              const outcome = outcomeKey(s.outcome);
              return (
                <span key={i} style={num}>
                  {s.stepLabel}
                  {outcome ? `(${t(outcome)})` : ''} <Typography.Text type="secondary">{s.on ?? ''}</Typography.Text>
                </span>
              );
            })}
          </Flex>
        ),
    },
    {
      key: 'relative',
      title: t('audits.col.relative'),
      render: (_, c) => (
        <Flex vertical gap={2}>
          <span>
            {c.relative.name} <Typography.Text type="secondary" style={{ fontSize: 12, ...num }}>{c.relative.idNumber}</Typography.Text>
          </span>
          {c.relative.relationLabel && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('audits.conflicts.relation', { relation: c.relative.relationLabel })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'found',
      title: t('audits.col.found'),
      render: (_, c) => (
        <Tag color={FOUND_COLORS[c.relative.found]} data-testid="conflict-found" data-found={c.relative.found}>
          {c.relative.foundLabel}
        </Tag>
      ),
    },
  ];

  return (
    <Card title={t('audits.conflicts.title')} extra={<Tag color="blue">{t('audits.within', { name: detail?.code === code ? detail.name : code })}</Tag>}>
      <Typography.Paragraph type="secondary">{t('audits.conflicts.hint')}</Typography.Paragraph>
      {list.error !== undefined ? (
        <ErrorResult error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Conflict>
          rowKey={(c) => `${c.source}-${c.procedure?.id ?? c.pairing?.id ?? ''}-${c.cadre?.userId ?? c.staff?.staffId ?? ''}-${c.relative.memberId}`}
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          onChange={onTableChange}
          data-testid="conflicts-table"
          locale={{ emptyText: t('audits.conflicts.empty') }}
          pagination={{
            current: page,
            pageSize: size,
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
