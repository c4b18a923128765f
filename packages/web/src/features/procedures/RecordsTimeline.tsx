import type { ReactNode } from 'react';
import { Empty, Flex, Space, Tag, Timeline, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import {
  ALERT_DEPARTMENTS,
  APPLICATION_SOURCES,
  MONITORING_CATEGORIES,
  roleLabel,
  stepLabel,
  type Lang,
  type StepCode,
} from '@jingzhun/domain';
import { attachmentUrl, type ObjectionView, type StepRecordView, type StoredEvaluation } from './api.ts';
import { useI18n, type MessageKey, type Translate } from '../../shared/i18n/I18nProvider.tsx';
import { labelOf } from '../households/labels.ts';
import { OUTCOME_COLORS } from './labels.ts';

/** The label of each payload field as the records show it, in the order shown. */
const PAYLOAD_LABELS: Record<string, MessageKey> = {
  reason: 'procedures.field.reason',
  source: 'procedures.field.source',
  alertDepartment: 'procedures.field.alertDepartment',
  surveyedOn: 'procedures.field.visitedOn',
  findings: 'procedures.field.findings',
  heldOn: 'procedures.field.heldOn',
  attendance: 'procedures.field.attendance',
  present: 'procedures.field.present',
  result: 'procedures.field.result',
  minutes: 'procedures.field.minutes',
  consentedOn: 'procedures.field.consentedOn',
  signedBy: 'procedures.field.signedBy',
  opinion: 'procedures.field.opinion',
  decisionNo: 'procedures.field.decisionNo',
  announcedOn: 'procedures.field.announcedOn',
  category: 'procedures.field.category',
};

/** A payload value in words: code lists by their labels, lists joined, anything else as text. */
function valueText(field: string, value: unknown, lang: Lang, t: Translate): string {
  if (typeof value === 'string') {
    if (field === 'source') return labelOf(APPLICATION_SOURCES, value, lang);
    if (field === 'alertDepartment') return labelOf(ALERT_DEPARTMENTS, value, lang);
    if (field === 'category') return labelOf(MONITORING_CATEGORIES, value, lang);
    if (field === 'result' && (value === 'agreed' || value === 'not_agreed')) return t(`procedures.result.${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map(String).join(lang === 'en' ? ', ' : '、');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** What a step recorded, field by field, in the UI language; the evaluation of a visit as its outcome and failed criteria. */
export function PayloadDetails({ payload }: { payload: Record<string, unknown> }) {
  const { t, lang } = useI18n();
  const known = Object.keys(PAYLOAD_LABELS).filter((k) => payload[k] !== undefined && payload[k] !== null && payload[k] !== '');
  const others = Object.keys(payload).filter((k) => !(k in PAYLOAD_LABELS) && k !== 'evaluation');
  const evaluation = payload.evaluation as StoredEvaluation | undefined;
  if (known.length === 0 && others.length === 0 && !evaluation) return null;
  return (
    <Flex vertical gap={2}>
      {known.map((k) => (
        <Typography.Text key={k} style={{ whiteSpace: 'pre-wrap' }}>
          <Typography.Text type="secondary">{t(PAYLOAD_LABELS[k] ?? 'procedures.field.reason')}:</Typography.Text> {valueText(k, payload[k], lang, t)}
        </Typography.Text>
      ))}
      {others.map((k) => (
        <Typography.Text key={k}>
          <Typography.Text type="secondary">{k}:</Typography.Text> {valueText(k, payload[k], lang, t)}
        </Typography.Text>
      ))}
      {evaluation && <EvaluationSummary evaluation={evaluation} />}
    </Flex>
  );
}

const EVALUATION_COLORS: Record<string, string> = { poor: 'red', not_poor: 'green', may_exit: 'green', excluded: 'purple', cannot_decide: 'orange' };
const EVALUATION_OUTCOMES = ['poor', 'not_poor', 'may_exit', 'excluded', 'cannot_decide'] as const;

/** The evaluation kept with a visit: its outcome, the year and line it used, what failed and what could not be told. */
export function EvaluationSummary({ evaluation }: { evaluation: StoredEvaluation }) {
  const { t, lang } = useI18n();
  const outcome = (EVALUATION_OUTCOMES as readonly string[]).includes(evaluation.outcome ?? '') ? (evaluation.outcome as (typeof EVALUATION_OUTCOMES)[number]) : null;
  const all = [...(evaluation.criteria ?? []), ...(evaluation.exclusions ?? [])];
  const failed = all.filter((c) => c.passed === false);
  const unknown = all.filter((c) => c.passed === null);
  return (
    <Flex vertical gap={4} style={{ marginTop: 4, padding: '8px 12px', background: '#fafafa', borderRadius: 6 }} data-testid="record-evaluation">
      <Space size={6} wrap>
        <Typography.Text type="secondary">{t('procedures.evaluation.title')}:</Typography.Text>
        {outcome ? <Tag color={EVALUATION_COLORS[outcome]}>{t(`procedures.evaluation.${outcome}`)}</Tag> : <Tag>{evaluation.outcome ?? '—'}</Tag>}
        {evaluation.year !== undefined && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(evaluation.line === 'monitoring' ? 'procedures.evaluation.basisMonitoring' : 'procedures.evaluation.basisPoverty', { year: evaluation.year })}
          </Typography.Text>
        )}
      </Space>
      {failed.length > 0 && (
        <Flex vertical gap={2}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('procedures.evaluation.failed')}
          </Typography.Text>
          {failed.map((c) => (
            <Typography.Text key={`${c.kind}-${c.code}`} type="danger">
              · {c.message?.[lang] ?? c.code}
            </Typography.Text>
          ))}
        </Flex>
      )}
      {unknown.length > 0 && (
        <Flex vertical gap={2}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('procedures.evaluation.unknown')}
          </Typography.Text>
          {unknown.map((c) => (
            <Typography.Text key={`${c.kind}-${c.code}`} type="warning">
              · {c.message?.[lang] ?? c.code}
            </Typography.Text>
          ))}
        </Flex>
      )}
      {failed.length === 0 && unknown.length === 0 && (
        <Typography.Text type="success">{t('procedures.evaluation.allPassed')}</Typography.Text>
      )}
    </Flex>
  );
}

/** Links to the photos and scans of a record or notice, opened in a new tab with the session. */
export function AttachmentLinks({ ids }: { ids: readonly string[] }) {
  const { t } = useI18n();
  if (ids.length === 0) return null;
  return (
    <Space size={[12, 4]} wrap data-testid="attachment-links">
      {ids.map((id, i) => (
        <Typography.Link key={id} href={attachmentUrl(id)} target="_blank" rel="noreferrer">
          <PaperClipOutlined /> {t('procedures.attachmentN', { n: i + 1 })}
        </Typography.Link>
      ))}
    </Space>
  );
}

/** One objection: when and by whom, its text, and how it was settled. */
export function ObjectionItem({ objection: o, action }: { objection: ObjectionView; action?: ReactNode }) {
  const { t, lang } = useI18n();
  return (
    <Flex vertical gap={2} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="objection">
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <Space size={6} wrap>
          <Typography.Text strong>{t('procedures.objection.number', { id: o.id })}</Typography.Text>
          <Typography.Text type="secondary">{o.filedOn}</Typography.Text>
          <Typography.Text type="secondary">{o.by ?? t('procedures.objection.anonymous')}</Typography.Text>
          {o.contact && <Typography.Text type="secondary">{o.contact}</Typography.Text>}
          {o.resolution ? <Tag color="green">{t('procedures.objection.resolved')}</Tag> : <Tag color="orange">{t('procedures.objection.open')}</Tag>}
        </Space>
        {action}
      </Flex>
      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{o.text}</Typography.Text>
      {o.resolution && (
        <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
          {t('procedures.objection.resolutionBy', { name: o.resolution.byName ?? roleLabel(o.resolution.by.role, lang), date: o.resolution.resolvedOn })}: {o.resolution.text}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The records of a case, oldest first: who acted when, the outcome, what they recorded and why. */
export function RecordsTimeline({ records }: { records: StepRecordView[] }) {
  const { t, lang } = useI18n();
  if (records.length === 0) return <Empty description={t('procedures.records.none')} />;
  return (
    <Timeline
      data-testid="records-timeline"
      items={records.map((r, i) => ({
        key: i,
        color: OUTCOME_COLORS[r.outcome] === 'default' ? 'gray' : OUTCOME_COLORS[r.outcome],
        title: <span style={{ whiteSpace: 'nowrap' }}>{r.on}</span>,
        content: (
          <Flex vertical gap={4} data-testid="record">
            <Space size={6} wrap>
              <Typography.Text strong>{stepLabel(r.step, lang)}</Typography.Text>
              <Tag color={OUTCOME_COLORS[r.outcome]}>{t(`procedures.outcome.${r.outcome}`)}</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {/* A demo account is named after its role: say it once. */}
                {r.actorName === roleLabel(r.actor.role, lang) ? r.actorName : `${r.actorName} · ${roleLabel(r.actor.role, lang)}`}
              </Typography.Text>
            </Space>
            {r.outcome === 'returned' && r.returnTo && (
              <Typography.Text>
                <Typography.Text type="secondary">{t('procedures.records.returnedTo')}:</Typography.Text> {stepLabel(r.returnTo as StepCode, lang)}
              </Typography.Text>
            )}
            {r.reason && (
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>
                <Typography.Text type="secondary">{t('procedures.records.why')}:</Typography.Text> {r.reason}
              </Typography.Text>
            )}
            <PayloadDetails payload={r.payload} />
            {r.notice && (
              <Flex vertical gap={2}>
                <Typography.Text>
                  <Typography.Text type="secondary">{t('procedures.notice.period')}:</Typography.Text> {r.notice.startsOn} ~ {r.notice.endsOn}
                </Typography.Text>
                <AttachmentLinks ids={r.notice.attachments} />
                {r.notice.objections.length > 0 && (
                  <div style={{ paddingLeft: 8, borderLeft: '2px solid #f0f0f0' }}>
                    {r.notice.objections.map((o) => (
                      <ObjectionItem key={o.id} objection={o} />
                    ))}
                  </div>
                )}
              </Flex>
            )}
            {r.comment && (
              <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                {t('procedures.field.comment')}: {r.comment}
              </Typography.Text>
            )}
            <AttachmentLinks ids={r.attachments} />
          </Flex>
        ),
      }))}
    />
  );
}

/** The label of a case's step or a dash, for tables. */
export function stepText(step: StepCode | null, lang: Lang): string {
  return step ? stepLabel(step, lang) : '—';
}
