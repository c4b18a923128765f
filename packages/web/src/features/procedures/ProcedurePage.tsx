import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Grid, Input, Space, Steps, Tag, Typography } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import {
  can,
  PROCEDURE_STATES,
  procedureKindLabel,
  roleLabel,
  stepLabel,
  stepsOf,
  type ProfileRef,
  type StepCode,
} from '@jingzhun/domain';
import { cancelProcedure, getProcedure, type ProcedureView } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DetailLoadError, DetailTitle } from '../../shared/components/DetailPage.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { labelOf } from '../households/labels.ts';
import { ruleLabel } from '../alerts/labels.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { ActionPanel } from './ActionPanel.tsx';
import { mayCancel, STATE_COLORS } from './labels.ts';
import { NoticeBlock } from './NoticeBlock.tsx';
import { RecordsTimeline } from './RecordsTimeline.tsx';

/** `/procedures/:id`: one case: where it stands, its steps and records, its notice, and the current step's form for who may act. */
export default function ProcedurePage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('procedures.forbidden')} />;
  return <ProcedureDetail />;
}

function ProcedureDetail() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const { id = '' } = useParams();
  const { code } = useRegion();
  const phone = Grid.useBreakpoint().md === false;
  const procedure = useApi((signal) => getProcedure(id, signal), [id]);
  // A write answers the case as it now stands: shown at once, until the next load replaces it.
  const [fresh, setFresh] = useState<ProcedureView | undefined>(undefined);
  useEffect(() => setFresh(undefined), [procedure.data]);
  const [cancelling, setCancelling] = useState(false);

  const loaded = procedure.data?.id === id ? procedure.data : undefined;
  const view = fresh?.id === id ? fresh : loaded;
  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;
  const from = (location.state as { from?: string } | null)?.from;
  const back = () => void navigate(`/procedures${from ?? regionSearch}`);

  if (procedure.error !== undefined && !view) {
    return <DetailLoadError error={procedure.error} onRetry={procedure.reload} backLabel={t('procedures.backToList')} onBack={back} />;
  }
  if (!view) return <PageLoading />;

  const changed = (next: ProcedureView, text: string) => {
    setFresh(next);
    void message.success(text);
  };
  const open = view.state === 'open';
  const household = view.household;
  const householdLink = { pathname: `/households/${household.id}`, search: `${regionSearch ? `${regionSearch}&` : '?'}tab=procedures` };
  // A monitoring case opened from an alert (预警) links back to it.
  const fromAlert = view.alert;

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="flex-start" wrap gap={12}>
            <DetailTitle title={procedureKindLabel(view.kind, lang)} testId="procedure-kind" backLabel={t('procedures.backToList')} onBack={back} loading={procedure.loading}>
              <Tag color={STATE_COLORS[view.state]} data-testid="procedure-state">
                {labelOf(PROCEDURE_STATES, view.state, lang)}
              </Tag>
            </DetailTitle>
            {open && mayCancel(me.role, view.canAct) && (
              <Button danger icon={<StopOutlined />} onClick={() => setCancelling(true)} data-testid="procedure-cancel">
                {t('procedures.cancel.button')}
              </Button>
            )}
          </Flex>
          {(view.overdue.step || view.overdue.procedure) && (
            <Alert
              type="error"
              showIcon
              data-testid="procedure-overdue"
              title={t('procedures.overdue.title', { days: view.overdue.daysOver })}
              description={[
                view.overdue.step && view.stepDueOn ? t('procedures.overdue.step', { date: view.stepDueOn }) : null,
                view.overdue.procedure ? t('procedures.overdue.procedure', { date: view.dueOn }) : null,
              ]
                .filter(Boolean)
                .join(lang === 'en' ? '; ' : ';')}
            />
          )}
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              {
                key: 'household',
                label: t('procedures.col.household'),
                children: (
                  <Space size={6} wrap>
                    <Link to={householdLink} data-testid="procedure-household">
                      {household.headName}
                    </Link>
                    <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {household.householdNo}
                    </Typography.Text>
                  </Space>
                ),
              },
              { key: 'village', label: t('procedures.col.village'), children: household.villageName },
              {
                key: 'step',
                label: t('procedures.col.currentStep'),
                children: (
                  <Typography.Text strong data-testid="procedure-current-step">
                    {view.currentStep ? stepLabel(view.currentStep, lang) : labelOf(PROCEDURE_STATES, view.state, lang)}
                  </Typography.Text>
                ),
              },
              ...(open
                ? [
                    {
                      key: 'waiting',
                      label: t('procedures.waitingOn'),
                      children: (
                        <Space size={4} wrap>
                          {view.mustAct.map((r) => (
                            <Tag key={r} color={r === me.role ? 'blue' : undefined}>
                              {roleLabel(r, lang)}
                            </Tag>
                          ))}
                        </Space>
                      ),
                    },
                    {
                      key: 'stepDue',
                      label: t('procedures.col.stepDueOn'),
                      children: (
                        <Space size={6}>
                          <span>{view.stepDueOn ?? '—'}</span>
                          {view.overdue.step && <Tag color="red">{t('procedures.overdueTag')}</Tag>}
                        </Space>
                      ),
                    },
                    {
                      key: 'due',
                      label: t('procedures.col.dueOn'),
                      children: (
                        <Space size={6} wrap>
                          <span>{view.dueOn}</span>
                          {view.overdue.procedure && <Tag color="red">{t('procedures.overdueTag')}</Tag>}
                          {(view.unpublishedYears ?? []).length > 0 && (
                            <Typography.Text type="warning" data-testid="procedure-calendar-note">
                              {t('procedures.calendarNotPublished', { years: (view.unpublishedYears ?? []).join(lang === 'en' ? ', ' : '、') })}
                            </Typography.Text>
                          )}
                        </Space>
                      ),
                    },
                  ]
                : [{ key: 'closed', label: t('procedures.col.closedOn'), children: view.closedOn ?? '—' }]),
              { key: 'opened', label: t('procedures.col.openedOn'), children: view.openedOn },
              ...(fromAlert
                ? [
                    {
                      key: 'alert',
                      label: t('monitoring.procedure.origin'),
                      children: (
                        <Link to={`/alerts/${fromAlert.id}`} data-testid="procedure-alert">
                          {t('monitoring.procedure.fromAlert', { id: fromAlert.id, rule: ruleLabel(fromAlert.rule, lang) })}
                        </Link>
                      ),
                    },
                  ]
                : []),
              ...(stepsOf(view.kind).includes('notice') ? [{ key: 'noticeDays', label: t('procedures.noticeDays'), children: t('procedures.notice.days', { days: view.noticeDays }) }] : []),
              { key: 'profile', label: t('procedures.profile'), children: <ProfileVersions basis={view.profileBasis} /> },
            ]}
          />
          {open && !view.canAct && (
            <Typography.Text type="secondary" data-testid="procedure-not-yours">
              {t('procedures.notYourStep', { roles: view.mustAct.map((r) => roleLabel(r, lang)).join(lang === 'en' ? ', ' : '、') })}
            </Typography.Text>
          )}
        </Flex>
      </Card>

      <Card title={t('procedures.steps.title')}>
        <StepsBar view={view} vertical={phone} />
      </Card>

      {open && view.canAct && view.currentStep && (
        <Card title={t('procedures.action.title', { step: stepLabel(view.currentStep, lang) })} data-testid="action-panel">
          {/* A new step (or a new record on the same step) starts with a fresh form. */}
          <ActionPanel key={`${view.currentStep}-${view.records.length}-${view.notice ? 1 : 0}`} view={view} onChanged={changed} />
        </Card>
      )}

      {view.notice && (
        <Card title={t('procedures.notice.title')}>
          <NoticeBlock view={view} onChanged={changed} />
        </Card>
      )}

      <Card title={t('procedures.records.title')}>
        <RecordsTimeline records={view.records} />
      </Card>

      {cancelling && <CancelModal view={view} onClose={() => setCancelling(false)} onChanged={changed} />}
    </Flex>
  );
}

/** The steps of the kind with the current one; finished steps show the day they were passed. */
function StepsBar({ view, vertical }: { view: ProcedureView; vertical: boolean }) {
  const { t, lang } = useI18n();
  const flow = stepsOf(view.kind);
  const passedOn = (step: StepCode) => [...view.records].reverse().find((r) => r.step === step && r.outcome === 'approved')?.on;
  // An ended case stops where its last record is: on the last step when approved, with an error otherwise.
  const last = view.records.at(-1);
  const current = view.currentStep ? flow.indexOf(view.currentStep) : view.state === 'approved' ? flow.length - 1 : last ? flow.indexOf(last.step) : 0;
  const status = view.state === 'open' ? 'process' : view.state === 'approved' ? 'finish' : 'error';
  return (
    <Steps
      data-testid="procedure-steps"
      size="small"
      orientation={vertical ? 'vertical' : 'horizontal'}
      current={current}
      status={status}
      items={flow.map((step, i) => {
        const on = passedOn(step);
        const content =
          i === current && view.state === 'open'
            ? view.stepDueOn
              ? t('procedures.steps.dueOn', { date: view.stepDueOn })
              : undefined
            : i < current || (i === current && view.state === 'approved')
              ? on
              : undefined;
        return { key: step, title: stepLabel(step, lang), ...(content ? { content } : {}) };
      })}
    />
  );
}

/** The policy versions the case runs under (deadlines, notice days): country first. */
function ProfileVersions({ basis }: { basis: ProfileRef[] | null }) {
  const { t } = useI18n();
  if (!basis || basis.length === 0) return <>—</>;
  return (
    <Space size={4} wrap data-testid="procedure-profile">
      {basis.map((b) => (
        <Tag key={`${b.scopeCode}-${b.version}`}>
          {t('procedures.profileVersion', { scope: b.scopeCode === 'CN' ? t('procedures.country') : b.scopeCode, version: b.version, from: b.effectiveFrom })}
        </Tag>
      ))}
    </Space>
  );
}

/** 撤销: ends the case without a decision (household moved away, applied twice), with a reason kept in its records. */
function CancelModal({ view, onClose, onChanged }: { view: ProcedureView; onClose: () => void; onChanged: (view: ProcedureView, text: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason?: string }>();
  return (
    <FormModal<{ reason?: string }>
      title={t('procedures.cancel.title')}
      width={560}
      form={form}
      onSubmit={async (values) => {
        const next = await cancelProcedure(view.id, (values.reason ?? '').trim());
        onClose();
        onChanged(next, t('procedures.cancel.done'));
      }}
      fieldNames={['reason']}
      codeFields={{ reason_required: 'reason' }}
      okText={t('procedures.cancel.ok')}
      danger
      testId="procedure-cancel-form"
      onClose={onClose}
    >
      <Alert type="warning" showIcon title={t('procedures.cancel.warning')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="reason"
        label={t('procedures.cancel.reason')}
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { min: 2, max: 2000, message: t('procedures.length', { min: 2, max: 2000 }) },
        ]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="cancel-reason" />
      </Form.Item>
    </FormModal>
  );
}
