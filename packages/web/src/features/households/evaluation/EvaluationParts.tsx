import type { ReactNode } from 'react';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import {
  COUNTRY_CODE,
  HOUSING_GRADES,
  POLICY_TEST_LABELS,
  WATER_ASPECTS,
  type Criterion,
  type EvaluationOutcome,
  type Lang,
  type Observed,
  type ProfileRef,
} from '@jingzhun/domain';
import type { IncomeLine } from '../../standards/api.ts';
import type { MessageKey, Translate } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate, DASH, formatMoney, formatNumber } from '../../../shared/lib/format.ts';

/** The first year the registry has (建档立卡 began in 2014); the server refuses earlier ones. */
export const FIRST_EVALUATION_YEAR = 2014;

/** This year in China, the last one a decision can be asked for. */
export function currentYear(): number {
  return Number(chinaDate().slice(0, 4));
}

/** The years a decision can be asked for, newest first. */
export function evaluationYears(): number[] {
  const years: number[] = [];
  for (let y = currentYear(); y >= FIRST_EVALUATION_YEAR; y--) years.push(y);
  return years;
}

/**
 * The date a year's decision is taken on, as the server takes it: the year's last day, or today for the
 * current year, so a version that takes effect later in the year does not decide the months before it.
 */
export function decisionDate(year: number): string {
  const today = chinaDate();
  const end = `${year}-12-31`;
  return end < today ? end : today;
}

const OUTCOME_COLORS: Record<EvaluationOutcome, string> = {
  poor: 'red',
  may_exit: 'green',
  not_poor: 'blue',
  excluded: 'purple',
  cannot_decide: 'default',
};

const OUTCOME_LABELS: Record<EvaluationOutcome, MessageKey> = {
  poor: 'evaluation.outcome.poor',
  may_exit: 'evaluation.outcome.may_exit',
  not_poor: 'evaluation.outcome.not_poor',
  excluded: 'evaluation.outcome.excluded',
  cannot_decide: 'evaluation.outcome.cannot_decide',
};

/** The decision as a tag; `large` for the head of the evaluation tab. */
export function OutcomeTag({ outcome, t, large = false }: { outcome: EvaluationOutcome; t: Translate; large?: boolean }) {
  return (
    <Tag
      color={OUTCOME_COLORS[outcome]}
      style={large ? { fontSize: 18, lineHeight: '32px', padding: '0 14px', margin: 0 } : { margin: 0 }}
      data-testid="evaluation-outcome"
      data-outcome={outcome}
    >
      {t(OUTCOME_LABELS[outcome])}
    </Tag>
  );
}

/**
 * One line that says what the decision means. The same outcome reads differently by line (poor under
 * the monitoring line is a risk of relapse) and by status (an applicant who fails a standard qualifies).
 */
export function outcomeExplanation(outcome: EvaluationOutcome, line: IncomeLine, status: string, t: Translate): string {
  switch (outcome) {
    case 'poor':
      if (line === 'monitoring') return t('evaluation.explain.poorMonitoring');
      return status === 'candidate' ? t('evaluation.explain.poorCandidate') : t('evaluation.explain.poor');
    case 'may_exit':
      return line === 'monitoring' ? t('evaluation.explain.clearMonitoring') : t('evaluation.explain.mayExit');
    case 'not_poor':
      if (line === 'monitoring') return t('evaluation.explain.clearMonitoring');
      return status === 'candidate' ? t('evaluation.explain.notPoorCandidate') : t('evaluation.explain.notPoor');
    case 'excluded':
      return t('evaluation.explain.excluded');
    case 'cannot_decide':
      return t('evaluation.explain.cannotDecide');
  }
}

/** How many tests failed, are unknown and passed, e.g. "2 项未满足 · 1 项无法判断 · 9 项满足". */
export function countsText(items: readonly Criterion[], t: Translate): string {
  const failed = items.filter((c) => c.passed === false).length;
  const unknown = items.filter((c) => c.passed === null).length;
  const passed = items.filter((c) => c.passed === true).length;
  return t('evaluation.counts', { failed, unknown, passed });
}

/** ✓ / ✗ / ? for a criterion; for an exclusion, whether the household is clear of it. */
export function PassMark({ passed, kind, t }: { passed: boolean | null; kind: Criterion['kind']; t: Translate }) {
  if (passed === null) {
    return (
      <Tag icon={<QuestionCircleOutlined />} data-testid="criterion-unknown" style={{ margin: 0 }}>
        ? {t('evaluation.unknown')}
      </Tag>
    );
  }
  const label = kind === 'exclusion' ? (passed ? t('evaluation.clear') : t('evaluation.hit')) : passed ? t('evaluation.passed') : t('evaluation.failed');
  return (
    <Tag
      color={passed ? 'success' : 'error'}
      icon={passed ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
      data-testid={passed ? 'criterion-pass' : 'criterion-fail'}
      style={{ margin: 0 }}
    >
      {passed ? '✓' : '✗'} {label}
    </Tag>
  );
}

/** The name of a test kind (`housing_safe` → 住房安全有保障), or the kind itself when unknown. */
export function testLabel(test: string, lang: Lang): string {
  return (POLICY_TEST_LABELS as Record<string, Record<Lang, string>>)[test]?.[lang] ?? test;
}

/** "全国 v1 + 451022 v2": the versions a decision used, country first. */
export function basisText(basis: readonly ProfileRef[], t: Translate): string {
  return basis.map((b) => `${b.scopeCode === COUNTRY_CODE ? t('evaluation.national') : b.scopeCode} v${b.version}`).join(' + ');
}

const OBSERVED_KEYS: Record<string, MessageKey> = {
  members: 'evaluation.obs.members',
  uninsured: 'evaluation.obs.uninsured',
  illWithoutCard: 'evaluation.obs.illWithoutCard',
  requireChronicCard: 'evaluation.obs.requireChronicCard',
  schoolAge: 'evaluation.obs.schoolAge',
  inSchool: 'evaluation.obs.inSchool',
  exempt: 'evaluation.obs.exempt',
  outOfSchool: 'evaluation.obs.outOfSchool',
  minAge: 'evaluation.obs.minAge',
  maxAge: 'evaluation.obs.maxAge',
  quantity: 'evaluation.water.quantity',
  quality: 'evaluation.water.quality',
  convenience: 'evaluation.water.convenience',
  guarantee: 'evaluation.water.guarantee',
};

/**
 * An observed value or a threshold in words: yes/no, amounts in yuan for the income test, water aspects
 * and housing grades by name, `{2023: 5311.2}` as "2023 年 5,311.20".
 */
export function formatObserved(value: Observed | undefined, test: string, t: Translate, lang: Lang): string {
  const sep = lang === 'en' ? ', ' : '、';
  const one = (v: Observed | undefined): string => {
    if (v === null || v === undefined) return DASH;
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    // Incomes per head have cents; lines and counts are whole.
    if (typeof v === 'number') return test === 'income_above_line' && !Number.isInteger(v) ? formatMoney(v, lang) : formatNumber(v, lang);
    if (typeof v === 'string') {
      if ((WATER_ASPECTS as readonly string[]).includes(v)) return t(OBSERVED_KEYS[v] as MessageKey);
      if (test === 'housing_safe' && v in HOUSING_GRADES) return HOUSING_GRADES[v as keyof typeof HOUSING_GRADES][lang];
      return v;
    }
    if (Array.isArray(v)) return v.length === 0 ? DASH : v.map(one).join(sep);
    const entries = Object.entries(v as Record<string, Observed>);
    if (entries.length === 0) return DASH;
    return entries
      .map(([key, inner]) => {
        const label = /^\d{4}$/.test(key) ? t('evaluation.yearOption', { year: key }) : OBSERVED_KEYS[key] ? t(OBSERVED_KEYS[key]) : key;
        return `${label} ${one(inner)}`;
      })
      .join(lang === 'en' ? '; ' : ';');
  };
  return one(value);
}

const MEMBER_FIELDS: Record<string, MessageKey> = {
  birthDate: 'member.birthDate',
  schoolStatus: 'member.schoolStatus',
  health: 'member.health',
  disabilityGrade: 'member.disabilityGrade',
  chronicDiseaseCard: 'member.chronicDiseaseCard',
  medicalInsured: 'member.medicalInsured',
  labourCapacity: 'member.labourCapacity',
  publicPayroll: 'member.publicPayroll',
};

const HOUSEHOLD_FIELDS: Record<string, MessageKey> = {
  'conditions.foodSecure': 'condition.foodSecure',
  'conditions.clothingSecure': 'condition.clothingSecure',
  'conditions.housingGrade': 'condition.housingGrade',
  'conditions.waterQuantity': 'condition.waterQuantity',
  'conditions.waterQuality': 'condition.waterQuality',
  'conditions.waterConvenience': 'condition.waterConvenience',
  'conditions.waterGuarantee': 'condition.waterGuarantee',
  'assets.car': 'asset.car',
  'assets.machinery': 'asset.machinery',
  'assets.townProperty': 'asset.townProperty',
  'assets.registeredBusiness': 'asset.registeredBusiness',
};

/**
 * A missing-data path of the evaluation in words: `members[2].medicalInsured` → "王秀英的参加基本医疗保险",
 * `incomes[2023]` → "2023 年收入", `policy.lines.monitoring[2020]` → "2020 年监测线标准".
 */
export function missingText(path: string, memberName: (index: number) => string | undefined, t: Translate): string {
  const member = /^members\[(\d+)\]\.(\w+)$/.exec(path);
  if (member) {
    const index = Number(member[1]);
    const field = member[2] ?? '';
    const name = memberName(index)?.trim() || t('evaluation.memberN', { n: index + 1 });
    return t('evaluation.missingMember', { name, field: MEMBER_FIELDS[field] ? t(MEMBER_FIELDS[field]) : field });
  }
  const income = /^incomes\[(\d{4})\](\.perHead)?$/.exec(path);
  if (income) return income[2] ? t('evaluation.missingPerHead', { year: income[1] ?? '' }) : t('evaluation.missingIncome', { year: income[1] ?? '' });
  const line = /^policy\.lines\.(poverty|monitoring)\[(\d{4})\]$/.exec(path);
  if (line) {
    const name = line[1] === 'monitoring' ? t('evaluation.lineMonitoring') : t('evaluation.linePoverty');
    return t('evaluation.missingLine', { year: line[2] ?? '', line: name });
  }
  const key = HOUSEHOLD_FIELDS[path];
  return key ? t(key) : path;
}

/** "缺少数据:…" as one plain sentence, or nothing when no datum is missing. */
export function MissingLine({ paths, memberName, t, lang }: { paths: readonly string[]; memberName: (index: number) => string | undefined; t: Translate; lang: Lang }) {
  if (paths.length === 0) return null;
  const list = paths.map((p) => missingText(p, memberName, t)).join(lang === 'en' ? '; ' : '、');
  return (
    <Typography.Text type="warning" data-testid="evaluation-missing">
      {t('evaluation.missing', { list })}
    </Typography.Text>
  );
}

/** The basis of a decision, small, with the full list in a tooltip on narrow screens. */
export function BasisLine({ basis, t, extra }: { basis: readonly ProfileRef[]; t: Translate; extra?: ReactNode }) {
  const text = basisText(basis, t);
  return (
    <Space size={8} wrap>
      <Tooltip title={basis.map((b) => `${b.scopeCode} v${b.version} (${b.effectiveFrom})`).join(' + ')}>
        <Typography.Text type="secondary" data-testid="evaluation-basis">
          {t('evaluation.basis', { basis: text })}
        </Typography.Text>
      </Tooltip>
      {extra}
    </Space>
  );
}
