import { useSearchParams } from 'react-router-dom';
import { Alert, Col, Flex, Progress, Row, Segmented, Select, Spin, Table, Typography, type TableColumnsType } from 'antd';
import type { Criterion, FourLooks } from '@jingzhun/domain';
import type { HouseholdDetail } from '../api.ts';
import { getEffectiveProfile, getEvaluation, type EffectiveProfile, type HouseholdEvaluation, type IncomeLine } from '../../standards/api.ts';
import { useApi } from '../../../shared/api/useApi.ts';
import { ErrorResult } from '../../../shared/components/ErrorResult.tsx';
import { PageLoading } from '../../../shared/components/PageLoading.tsx';
import { useI18n, type MessageKey, type Translate } from '../../../shared/i18n/I18nProvider.tsx';
import { formatMoney, formatNumber, parseYear } from '../../../shared/lib/format.ts';
import {
  BasisLine,
  countsText,
  currentYear,
  decisionDate,
  evaluationYears,
  FIRST_EVALUATION_YEAR,
  formatObserved,
  MissingLine,
  OutcomeTag,
  outcomeExplanation,
  PassMark,
  testLabel,
} from '../evaluation/EvaluationParts.tsx';

const LOOKS = ['house', 'grain', 'labour', 'schooling'] as const;
const LOOK_LABELS: Record<(typeof LOOKS)[number], MessageKey> = {
  house: 'evaluation.look.house',
  grain: 'evaluation.look.grain',
  labour: 'evaluation.look.labour',
  schooling: 'evaluation.look.schooling',
};

/**
 * 评估: the decision on the household for a year under the standards in force for its village, with
 * every criterion and exclusion (what was seen, what was needed), the missing data, the 四看法 points
 * and the policy versions used. Year and line stay in the URL so a decision can be linked.
 */
export function EvaluationTab({ household: h }: { household: HouseholdDetail }) {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const lastYear = currentYear() - 1;
  const asked = parseYear(params.get('evalYear'));
  const year = asked !== undefined && asked >= FIRST_EVALUATION_YEAR && asked <= currentYear() ? asked : lastYear;
  const line: IncomeLine = params.get('evalLine') === 'monitoring' ? 'monitoring' : 'poverty';

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        if (value === undefined) copy.delete(key);
        else copy.set(key, value);
        return copy;
      },
      { replace: true },
    );

  // The profile comes along for the 四看法 weights, which the decision itself does not repeat.
  const state = useApi(
    (signal) =>
      Promise.all([
        getEvaluation(h.id, { year, line }, signal),
        getEffectiveProfile({ region: h.villageCode, date: decisionDate(year) }, signal),
      ]),
    [h.id, h.updatedAt, year, line],
  );
  const [evaluation, profile] = state.data ?? [];
  const current = evaluation && evaluation.householdId === h.id && evaluation.year === year && evaluation.line === line ? evaluation : undefined;
  const memberName = (index: number) => h.members[index]?.name;

  return (
    <Flex vertical gap={16} data-testid="evaluation-tab">
      <Flex gap={12} wrap align="center">
        <Select<number>
          value={year}
          onChange={(y) => setParam('evalYear', y === lastYear ? undefined : String(y))}
          options={evaluationYears().map((y) => ({ value: y, label: t('evaluation.yearOption', { year: y }) }))}
          style={{ width: 120 }}
          aria-label={t('evaluation.year')}
          data-testid="evaluation-year"
        />
        <Segmented<IncomeLine>
          value={line}
          onChange={(value) => setParam('evalLine', value === 'poverty' ? undefined : value)}
          options={[
            { value: 'poverty', label: t('evaluation.linePoverty') },
            { value: 'monitoring', label: t('evaluation.lineMonitoring') },
          ]}
          data-testid="evaluation-line"
        />
        {state.loading && current && <Spin size="small" />}
      </Flex>
      {h.asOf !== null && <Alert type="info" showIcon title={t('evaluation.historical')} />}
      {state.error !== undefined ? (
        <ErrorResult error={state.error} onRetry={state.reload} />
      ) : !current ? (
        <PageLoading />
      ) : (
        <EvaluationView evaluation={current} profile={profile} status={h.status} memberName={memberName} t={t} lang={lang} />
      )}
    </Flex>
  );
}

interface ViewProps {
  evaluation: HouseholdEvaluation;
  profile: EffectiveProfile | undefined;
  status: string;
  memberName: (index: number) => string | undefined;
  t: Translate;
  lang: 'zh-CN' | 'en';
}

function EvaluationView({ evaluation: e, profile, status, memberName, t, lang }: ViewProps) {
  const lineName = e.line === 'monitoring' ? t('evaluation.lineMonitoring') : t('evaluation.linePoverty');
  const lineText = e.lineValue
    ? t('evaluation.lineValue', { line: lineName, value: formatNumber(e.lineValue.value, lang) }) +
      (e.lineValue.year !== e.year ? ` ${t('evaluation.lineCarried', { year: e.lineValue.year })}` : '')
    : t('evaluation.noLine', { line: lineName, year: e.year });

  return (
    <Flex vertical gap={20}>
      <Flex vertical gap={8} data-testid="evaluation-result">
        <Flex gap={12} align="center" wrap>
          <OutcomeTag outcome={e.outcome} t={t} large />
          <Typography.Text strong style={{ fontSize: 15 }}>
            {outcomeExplanation(e.outcome, e.line, status, t)}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary">
          {t('evaluation.yearOption', { year: e.year })} · {lineText} · {countsText([...e.criteria, ...e.exclusions], t)}
        </Typography.Text>
        <BasisLine basis={e.profileBasis} t={t} />
        {e.missing.length > 0 ? (
          <Alert type="warning" showIcon title={<MissingLine paths={e.missing} memberName={memberName} t={t} lang={lang} />} />
        ) : (
          <Typography.Text type="success">{t('evaluation.noMissing')}</Typography.Text>
        )}
      </Flex>

      <CriteriaTable title={t('evaluation.criteria')} items={e.criteria} t={t} lang={lang} testId="evaluation-criteria" />
      <CriteriaTable title={t('evaluation.exclusions')} items={e.exclusions} t={t} lang={lang} testId="evaluation-exclusions" />
      <FourLooksView looks={e.fourLooks} weights={profile?.fourLooks.weights} memberName={memberName} t={t} lang={lang} />
    </Flex>
  );
}

/** One row per criterion or exclusion: its name, ✓ / ✗ / ?, what was seen, what was needed, and why. */
function CriteriaTable({ title, items, t, lang, testId }: { title: string; items: Criterion[]; t: Translate; lang: 'zh-CN' | 'en'; testId: string }) {
  const columns: TableColumnsType<Criterion> = [
    { key: 'test', title: t('evaluation.col.test'), render: (_, c) => <Typography.Text strong>{testLabel(c.test, lang)}</Typography.Text> },
    { key: 'result', title: t('evaluation.col.result'), render: (_, c) => <PassMark passed={c.passed} kind={c.kind} t={t} /> },
    // On a phone the explanation already says what was seen and needed: the two columns would only crowd it.
    { key: 'observed', title: t('evaluation.col.observed'), responsive: ['md'], render: (_, c) => formatObserved(c.observed, c.test, t, lang) },
    { key: 'threshold', title: t('evaluation.col.threshold'), responsive: ['md'], render: (_, c) => formatObserved(c.threshold, c.test, t, lang) },
    { key: 'message', title: t('evaluation.col.message'), render: (_, c) => c.message[lang] },
  ];
  return (
    <div>
      <Typography.Title level={5}>{title}</Typography.Title>
      <Table<Criterion>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('evaluation.noRules') }}
        data-testid={testId}
      />
    </div>
  );
}

/** 四看法: the points of each look as a bar out of its weight, and the total. */
function FourLooksView({
  looks,
  weights,
  memberName,
  t,
  lang,
}: {
  looks: FourLooks;
  weights: Record<(typeof LOOKS)[number], number> | undefined;
  memberName: (index: number) => string | undefined;
  t: Translate;
  lang: 'zh-CN' | 'en';
}) {
  const max = weights ? LOOKS.reduce((sum, look) => sum + weights[look], 0) : undefined;
  const points = (v: number | null) => (v === null ? '?' : formatMoney(v, lang).replace(/\.00$/, ''));
  return (
    <div data-testid="evaluation-four-looks">
      <Typography.Title level={5}>
        {t('evaluation.fourLooks')}
        <Typography.Text style={{ marginInlineStart: 12, fontSize: 20 }} data-testid="four-looks-total">
          {points(looks.total)}
          {max !== undefined && <Typography.Text type="secondary"> / {formatNumber(max, lang)}</Typography.Text>}
        </Typography.Text>
      </Typography.Title>
      <Row gutter={[24, 8]}>
        {LOOKS.map((look) => {
          const value = looks[look];
          const weight = weights?.[look];
          const percent = value !== null && weight ? Math.round((value / weight) * 100) : 0;
          return (
            <Col key={look} xs={24} sm={12} lg={6}>
              <Typography.Text>{t(LOOK_LABELS[look])}</Typography.Text>
              <Progress
                percent={percent}
                status="normal"
                format={() => `${points(value)}${weight !== undefined ? ` / ${formatNumber(weight, lang)}` : ''}`}
                strokeColor={value === null ? '#d9d9d9' : undefined}
              />
            </Col>
          );
        })}
      </Row>
      {looks.missing.length > 0 && <MissingLine paths={looks.missing} memberName={memberName} t={t} lang={lang} />}
    </div>
  );
}
