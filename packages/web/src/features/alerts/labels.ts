import {
  ALERT_RULES,
  ALERT_SEVERITIES,
  ALERT_STATES,
  alertRuleInfo,
  FEED_KINDS,
  MANUAL_ALERTS,
  type AlertStateCode,
  type EscalationLevel,
  type Lang,
} from '@jingzhun/domain';
import type { Alert, SelfReportState } from './api.ts';
import type { MessageKey, Translate } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatMoney, formatNumber, formatPercent } from '../../shared/lib/format.ts';

/** Tag colours of an alert's state: waiting ones stand out, closed ones are quiet. */
export const ALERT_STATE_COLORS: Record<AlertStateCode, string> = {
  open: 'red',
  assigned: 'orange',
  verified: 'blue',
  dismissed: 'default',
  in_procedure: 'purple',
  handled: 'green',
};

/** Tag colours of severities. */
export const SEVERITY_COLORS: Record<string, string> = { high: 'red', medium: 'orange', low: 'default' };

/** Tag colours of the level an alert waits on: the higher, the hotter. */
export const ESCALATION_COLORS: Record<EscalationLevel, string> = { village: 'default', township: 'orange', county: 'red' };

/** The levels an alert escalates through, in order. */
export const ESCALATIONS: readonly EscalationLevel[] = ['village', 'township', 'county'];

/** Tag colours of a self-report's state. */
export const REPORT_STATE_COLORS: Record<SelfReportState, string> = { open: 'red', linked: 'blue', closed: 'default' };

/** The label of an alert's state. */
export function alertStateLabel(state: string, lang: Lang): string {
  return Object.hasOwn(ALERT_STATES, state) ? ALERT_STATES[state as AlertStateCode][lang] : state;
}

/** The label of a severity. */
export function severityLabel(severity: string, lang: Lang): string {
  return Object.hasOwn(ALERT_SEVERITIES, severity) ? ALERT_SEVERITIES[severity as keyof typeof ALERT_SEVERITIES][lang] : severity;
}

/** The label of a rule (of the data rules or the manual ones). */
export function ruleLabel(rule: string, lang: Lang): string {
  return alertRuleInfo(rule)?.[lang] ?? rule;
}

/** The label of a feed kind. */
export function feedKindLabel(kind: string, lang: Lang): string {
  return Object.hasOwn(FEED_KINDS, kind) ? FEED_KINDS[kind as keyof typeof FEED_KINDS][lang] : kind;
}

/** Every rule an alert may have, as Select options: the data rules, then those raised by people. */
export function ruleOptions(lang: Lang) {
  return [...Object.keys(ALERT_RULES), ...Object.keys(MANUAL_ALERTS)].map((rule) => ({ value: rule, label: ruleLabel(rule, lang) }));
}

/** The escalation level's label ("村级", "乡镇级", "县级"). */
export const ESCALATION_LABELS: Record<EscalationLevel, MessageKey> = {
  village: 'monitoring.escalation.village',
  township: 'monitoring.escalation.township',
  county: 'monitoring.escalation.county',
};

/** How each figure an evidence may hold is shown. */
type Format = 'money' | 'percent' | 'int' | 'date' | 'text' | 'feed' | 'year';

/** The evidence fields this page knows, with their label and how their value is shown. */
const EVIDENCE_FIELDS: Record<string, { label: MessageKey; format: Format }> = {
  year: { label: 'monitoring.ev.year', format: 'year' },
  incomePerHead: { label: 'monitoring.ev.incomePerHead', format: 'money' },
  previous: { label: 'monitoring.ev.previous', format: 'money' },
  line: { label: 'monitoring.ev.line', format: 'money' },
  drop: { label: 'monitoring.ev.drop', format: 'percent' },
  outOfPocket: { label: 'monitoring.ev.outOfPocket', format: 'money' },
  loss: { label: 'monitoring.ev.loss', format: 'money' },
  threshold: { label: 'monitoring.ev.threshold', format: 'money' },
  name: { label: 'monitoring.ev.name', format: 'text' },
  on: { label: 'monitoring.ev.on', format: 'date' },
  kind: { label: 'monitoring.ev.kind', format: 'feed' },
  feed: { label: 'monitoring.ev.feed', format: 'feed' },
  grade: { label: 'monitoring.ev.grade', format: 'int' },
  ableWorkers: { label: 'monitoring.ev.ableWorkers', format: 'int' },
  age: { label: 'monitoring.ev.age', format: 'int' },
  what: { label: 'monitoring.ev.what', format: 'text' },
  by: { label: 'monitoring.ev.by', format: 'text' },
  reportedOn: { label: 'monitoring.ev.reportedOn', format: 'date' },
  phone: { label: 'monitoring.ev.phone', format: 'text' },
  reportId: { label: 'monitoring.ev.reportId', format: 'text' },
  visitId: { label: 'monitoring.ev.visitId', format: 'text' },
};

/** The order evidence fields are listed in; others follow in the order the server gave them. */
const EVIDENCE_ORDER = Object.keys(EVIDENCE_FIELDS);

/** One value of an evidence as people read it: yuan with two decimals, shares as percentages, feeds by name. */
function evidenceValue(key: string, value: unknown, rule: string, lang: Lang, t: Translate): string {
  if (value === null || value === undefined || value === '') return DASH;
  // The drop rule's threshold is a share of last year's income, not an amount.
  const format: Format = key === 'threshold' && rule === 'income_drop' ? 'percent' : (EVIDENCE_FIELDS[key]?.format ?? 'text');
  switch (format) {
    case 'money':
      return typeof value === 'number' ? t('monitoring.yuan', { amount: formatMoney(value, lang) }) : String(value);
    case 'percent':
      return typeof value === 'number' ? formatPercent(value) : String(value);
    case 'int':
      return typeof value === 'number' ? formatNumber(value, lang) : String(value);
    case 'feed':
      return feedKindLabel(String(value), lang);
    case 'year':
    case 'date':
    case 'text':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** An alert's evidence as label–value pairs, known fields first and readable. */
export function evidenceItems(alert: Pick<Alert, 'evidence' | 'rule'>, lang: Lang, t: Translate): Array<{ key: string; label: string; value: string }> {
  const keys = Object.keys(alert.evidence ?? {}).sort((a, b) => {
    const ia = EVIDENCE_ORDER.indexOf(a);
    const ib = EVIDENCE_ORDER.indexOf(b);
    return (ia < 0 ? EVIDENCE_ORDER.length : ia) - (ib < 0 ? EVIDENCE_ORDER.length : ib);
  });
  return keys.map((key) => ({
    key,
    label: EVIDENCE_FIELDS[key] ? t(EVIDENCE_FIELDS[key].label) : key,
    value: evidenceValue(key, alert.evidence[key], alert.rule, lang, t),
  }));
}

/** The few words of evidence a list shows for an alert ("2026年自付 14,840.00 元,标准 10,000.00 元"). */
export function evidenceSummary(alert: Pick<Alert, 'evidence' | 'rule'>, lang: Lang, t: Translate): string {
  const e = alert.evidence ?? {};
  const v = (key: string) => evidenceValue(key, e[key], alert.rule, lang, t);
  switch (alert.rule) {
    case 'income_below_line':
      return t('monitoring.sum.income_below_line', { year: v('year'), income: v('incomePerHead'), line: v('line') });
    case 'income_drop':
      return t('monitoring.sum.income_drop', { year: v('year'), income: v('incomePerHead'), previous: v('previous'), drop: v('drop') });
    case 'medical_spending':
      return t('monitoring.sum.medical_spending', { year: v('year'), amount: v('outOfPocket'), threshold: v('threshold') });
    case 'disaster_loss':
      return t('monitoring.sum.disaster_loss', { year: v('year'), amount: v('loss'), threshold: v('threshold') });
    case 'main_worker_lost':
    case 'person_dead':
      return t('monitoring.sum.person', { name: v('name'), on: v('on') });
    case 'child_out_of_school':
      return t('monitoring.sum.child_out_of_school', { name: v('name'), age: v('age'), on: v('on') });
    case 'exclusion_hit':
      return t('monitoring.sum.exclusion_hit', { name: v('name'), feed: v('feed'), on: v('on') });
    default:
      if (typeof e.what === 'string') return e.what;
      return evidenceItems(alert, lang, t)
        .map((i) => `${i.label} ${i.value}`)
        .join(lang === 'en' ? '; ' : ';');
  }
}

/**
 * A refusal to open a case that concerns the household (e.g. a risk removal before the stable period, or
 * with income or assurances not secure), in the server's words with what it gives: the date the
 * household becomes stable, or each criterion not met.
 */
export function householdRefusalText(message: string, details: unknown, lang: Lang, t: Translate): string {
  const d = (details ?? {}) as { stableOn?: unknown; year?: unknown; unmet?: unknown };
  const parts = [message];
  if (typeof d.stableOn === 'string') parts.push(t('monitoring.refusal.stableOn', { date: d.stableOn }));
  if (Array.isArray(d.unmet)) {
    const unmet = d.unmet
      .map((u) => (u as { message?: unknown }).message)
      .map((m) => (typeof m === 'string' ? m : m && typeof m === 'object' ? (m as Record<string, unknown>)[lang] : undefined))
      .filter((m): m is string => typeof m === 'string' && m !== '');
    if (unmet.length > 0) parts.push(t('monitoring.refusal.unmet', { year: typeof d.year === 'number' ? d.year : '', list: unmet.join(lang === 'en' ? '; ' : ';') }));
  }
  return parts.join(lang === 'en' ? ' ' : '');
}
