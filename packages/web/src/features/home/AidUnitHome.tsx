import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Flex, Result, Row, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { roleLabel } from '@jingzhun/domain';
import { getUnit } from '../assistance/api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { getCompliance, listVisits, type Compliance } from '../visits/api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatNumber } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { thisYear, useQueryState, withRegion } from '../../shared/lib/query.ts';

type HelperRow = Compliance['byHelper'][number];

/** How many helpers the home names as the most overdue; the compliance tab lists them all. */
const TOP_HELPERS = 5;

/**
 * The home of an aid unit's account (帮扶单位): its unit, how many helpers it has, their pairings, this year's
 * visits and the pairings overdue for a visit, each opening the page behind it. The registry's figures (the
 * other roles' home) are not its business, and their drill-downs would answer 403.
 */
export function AidUnitHome() {
  const me = useMe();
  const { t } = useI18n();
  if (!me.aidUnit) return <Result status="warning" title={t('aidHome.noUnit')} subTitle={t('aidHome.noUnitHint')} data-testid="aid-home-no-unit" />;
  return <UnitFigures unitId={me.aidUnit.id} unitName={me.aidUnit.name} />;
}

function UnitFigures({ unitId, unitName }: { unitId: string; unitName: string }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const { detail } = useRegion();
  const { regionSearch, code } = useQueryState();
  const year = thisYear();
  const from = `${year}-01-01`;
  const unit = useApi((signal) => getUnit(unitId, signal), [unitId]);
  const compliance = useApi((signal) => getCompliance({ region: code, page: 1, pageSize: 10 }, signal), [code]);
  // One row is enough: the total counts the year's visits of the unit's helpers.
  const visits = useApi((signal) => listVisits({ region: code, from, page: 1, pageSize: 1 }, signal), [code, from]);

  const number = (n: number | undefined) => (n === undefined ? DASH : formatNumber(n, lang));
  const overdueHelpers = (compliance.data?.byHelper ?? [])
    .filter((h) => h.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, TOP_HELPERS);
  const complianceLink = { pathname: '/visits', search: withRegion(regionSearch, { tab: 'compliance' }) };
  const failed = [unit, compliance, visits].find((s) => s.error !== undefined);
  const helperColumns: TableColumnsType<HelperRow> = [
    {
      key: 'name',
      title: t('compliance.col.helper'),
      render: (_, h) => (
        <Link to={{ pathname: `/helpers/${h.staffId}/ledger`, search: regionSearch }} title={t('compliance.openLedger')} data-testid="aid-home-helper">
          {h.name}
        </Link>
      ),
    },
    { key: 'pairings', dataIndex: 'pairings', title: t('compliance.col.pairings'), align: 'right' },
    { key: 'overdue', title: t('compliance.col.overdue'), align: 'right', render: (_, h) => <Typography.Text type="danger">{h.overdue}</Typography.Text> },
  ];

  const figures: Array<{ key: string; title: string; value: string; to: { pathname: string; search: string }; loading: boolean; danger?: boolean }> = [
    {
      key: 'staff',
      title: t('aidHome.staff'),
      value: number(unit.data?.staff.filter((s) => s.active).length),
      to: { pathname: `/assistance/units/${unitId}`, search: '' },
      loading: unit.loading,
    },
    { key: 'pairings', title: t('aidHome.pairings'), value: number(compliance.data?.pairings), to: complianceLink, loading: compliance.loading },
    {
      key: 'visits',
      title: t('aidHome.visits', { year }),
      value: number(visits.data?.total),
      to: { pathname: '/visits', search: withRegion(regionSearch, { from }) },
      loading: visits.loading,
    },
    {
      key: 'overdue',
      title: t('aidHome.overdue'),
      value: number(compliance.data?.overdue),
      to: complianceLink,
      loading: compliance.loading,
      danger: (compliance.data?.overdue ?? 0) > 0,
    },
  ];

  return (
    <Flex vertical gap={24}>
      <Flex vertical gap={4}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="home-title">
          {unitName}
        </Typography.Title>
        <Flex wrap gap={8} align="center">
          <Typography.Text type="secondary">{t('aidHome.subtitle', { role: roleLabel(me.role, lang) })}</Typography.Text>
          <Tag color="blue">{t('visits.within', { name: detail?.code === code ? detail.name : code })}</Tag>
        </Flex>
      </Flex>

      {failed !== undefined && <ErrorResult error={failed.error} onRetry={failed.reload} />}

      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.key} xs={24} sm={12} lg={6}>
            <Card data-testid={`aid-home-${f.key}`}>
              <Statistic
                title={f.title}
                value={f.value}
                loading={f.loading}
                formatter={() => (
                  <Link to={f.to} style={f.danger ? { color: '#cf1322' } : undefined}>
                    {f.value}
                  </Link>
                )}
              />
            </Card>
          </Col>
        ))}
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            title={t('aidHome.overdueHelpers')}
            extra={<Link to={complianceLink}>{t('aidHome.allCompliance')}</Link>}
            loading={compliance.loading && !compliance.data}
            data-testid="aid-home-overdue-helpers"
          >
            <Table<HelperRow>
              rowKey="staffId"
              size="small"
              columns={helperColumns}
              dataSource={overdueHelpers}
              pagination={false}
              locale={{ emptyText: t('aidHome.noneOverdue') }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('aidHome.shortcuts')}>
            <Flex vertical gap={12}>
              <Shortcut to={{ pathname: `/assistance/units/${unitId}`, search: '' }} text={t('aidHome.openUnit')} hint={t('aidHome.openUnitHint')} />
              <Shortcut to={{ pathname: '/visits', search: regionSearch }} text={t('aidHome.openVisits')} hint={t('aidHome.openVisitsHint')} />
              <Shortcut to={complianceLink} text={t('aidHome.openCompliance')} hint={t('aidHome.openComplianceHint', { n: compliance.data?.intervalDays ?? 30 })} />
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

function Shortcut({ to, text, hint }: { to: { pathname: string; search: string }; text: string; hint: ReactNode }) {
  return (
    <Flex vertical gap={0}>
      <Link to={to}>{text}</Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {hint}
      </Typography.Text>
    </Flex>
  );
}
