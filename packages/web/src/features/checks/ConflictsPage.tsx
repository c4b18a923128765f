import { Link } from 'react-router-dom';
import { Card, Flex, Tag, Typography, type TableColumnsType } from 'antd';
import { can } from '@jingzhun/domain';
import { listConflicts, type Conflict } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { useQueryState } from '../../shared/lib/query.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';
import { FOUND_COLORS, outcomeKey } from './labels.ts';

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
  const { regionSearch, code } = useQueryState();
  const list = useListPage({}, (paging, _params, signal) => listConflicts({ ...paging, region: code }, signal), [code]);

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
      <ListTable
        list={list}
        rowKey={(c) => `${c.source}-${c.procedure?.id ?? c.pairing?.id ?? ''}-${c.cadre?.userId ?? c.staff?.staffId ?? ''}-${c.relative.memberId}`}
        columns={columns}
        data-testid="conflicts-table"
        locale={{ emptyText: t('audits.conflicts.empty') }}
      />
    </Card>
  );
}
