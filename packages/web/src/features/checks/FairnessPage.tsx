import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Col, Descriptions, Empty, Flex, Pagination, Row, Select, Spin, Tag, Typography } from 'antd';
import { can, type FairnessField, type Lang } from '@jingzhun/domain';
import { listFairness, type FairnessHousehold, type FairnessPair, type FairnessTest } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n, type Translate } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatMoney, formatNumber } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { thisYear, useQueryState, yearOptions } from '../../shared/lib/query.ts';
import { useYearParam } from '../../shared/lib/useYearParam.ts';
import { useListPage } from '../../shared/list/useListPage.ts';

/** `/audits/fairness`: households in the same situation treated differently (公平性核查), for inspectors. */
export default function FairnessPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'inspect')) return <ForbiddenResult message={t('audits.forbidden')} />;
  return <FairnessList />;
}

const num = { fontVariantNumeric: 'tabular-nums' } as const;

function FairnessList() {
  const { t, lang } = useI18n();
  const { detail } = useRegion();
  const { regionSearch, code } = useQueryState();
  // The last whole year by default: its incomes and benefits are complete.
  const { year, setYear } = useYearParam(thisYear() - 1);
  const list = useListPage({ pageSize: 10 }, (paging, _params, signal) => listFairness({ ...paging, region: code, year }, signal), [code, year]);
  const data = list.list.data;

  const current = data && data.year === year ? data : undefined;

  return (
    <Card
      title={t('audits.fairness.title')}
      extra={
        <Flex gap={8} align="center" wrap>
          <Typography.Text>{t('audits.fairness.year')}</Typography.Text>
          <Select<number>
            style={{ width: 100 }}
            value={year}
            options={yearOptions()}
            onChange={setYear}
            aria-label={t('audits.fairness.year')}
            data-testid="fairness-year"
          />
          <Tag color="blue">{t('audits.within', { name: detail?.code === code ? detail.name : code })}</Tag>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('audits.fairness.hint')}</Typography.Paragraph>
      {list.list.error !== undefined ? (
        <ErrorResult error={list.list.error} onRetry={list.list.reload} />
      ) : (
        <Spin spinning={list.list.loading} tip={t('audits.fairness.loading')} size="large">
          {/* Spin's tip shows only around content: keep some height while nothing has loaded. */}
          <div style={{ minHeight: 120 }}>
            {current && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="fairness-summary"
                message={t('audits.fairness.summary', {
                  households: formatNumber(current.households, lang),
                  seconds: (current.ms / 1000).toFixed(1),
                  pairs: formatNumber(current.total, lang),
                  year: current.year,
                })}
              />
            )}
            {current && current.items.length === 0 && <Empty description={t('audits.fairness.empty')} />}
            <Flex vertical gap={16}>
              {current?.items.map((pair, i) => <PairCard key={`${pair.a.id}-${pair.b.id}-${i}`} pair={pair} regionSearch={regionSearch} t={t} lang={lang} />)}
            </Flex>
            {current && current.total > 0 && (
              <Flex justify="end" style={{ marginTop: 16 }}>
                <Pagination {...list.table.pagination} showTotal={(total) => t('common.total', { total })} onChange={list.paginate} />
              </Flex>
            )}
          </div>
        </Spin>
      )}
    </Card>
  );
}

/** A criterion's tag: green when met (or, for an exclusion, clear of it), red when not, grey when unknown. */
function TestTag({ test, exclusion = false, t }: { test: FairnessTest; exclusion?: boolean; t: Translate }) {
  const color = test.passed === true ? 'green' : test.passed === false ? 'red' : 'default';
  const mark =
    test.passed === null
      ? t('evaluation.unknown')
      : exclusion
        ? t(test.passed ? 'evaluation.clear' : 'evaluation.hit')
        : t(test.passed ? 'evaluation.passed' : 'evaluation.failed');
  return (
    <Tag color={color}>
      {test.label}:{mark}
    </Tag>
  );
}

/** One pair: the facts both share once above, then each household in its column, the differences in red. */
function PairCard({ pair, regionSearch, t, lang }: { pair: FairnessPair; regionSearch: string; t: Translate; lang: Lang }) {
  const { facts } = pair;
  const differs = new Set<FairnessField>(pair.differs.map((d) => d.field));
  return (
    <Card size="small" type="inner" data-testid="fairness-pair" data-differs={[...differs].join(',')}>
      <Flex vertical gap={6} style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t('audits.fairness.facts')}</Typography.Text>
        <Flex wrap gap={4}>
          <Tag>{t('audits.fairness.outcome', { outcome: facts.outcomeLabel })}</Tag>
          <Tag>{t('audits.fairness.attribute', { attribute: facts.attributeLabel ?? facts.attribute })}</Tag>
          <Tag>{facts.incomeBand === null ? t('audits.fairness.bandUnknown') : t('audits.fairness.band', { band: facts.incomeBand.toFixed(1) })}</Tag>
          {facts.povertyLine !== null && <Tag>{t('audits.fairness.line', { line: formatNumber(facts.povertyLine, lang) })}</Tag>}
        </Flex>
        {facts.criteria.length > 0 && (
          <Flex wrap gap={4} align="center">
            <Typography.Text type="secondary">{t('audits.fairness.criteria')}</Typography.Text>
            {facts.criteria.map((c) => (
              <TestTag key={c.code} test={c} t={t} />
            ))}
          </Flex>
        )}
        {facts.exclusions.length > 0 && (
          <Flex wrap gap={4} align="center">
            <Typography.Text type="secondary">{t('audits.fairness.exclusions')}</Typography.Text>
            {facts.exclusions.map((c) => (
              <TestTag key={c.code} test={c} exclusion t={t} />
            ))}
          </Flex>
        )}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <HouseholdColumn side="a" household={pair.a} differs={differs} regionSearch={regionSearch} t={t} lang={lang} />
        </Col>
        <Col xs={24} md={12}>
          <HouseholdColumn side="b" household={pair.b} differs={differs} regionSearch={regionSearch} t={t} lang={lang} />
        </Col>
      </Row>
    </Card>
  );
}

interface ColumnProps {
  side: 'a' | 'b';
  household: FairnessHousehold;
  differs: ReadonlySet<FairnessField>;
  regionSearch: string;
  t: Translate;
  lang: Lang;
}

/** One household of a pair: the fields it differs in from its peer in red. */
function HouseholdColumn({ side, household: h, differs, regionSearch, t, lang }: ColumnProps) {
  const mark = (field: FairnessField, content: ReactNode) =>
    differs.has(field) ? (
      <Typography.Text type="danger" strong data-testid={`fairness-${side}-${field}`} data-differs="true">
        {content}
      </Typography.Text>
    ) : (
      <span data-testid={`fairness-${side}-${field}`}>{content}</span>
    );
  const redLabel = (field: FairnessField, key: Parameters<Translate>[0]) => (differs.has(field) ? <Typography.Text type="danger">{t(key)}</Typography.Text> : t(key));
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      title={
        <Flex gap={8} align="baseline" wrap>
          <Tag>{side === 'a' ? t('audits.fairness.sideA') : t('audits.fairness.sideB')}</Tag>
          <Link to={{ pathname: `/households/${h.id}`, search: regionSearch }}>{h.headName || h.householdNo}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, ...num }}>
            {h.householdNo} · {h.villageName}
          </Typography.Text>
        </Flex>
      }
      items={[
        { key: 'status', label: redLabel('status', 'audits.fairness.status'), children: mark('status', h.statusLabel ?? h.status) },
        {
          key: 'monitoringCategory',
          label: redLabel('monitoringCategory', 'audits.fairness.monitoringCategory'),
          children: mark('monitoringCategory', h.monitoringCategoryLabel ?? t('audits.fairness.notMonitored')),
        },
        {
          key: 'benefits',
          label: redLabel('benefits', 'audits.fairness.benefits'),
          children: mark('benefits', h.benefits.length === 0 ? t('audits.fairness.noBenefits') : h.benefits.map((b) => b.label).join(lang === 'en' ? ', ' : '、')),
        },
        {
          key: 'income',
          label: t('audits.fairness.incomePerHead'),
          children: <span style={num}>{h.incomePerHead === null ? DASH : t('audits.yuan', { amount: formatMoney(h.incomePerHead, lang) })}</span>,
        },
      ]}
    />
  );
}
