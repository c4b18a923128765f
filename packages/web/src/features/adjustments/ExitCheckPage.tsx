import { useEffect } from 'react';
import { Card, Col, Flex, Row, Select, Skeleton, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { can, levelName, type ProfileRef } from '@jingzhun/domain';
import { getExitCheck, type ExitCheckRow } from './api.ts';
import { isApiError } from '../../shared/api/client.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate, formatNumber, formatPercent } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { useYearParam } from '../../shared/lib/useYearParam.ts';

const FIRST_YEAR = 2014;
const VILLAGE = 5;

/** The years the registry can answer for, newest first: from 2014 to this year in China. */
function checkYears(): number[] {
  const last = Number(chinaDate().slice(0, 4));
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => last - i);
}

/** `/exit-check`: whether the selected region and each of its children meet the village and county exit standard (出列、摘帽) in a year. */
export default function ExitCheckPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('exitCheck.forbidden')} />;
  return <ExitCheck />;
}

/** 达标 / 未达标, or 缺人口数据 when incidence cannot be computed. */
function MeetsTag({ meets }: { meets: boolean | null }) {
  const { t } = useI18n();
  if (meets === null) return <Tag color="warning">{t('exitCheck.noPopulation')}</Tag>;
  return meets ? <Tag color="success">{t('exitCheck.meets')}</Tag> : <Tag color="error">{t('exitCheck.notMet')}</Tag>;
}

/** ✓ or ✗ for the incidence test alone; a dash without the population figure. */
function IncidenceTag({ meets }: { meets: boolean | null }) {
  const { t } = useI18n();
  if (meets === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const label = meets ? t('exitCheck.meets') : t('exitCheck.notMet');
  return (
    <Tag color={meets ? 'success' : 'error'} aria-label={label} title={label}>
      {meets ? '✓' : '✗'}
    </Tag>
  );
}

/** The exited households, and how many of them fail 两不愁三保障 or safe water. */
function Exited({ row }: { row: ExitCheckRow }) {
  const { t, lang } = useI18n();
  return (
    <Flex gap={6} wrap align="baseline">
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatNumber(row.exitedHouseholds, lang)}</span>
      {row.exitedHouseholds > 0 &&
        (row.exitedUnsafe > 0 ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {t('exitCheck.exitedUnsafe', { count: formatNumber(row.exitedUnsafe, lang) })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('exitCheck.exitedAllSafe')}
          </Typography.Text>
        ))}
    </Flex>
  );
}

function ExitCheck() {
  const { t, lang } = useI18n();
  const { code, detail, select } = useRegion();
  const { year: yearParam, setYear } = useYearParam(undefined, true);
  const check = useApi((signal) => getExitCheck(code, yearParam, signal), [code, yearParam]);
  const data = check.data?.region.code === code ? check.data : undefined;
  const years = checkYears();


  // A year the data cannot answer for (a stale link): fall back to the server's default year.
  const yearMissing = isApiError(check.error) && check.error.code === 'year_out_of_range' && yearParam !== undefined;
  useEffect(() => {
    if (yearMissing) setYear(undefined);
  }, [yearMissing]); // Only the change of yearMissing matters; setYear is rebuilt on each render.

  const name = data?.region.name ?? (detail?.code === code ? detail.name : code);
  const level = data?.region.level ?? (detail?.code === code ? detail.level : undefined);
  const basis = (b: ProfileRef) =>
    t('adjustments.profileVersion', { scope: b.scopeCode === 'CN' ? t('adjustments.country') : b.scopeCode, version: b.version, from: b.effectiveFrom });

  const persons = (row: ExitCheckRow) => (
    <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {formatNumber(row.poorPersons, lang)} / {formatNumber(row.ruralPopulation, lang)}
    </span>
  );

  const columns: TableColumnsType<ExitCheckRow> = [
    {
      key: 'name',
      title: t('exitCheck.name'),
      fixed: 'left',
      render: (_, row) =>
        row.level < VILLAGE ? (
          <Typography.Link onClick={() => select(row.code)} data-testid="exit-child">
            {row.name}
          </Typography.Link>
        ) : (
          row.name
        ),
    },
    { key: 'level', title: t('region.level'), render: (_, row) => levelName(row.level, lang) },
    { key: 'persons', title: t('exitCheck.persons'), align: 'right', render: (_, row) => persons(row) },
    {
      key: 'incidence',
      title: t('exitCheck.incidence'),
      align: 'right',
      sorter: (a, b) => (a.incidence ?? -1) - (b.incidence ?? -1),
      render: (_, row) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatPercent(row.incidence)}</span>,
    },
    { key: 'threshold', title: t('exitCheck.threshold'), align: 'right', render: (_, row) => formatPercent(row.threshold) },
    { key: 'meetsIncidence', title: t('exitCheck.incidenceTest'), align: 'center', render: (_, row) => <IncidenceTag meets={row.meetsIncidence} /> },
    { key: 'exited', title: t('exitCheck.exitedHouseholds'), render: (_, row) => <Exited row={row} /> },
    {
      key: 'meets',
      title: t('exitCheck.result'),
      filters: [
        { text: t('exitCheck.meets'), value: 'true' },
        { text: t('exitCheck.notMet'), value: 'false' },
        { text: t('exitCheck.noPopulation'), value: 'null' },
      ],
      onFilter: (value, row) => String(row.meets) === value,
      render: (_, row) => <MeetsTag meets={row.meets} />,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="exit-title">
          {t('exitCheck.title', { name })}
        </Typography.Title>
        <Flex align="center" gap={8}>
          <Typography.Text>{t('exitCheck.year')}</Typography.Text>
          <Select<number>
            style={{ width: 120 }}
            aria-label={t('exitCheck.year')}
            value={data?.year ?? yearParam}
            loading={check.loading}
            options={years.map((y) => ({ value: y, label: t('exitCheck.yearOption', { year: y }) }))}
            onChange={(y) => setYear(y)}
            data-testid="exit-year"
          />
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('exitCheck.intro')}
      </Typography.Paragraph>

      {check.error !== undefined && !yearMissing ? (
        <ErrorResult error={check.error} onRetry={check.reload} />
      ) : !data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]} data-testid="exit-summary">
            <Col xs={24} sm={12} lg={6}>
              <Card size="small">
                <Statistic title={t('exitCheck.persons')} value={0} formatter={() => persons(data.region)} />
              </Card>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Card size="small">
                <Statistic
                  title={t('exitCheck.incidence')}
                  value={0}
                  formatter={() => (
                    <Flex gap={8} align="center" wrap>
                      <span>{formatPercent(data.region.incidence)}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 14 }}>
                        {t('exitCheck.threshold')} {formatPercent(data.region.threshold)}
                      </Typography.Text>
                      <IncidenceTag meets={data.region.meetsIncidence} />
                    </Flex>
                  )}
                />
              </Card>
            </Col>
            <Col xs={12} sm={12} lg={6}>
              <Card size="small">
                <Statistic title={t('exitCheck.exitedHouseholds')} value={0} formatter={() => <Exited row={data.region} />} />
              </Card>
            </Col>
            <Col xs={12} sm={12} lg={6}>
              <Card size="small">
                <Statistic
                  title={t('exitCheck.result')}
                  value={0}
                  formatter={() => (
                    <span data-testid="exit-meets">
                      <MeetsTag meets={data.region.meets} />
                    </span>
                  )}
                />
              </Card>
            </Col>
          </Row>
          {data.profileBasis.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('exitCheck.basis')}:{data.profileBasis.map(basis).join(';')}
            </Typography.Text>
          )}
          {level !== VILLAGE && (
            <Card title={t('exitCheck.children')} size="small" extra={<Typography.Text type="secondary">{t('exitCheck.drillHint')}</Typography.Text>}>
              <Table<ExitCheckRow>
                rowKey="code"
                size="middle"
                columns={columns}
                dataSource={data.children}
                loading={check.loading}
                scroll={{ x: 'max-content' }}
                pagination={data.children.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                locale={{ emptyText: t('exitCheck.noChildren') }}
                data-testid="exit-children"
              />
            </Card>
          )}
        </>
      )}
    </Flex>
  );
}
