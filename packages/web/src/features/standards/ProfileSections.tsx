import type { ReactNode } from 'react';
import { Card, Col, Descriptions, Flex, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import {
  ALERT_RULE_KEYS,
  ALERT_RULES,
  ASSISTANCE_DEFAULTS,
  calendarYears,
  CAUSE_COVERAGE,
  CAUSES,
  exitThresholdFor,
  familyLabel,
  HOUSING_GRADES,
  LABOUR_CAPACITIES,
  lineFor,
  measureCatalogue,
  MONITORING_DEFAULTS,
  PROCEDURE_STEPS,
  type AssistanceSettings,
  type CalendarYear,
  type Cause,
  type CriterionRule,
  type Dimension,
  type ExclusionRule,
  type Lang,
  type MonitoringSettings,
  type PolicyProfile,
} from '@jingzhun/domain';
import { useI18n, type MessageKey, type Translate } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatMoney, formatNumber, formatPercent } from '../../shared/lib/format.ts';
import { testLabel } from '../households/evaluation/EvaluationParts.tsx';

/** The sections of a profile as shown: all of them for a profile in force, some for one stored version. */
export type ProfileSectionsData = Partial<Omit<PolicyProfile, 'lines'>> & {
  lines?: { poverty?: Record<string, number> | undefined; monitoring?: Record<string, number> | undefined } | undefined;
};

const DIMENSION_TESTS: Record<Dimension, string> = {
  food: 'food_secure',
  clothing: 'clothing_secure',
  education: 'compulsory_education',
  medical: 'basic_medical',
  housing: 'housing_safe',
  water: 'water_safe',
};

const WATER_KEYS: Record<string, MessageKey> = {
  quantity: 'evaluation.water.quantity',
  quality: 'evaluation.water.quality',
  convenience: 'evaluation.water.convenience',
  guarantee: 'evaluation.water.guarantee',
};

const LOOK_KEYS: Record<'house' | 'grain' | 'labour' | 'schooling', MessageKey> = {
  house: 'evaluation.look.house',
  grain: 'evaluation.look.grain',
  labour: 'evaluation.look.labour',
  schooling: 'evaluation.look.schooling',
};

const list = (items: string[], lang: Lang) => items.join(lang === 'en' ? ', ' : '、');

/** A rule's parameters in words ("6–15 岁适龄成员均在校…"); `stableYears` completes the income rule. */
export function criterionInWords(rule: CriterionRule, stableYears: number | undefined, t: Translate, lang: Lang): string {
  switch (rule.test) {
    case 'income_above_line':
      return stableYears === undefined ? t('policy.rule.income') : t('policy.rule.incomeYears', { n: stableYears });
    case 'food_secure':
    case 'clothing_secure':
      return t('policy.rule.flag');
    case 'compulsory_education': {
      const base = t('policy.rule.education', { min: rule.minAge, max: rule.maxAge, preschool: rule.preschoolMaxAge });
      return rule.exemptDisabilityGrades.length === 0
        ? base
        : `${base}${t('policy.rule.educationExempt', { grades: list(rule.exemptDisabilityGrades.map(String), lang) })}`;
    }
    case 'basic_medical':
      return rule.requireChronicCard ? t('policy.rule.medicalCard') : t('policy.rule.medical');
    case 'housing_safe':
      return t('policy.rule.housing', { grades: list(rule.acceptedGrades.map((g) => HOUSING_GRADES[g][lang]), lang) });
    case 'water_safe':
      return t('policy.rule.water', { aspects: list(rule.aspects.map((a) => t(WATER_KEYS[a] as MessageKey)), lang) });
  }
}

interface LineRow {
  year: number;
  poverty: { value: number; year: number } | null;
  monitoring: { value: number; year: number } | null;
}

/**
 * The lines by year, newest first. For a profile in force every year from the first line to this year is
 * listed, with the line carried forward where a year has none of its own; a stored version lists only
 * the years it names.
 */
function lineRows(lines: NonNullable<ProfileSectionsData['lines']>, carried: boolean, lastYear: number): LineRow[] {
  const poverty = lines.poverty ?? {};
  const monitoring = lines.monitoring ?? {};
  const named = [...new Set([...Object.keys(poverty), ...Object.keys(monitoring)])].map(Number).sort((a, b) => a - b);
  if (named.length === 0) return [];
  const years: number[] = [];
  if (carried) {
    const first = named[0] as number;
    const last = Math.max(named[named.length - 1] as number, lastYear);
    for (let y = first; y <= last; y++) years.push(y);
  } else years.push(...named);
  const table = { lines: { poverty, monitoring } };
  return years
    .map((year) =>
      carried
        ? { year, poverty: lineFor(table, 'poverty', year), monitoring: lineFor(table, 'monitoring', year) }
        : {
            year,
            poverty: poverty[String(year)] === undefined ? null : { value: poverty[String(year)] as number, year },
            monitoring: monitoring[String(year)] === undefined ? null : { value: monitoring[String(year)] as number, year },
          },
    )
    .reverse();
}

function LineCell({ line, year, t, lang }: { line: { value: number; year: number } | null; year: number; t: Translate; lang: Lang }) {
  if (!line) return <Typography.Text type="secondary">{DASH}</Typography.Text>;
  return (
    <Space size={6}>
      <span>{formatNumber(line.value, lang)}</span>
      {line.year !== year && (
        <Tag color="default" style={{ margin: 0 }} data-testid="line-carried">
          {t('policy.lines.carried', { year: line.year })}
        </Tag>
      )}
    </Space>
  );
}

function Section({ title, children, wide = false, narrow, testId }: { title: ReactNode; children: ReactNode; wide?: boolean; narrow: boolean; testId: string }) {
  return (
    <Col xs={24} lg={wide || narrow ? 24 : 12}>
      <Card size="small" title={title} style={{ height: '100%' }} data-testid={testId}>
        {children}
      </Card>
    </Col>
  );
}

interface Props {
  profile: ProfileSectionsData;
  /** A profile in force (every section, lines carried forward) or one stored version (only what it holds). */
  mode: 'effective' | 'version';
  /** The region whose exit threshold is pointed out (西部 or not). */
  regionCode: string;
  /** One column (in a drawer). */
  narrow?: boolean;
  /** The last year listed for lines carried forward (this year). */
  lastYear: number;
}

interface CoverageRow {
  cause: Cause;
  families: readonly string[];
  defaults: readonly string[];
  changed: boolean;
}

const sameFamilies = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * 帮扶设置: the visit interval, the days in the village, the measure catalogue (defaults and the families
 * the region adds) and which families answer each cause, the causes that differ from the default table
 * highlighted. `settings` undefined shows the defaults and says so.
 */
function AssistanceSettingsView({ settings, t, lang }: { settings: AssistanceSettings | undefined; t: Translate; lang: Lang }) {
  const s = settings ?? ASSISTANCE_DEFAULTS;
  const catalogue = measureCatalogue(s);
  const label = (key: string) => familyLabel(catalogue, key, lang);
  const rows: CoverageRow[] = (Object.keys(CAUSES) as Cause[]).map((cause) => {
    const families = catalogue.coverage[cause];
    return { cause, families, defaults: CAUSE_COVERAGE[cause], changed: !sameFamilies(families, CAUSE_COVERAGE[cause]) };
  });
  const columns: TableColumnsType<CoverageRow> = [
    {
      key: 'cause',
      title: t('policy.assistance.cause'),
      width: 150,
      render: (_, r) => (
        <Flex vertical gap={2} align="flex-start">
          <span>{CAUSES[r.cause][lang]}</span>
          {r.changed && (
            <Tag color="orange" style={{ margin: 0 }} data-testid="coverage-changed">
              {t('policy.assistance.changed')}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      key: 'families',
      title: t('policy.assistance.families'),
      render: (_, r) =>
        r.families.length === 0 ? (
          <Typography.Text type="secondary">{t('policy.assistance.noFamily')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {r.families.map((f) => (
              <Tag key={f} color={catalogue.families.find((x) => x.key === f)?.builtIn === false ? 'green' : undefined} style={{ margin: 0 }}>
                {label(f)}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      key: 'changed',
      title: t('policy.assistance.againstDefault'),
      width: 220,
      // On a phone the tag by the cause says enough; the default list needs the width.
      responsive: ['md'],
      render: (_, r) =>
        r.changed ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('policy.assistance.defaultWas', { families: r.defaults.length === 0 ? t('policy.assistance.noFamily') : list(r.defaults.map(label), lang) })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('policy.assistance.asDefault')}</Typography.Text>
        ),
    },
  ];
  return (
    <Flex vertical gap={12}>
      {!settings && (
        <Typography.Text type="secondary" data-testid="policy-assistance-defaults">
          {t('policy.assistance.defaults')}
        </Typography.Text>
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'interval', label: t('policy.assistance.visitInterval'), children: t('policy.assistance.visitIntervalValue', { n: s.visitIntervalDays }) },
          { key: 'days', label: t('policy.assistance.minDays'), children: t('policy.assistance.minDaysValue', { n: s.minDaysInVillage }) },
        ]}
      />
      <Flex vertical gap={6}>
        <Typography.Text strong>{t('policy.assistance.catalogue')}</Typography.Text>
        <Space size={[6, 6]} wrap data-testid="policy-catalogue">
          {catalogue.families.map((f) =>
            f.builtIn ? (
              <Tag key={f.key} style={{ margin: 0 }}>
                {f.labels[lang]}
              </Tag>
            ) : (
              <Tag key={f.key} color="green" style={{ margin: 0 }} data-testid="catalogue-added">
                {f.labels[lang]} · {t('policy.assistance.added')} <Typography.Text type="secondary" style={{ fontSize: 11 }}>{f.key}</Typography.Text>
              </Tag>
            ),
          )}
        </Space>
        {s.families.length === 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('policy.assistance.noAdded')}
          </Typography.Text>
        )}
      </Flex>
      <Table<CoverageRow>
        rowKey="cause"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        onRow={(r) => (r.changed ? { style: { background: '#fff7e6' } } : {})}
        data-testid="policy-coverage"
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {t('policy.assistance.hint')}
      </Typography.Paragraph>
    </Flex>
  );
}

/** A share as a percentage without trailing zeros (0.3 → "30%", 0.125 → "12.5%"). */
function sharePercent(share: number): string {
  return `${Math.round(share * 10_000) / 100}%`;
}

/** The monitoring section (防返贫监测): the rules that run and their thresholds; the defaults when none is set. */
function MonitoringSettingsView({ settings, t, lang }: { settings: MonitoringSettings | undefined; t: Translate; lang: Lang }) {
  const s = settings ?? MONITORING_DEFAULTS;
  const off = ALERT_RULE_KEYS.filter((r) => !s.rules.includes(r));
  const yuan = (n: number) => t('policy.monitoring.yuan', { amount: formatMoney(n, lang) });
  return (
    <Flex vertical gap={12}>
      {!settings && (
        <Typography.Text type="secondary" data-testid="policy-monitoring-defaults">
          {t('policy.monitoring.defaults')}
        </Typography.Text>
      )}
      <Flex vertical gap={6}>
        <Typography.Text strong>{t('policy.monitoring.rules')}</Typography.Text>
        <Space size={[6, 6]} wrap data-testid="policy-monitoring-rules">
          {s.rules.map((r) => (
            <Tag key={r} color="blue" style={{ margin: 0 }}>
              {ALERT_RULES[r][lang]}
            </Tag>
          ))}
          {s.rules.length === 0 && <Typography.Text type="secondary">{t('policy.monitoring.noRule')}</Typography.Text>}
        </Space>
        {off.length > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="policy-monitoring-off">
            {t('policy.monitoring.off', { rules: list(off.map((r) => ALERT_RULES[r][lang]), lang) })}
          </Typography.Text>
        )}
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'drop', label: t('policy.monitoring.incomeDrop'), children: t('policy.monitoring.incomeDropValue', { share: sharePercent(s.incomeDropShare) }) },
          { key: 'medical', label: t('policy.monitoring.medical'), children: t('policy.monitoring.above', { amount: yuan(s.medicalOutOfPocket) }) },
          { key: 'disaster', label: t('policy.monitoring.disaster'), children: t('policy.monitoring.above', { amount: yuan(s.disasterLoss) }) },
          { key: 'stable', label: t('policy.monitoring.stableMonths'), children: t('policy.monitoring.months', { n: s.stableMonths }) },
          {
            key: 'due',
            label: t('policy.monitoring.dueDays'),
            children: t('policy.monitoring.dueDaysValue', { high: s.dueDays.high, medium: s.dueDays.medium, low: s.dueDays.low }),
          },
        ]}
      />
    </Flex>
  );
}

/** Every section a profile holds, in words: lines, income, criteria, exclusions, exit, procedures, 四看法, AF, 帮扶. */
export function ProfileSections({ profile: p, mode, regionCode, narrow = false, lastYear }: Props) {
  const { t, lang } = useI18n();
  const carried = mode === 'effective';
  const lineColumns: TableColumnsType<LineRow> = [
    { key: 'year', dataIndex: 'year', title: t('policy.lines.year') },
    { key: 'poverty', title: t('evaluation.linePoverty'), render: (_, r) => <LineCell line={r.poverty} year={r.year} t={t} lang={lang} /> },
    { key: 'monitoring', title: t('evaluation.lineMonitoring'), render: (_, r) => <LineCell line={r.monitoring} year={r.year} t={t} lang={lang} /> },
  ];
  const stableYears = p.income?.stableYears;

  return (
    <Row gutter={[16, 16]}>
      {p.lines && (
        <Section title={t('policy.section.lines')} narrow={narrow} testId="policy-lines">
          <Table<LineRow>
            rowKey="year"
            size="small"
            columns={lineColumns}
            dataSource={lineRows(p.lines, carried, lastYear)}
            pagination={false}
            scroll={{ y: 360 }}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {carried ? t('policy.lines.hint') : t('policy.lines.versionHint')}
          </Typography.Paragraph>
        </Section>
      )}
      {(p.income || p.exitThresholds) && (
        <Section title={t('policy.section.incomeExit')} narrow={narrow} testId="policy-income-exit">
          <Descriptions
            size="small"
            column={1}
            items={[
              ...(p.income ? [{ key: 'stable', label: t('policy.stableYears'), children: t('policy.stableYearsValue', { n: p.income.stableYears }) }] : []),
              ...(p.exitThresholds
                ? [
                    { key: 'default', label: t('policy.exit.default'), children: formatPercent(p.exitThresholds.default) },
                    { key: 'west', label: t('policy.exit.west'), children: formatPercent(p.exitThresholds.west) },
                    { key: 'westProvinces', label: t('policy.exit.westProvinces'), children: list(p.exitThresholds.westProvinces, lang) || DASH },
                    {
                      key: 'applies',
                      label: t('policy.exit.applies'),
                      children: (
                        <Typography.Text strong data-testid="policy-exit-applies">
                          {formatPercent(exitThresholdFor({ exitThresholds: p.exitThresholds }, regionCode))}
                        </Typography.Text>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {p.exitThresholds && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('policy.exit.hint')}
            </Typography.Paragraph>
          )}
        </Section>
      )}
      {p.criteria && (
        <Section title={t('policy.section.criteria')} wide narrow={narrow} testId="policy-criteria">
          <Flex vertical>
            {p.criteria.map((rule: CriterionRule) => (
              <Flex key={rule.code} justify="space-between" gap={12} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Flex vertical>
                  <Typography.Text strong>{testLabel(rule.test, lang)}</Typography.Text>
                  <Typography.Text type="secondary">{criterionInWords(rule, stableYears, t, lang)}</Typography.Text>
                </Flex>
                <Typography.Text type="secondary" code style={{ flex: 'none' }}>
                  {rule.code}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        </Section>
      )}
      {p.exclusions && (
        <Section title={t('policy.section.exclusions')} narrow={narrow} testId="policy-exclusions">
          {p.exclusions.length === 0 ? (
            <Typography.Text type="secondary">{t('policy.none')}</Typography.Text>
          ) : (
            <Flex vertical>
              {p.exclusions.map((rule: ExclusionRule) => (
                <Flex key={rule.code} justify="space-between" gap={12} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <span>{testLabel(rule.test, lang)}</span>
                  <Typography.Text type="secondary" code style={{ flex: 'none' }}>
                    {rule.code}
                  </Typography.Text>
                </Flex>
              ))}
            </Flex>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('policy.exclusionsHint')}
          </Typography.Paragraph>
        </Section>
      )}
      {p.procedures && (
        <Section title={t('policy.section.procedures')} narrow={narrow} testId="policy-procedures">
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'notice', label: t('policy.noticeDays'), children: t('policy.days', { n: p.procedures.noticeDays }) },
              { key: 'total', label: t('policy.totalWorkingDays'), children: t('policy.workingDays', { n: p.procedures.totalWorkingDays }) },
              ...Object.entries(p.procedures.stepWorkingDays).map(([step, days]) => ({
                key: step,
                label: (PROCEDURE_STEPS as Record<string, Record<Lang, string>>)[step]?.[lang] ?? step,
                children: t('policy.workingDays', { n: days }),
              })),
            ]}
          />
          <HolidayCalendar years={calendarYears(p.procedures)} />
        </Section>
      )}
      {p.fourLooks && (
        <Section title={t('policy.section.fourLooks')} narrow={narrow} testId="policy-four-looks">
          <Descriptions
            size="small"
            column={1}
            items={[
              ...(Object.keys(LOOK_KEYS) as Array<keyof typeof LOOK_KEYS>).map((look) => ({
                key: look,
                label: t(LOOK_KEYS[look]),
                children: t('policy.points', { n: formatNumber(p.fourLooks?.weights[look], lang) }),
              })),
              {
                key: 'grades',
                label: t('policy.fourLooks.grades'),
                children: (Object.keys(p.fourLooks.houseGradeShares) as Array<keyof typeof HOUSING_GRADES>)
                  .map((g) => `${g} ${formatPercent(p.fourLooks?.houseGradeShares[g])}`)
                  .join(lang === 'en' ? ', ' : '、'),
              },
              { key: 'age', label: t('policy.fourLooks.workingAge'), children: t('policy.ageRange', { min: p.fourLooks.workingAge.min, max: p.fourLooks.workingAge.max }) },
              {
                key: 'labour',
                label: t('policy.fourLooks.labour'),
                children: (Object.keys(p.fourLooks.labourShares) as Array<keyof typeof LABOUR_CAPACITIES>)
                  .map((c) => `${LABOUR_CAPACITIES[c]?.[lang] ?? c} ${p.fourLooks?.labourShares[c]}`)
                  .join(lang === 'en' ? '; ' : ';'),
              },
              { key: 'full', label: t('policy.fourLooks.full'), children: t('policy.fourLooks.fullValue', { n: p.fourLooks.fullLabourPerMember }) },
            ]}
          />
        </Section>
      )}
      {p.multidimensional && (
        <Section title={t('policy.section.multidimensional')} narrow={narrow} testId="policy-multidimensional">
          <Descriptions
            size="small"
            column={1}
            items={[
              ...(Object.keys(p.multidimensional.weights) as Dimension[]).map((d) => ({
                key: d,
                label: testLabel(DIMENSION_TESTS[d] ?? d, lang),
                children: formatPercent(p.multidimensional?.weights[d]),
              })),
              { key: 'k', label: t('policy.af.k'), children: formatPercent(p.multidimensional.k) },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('policy.af.hint')}
          </Typography.Paragraph>
        </Section>
      )}
      {(p.assistance || carried) && (
        <Section title={t('policy.section.assistance')} wide narrow={narrow} testId="policy-assistance">
          <AssistanceSettingsView settings={p.assistance} t={t} lang={lang} />
        </Section>
      )}
      {(p.monitoring || carried) && (
        <Section title={t('policy.section.monitoring')} wide narrow={narrow} testId="policy-monitoring">
          <MonitoringSettingsView settings={p.monitoring} t={t} lang={lang} />
        </Section>
      )}
    </Row>
  );
}

/**
 * The working-day calendar year by year: published by the State Council (holidays and make-up working days
 * as the notice has them), or not yet (statutory holidays only, no 调休, and deadlines say so).
 */
function HolidayCalendar({ years }: { years: CalendarYear[] }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<CalendarYear> = [
    { key: 'year', title: t('policy.calendar.year'), dataIndex: 'year', width: 72 },
    {
      key: 'state',
      title: t('policy.calendar.state'),
      render: (_, y) =>
        y.published ? <Tag color="green">{t('policy.calendar.published')}</Tag> : <Tag color="orange">{t('policy.calendar.notPublished')}</Tag>,
    },
    { key: 'holidays', title: t('policy.holidays'), render: (_, y) => (y.holidays.length === 0 ? DASH : t('policy.dateCount', { n: y.holidays.length })) },
    { key: 'extra', title: t('policy.extraWorkdays'), render: (_, y) => (y.extraWorkdays.length === 0 ? DASH : list(y.extraWorkdays.map((d) => d.slice(5)), lang)) },
  ];
  return (
    <Flex vertical gap={8} style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('policy.calendar.title')}</Typography.Text>
      {years.length === 0 ? (
        <Typography.Text type="warning">{t('policy.calendar.empty')}</Typography.Text>
      ) : (
        <Table<CalendarYear>
          size="small"
          rowKey="year"
          columns={columns}
          dataSource={[...years].reverse()}
          pagination={years.length > 6 ? { pageSize: 6, size: 'small' } : false}
          data-testid="policy-calendar"
        />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {t('policy.calendar.hint')}
      </Typography.Paragraph>
    </Flex>
  );
}
