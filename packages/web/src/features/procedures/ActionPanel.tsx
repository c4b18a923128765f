import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Select, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined, SoundOutlined } from '@ant-design/icons';
import { addCalendarDays, calendarDaysBetween, PROCEDURE_FIELD_RULES, stepLabel, stepsOf, type StepCode } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { postNotice, takeStep, type ProcedureView, type StepAction } from './api.ts';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { scrollToFirstError, showFormError } from '../../shared/lib/formErrors.ts';
import { AttachmentUpload } from './AttachmentUpload.tsx';
import { compact, PHONE_PATTERN } from './labels.ts';
import { initialPayload, StepFields } from './StepFields.tsx';

interface PanelProps {
  view: ProcedureView;
  /** A write succeeded: say `text` and show the case as the server answered it. */
  onChanged: (view: ProcedureView, text: string) => void;
}

/** The fields of a step's form beside its payload. */
interface StepValues {
  payload?: Record<string, unknown>;
  attachments?: string[];
  comment?: string;
}

const STEP_FIELDS = ['payload', 'attachments', 'comment'] as const;

/**
 * 办理: the form of the current step for those who may act on it. The notice step first posts the
 * notice, then closes it once it has run; every step may instead be returned or rejected with a reason.
 */
export function ActionPanel({ view, onChanged }: PanelProps) {
  const step = view.currentStep;
  if (view.state !== 'open' || !step || !view.canAct) return null;
  if (step === 'notice' && !view.notice) return <PostNoticeForm view={view} onChanged={onChanged} />;
  return <StepForm view={view} step={step} onChanged={onChanged} />;
}

/** Approve with the step's data, or return / reject through a dialog that asks why. */
function StepForm({ view, step, onChanged }: PanelProps & { step: StepCode }) {
  const { t, lang } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<StepValues>();
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const result = Form.useWatch<string | undefined>(['payload', 'result'], form);
  const flow = stepsOf(view.kind);
  const isLast = flow.indexOf(step) === flow.length - 1;
  const label = stepLabel(step, lang);

  // Closing a notice: only once it has run its days and every objection has an answer.
  const today = chinaDate();
  const noticeRunning = step === 'notice' && view.notice !== null && today <= view.notice.endsOn;
  const unresolved = step === 'notice' ? view.objections.filter((o) => o.resolution === null).length : 0;
  const notAgreed = step === 'deliberation' && result === 'not_agreed';
  const approveBlocked = noticeRunning || unresolved > 0 || notAgreed;

  const showError = (e: unknown) => {
    showFormError(form, e, setFormError, { fieldNames: STEP_FIELDS });
    scrollToFirstError(form);
  };

  /** The step's data as filled in so far: a return or rejection records what is there. */
  const collected = (): Omit<StepAction, 'step' | 'outcome'> => {
    // Only the fields on screen: a value left behind by a hidden field (a department once data_alert is unchosen) stays home.
    const values = form.getFieldsValue() as StepValues;
    const comment = values.comment?.trim();
    return {
      payload: step === 'notice' ? {} : compact(values.payload),
      ...(values.attachments?.length ? { attachments: values.attachments } : {}),
      ...(comment ? { comment } : {}),
    };
  };

  const approve = async () => {
    try {
      await form.validateFields();
    } catch {
      scrollToFirstError(form);
      return;
    }
    if (isLast) {
      const confirmed = await modal.confirm({
        title: t('procedures.action.finalTitle'),
        content: t(`procedures.effect.${view.kind}`),
        okText: t('procedures.action.approve'),
        cancelText: t('common.cancel'),
      });
      if (!confirmed) return;
    }
    setSaving(true);
    setFormError(null);
    try {
      const next = await takeStep(view.id, { step, outcome: 'approved', ...collected() });
      onChanged(next, t('procedures.action.approvedDone', { step: label }));
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<StepValues>
      form={form}
      layout="vertical"
      autoComplete="off"
      initialValues={{ payload: initialPayload(step, view.household.headName) }}
      data-testid="step-form"
      style={{ maxWidth: 720 }}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="step-error" />}
      {step === 'notice' && view.notice && (
        <Alert
          type={approveBlocked ? 'info' : 'success'}
          showIcon
          style={{ marginBottom: 16 }}
          title={
            noticeRunning
              ? t('procedures.notice.closeAfter', { date: addCalendarDays(view.notice.endsOn, 1) })
              : unresolved > 0
                ? t('procedures.notice.unresolved', { count: unresolved })
                : t('procedures.notice.readyToClose')
          }
        />
      )}
      <StepFields kind={view.kind} step={step} />
      {notAgreed && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={PROCEDURE_FIELD_RULES.not_agreed_cannot_be_approved[lang]} />}
      <Form.Item name="attachments" label={t('procedures.field.attachments')} extra={t('procedures.upload.hint')}>
        <AttachmentUpload householdId={view.household.id} onBusyChange={setUploading} testId="step-attachments" />
      </Form.Item>
      <Form.Item name="comment" label={t('procedures.field.comment')} rules={[{ max: 4000, message: t('procedures.length', { min: 0, max: 4000 }) }]}>
        <Input.TextArea rows={2} maxLength={4000} data-testid="step-comment" />
      </Form.Item>
      <Flex wrap gap={8}>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={saving}
          disabled={approveBlocked || uploading}
          onClick={() => void approve()}
          data-testid="step-approve"
        >
          {step === 'notice' ? t('procedures.action.closeNotice') : t('procedures.action.approve')}
        </Button>
        <DecisionButtons view={view} step={step} disabled={saving || uploading} collect={collected} onStepFieldError={showError} onChanged={onChanged} />
      </Flex>
    </Form>
  );
}

interface DecisionValues {
  returnTo?: StepCode;
  reason?: string;
}

interface DecisionProps extends PanelProps {
  step: StepCode;
  /** The step's data as its form holds them, sent with the return or rejection. */
  collect: () => Omit<StepAction, 'step' | 'outcome'>;
  /** Shows an error of the step's own fields on the step's form; absent where the step has no fields. */
  onStepFieldError?: (e: unknown) => void;
}

/**
 * 退回 and 不予通过: each asks for its reason (and a return for the earlier step to go back to) in a
 * dialog, then sends the step with whatever the step's form holds.
 */
function DecisionButtons({ disabled, ...props }: DecisionProps & { disabled: boolean }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<'returned' | 'rejected' | null>(null);
  const flow = stepsOf(props.view.kind);
  const earlier = flow.slice(0, flow.indexOf(props.step));
  return (
    <>
      {earlier.length > 0 && (
        <Button icon={<RollbackOutlined />} disabled={disabled} onClick={() => setOutcome('returned')} data-testid="step-return">
          {t('procedures.action.return')}
        </Button>
      )}
      <Button danger icon={<CloseOutlined />} disabled={disabled} onClick={() => setOutcome('rejected')} data-testid="step-reject">
        {t('procedures.action.reject')}
      </Button>
      {/* Mounted per opening, so each starts with an empty form. */}
      {outcome && <DecisionModal {...props} outcome={outcome} earlier={earlier} onClose={() => setOutcome(null)} />}
    </>
  );
}

/** The dialog of a return or rejection. Errors of the step's fields go back onto the step's form; a bad return onto this dialog. */
function DecisionModal({
  view,
  step,
  collect,
  onStepFieldError,
  onChanged,
  outcome,
  earlier,
  onClose,
}: DecisionProps & { outcome: 'returned' | 'rejected'; earlier: readonly StepCode[]; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<DecisionValues>();
  const label = stepLabel(step, lang);

  const submit = async (values: DecisionValues) => {
    const reason = (values.reason ?? '').trim();
    const next = await takeStep(view.id, {
      step,
      outcome,
      ...collect(),
      reason,
      ...(outcome === 'returned' && values.returnTo ? { returnTo: values.returnTo } : {}),
    });
    onClose();
    onChanged(
      next,
      outcome === 'returned'
        ? t('procedures.action.returnedDone', { step: label, to: values.returnTo ? stepLabel(values.returnTo, lang) : '' })
        : t('procedures.action.rejectedDone', { step: label }),
    );
  };

  const onError = (e: unknown): boolean => {
    if (!isApiError(e)) return false;
    const onStepForm = e.fieldErrors.some((f) => STEP_FIELDS.some((name) => f.path === name || f.path.startsWith(`${name}.`)));
    if (onStepForm && onStepFieldError) {
      onClose();
      onStepFieldError(e);
      return true;
    }
    if (e.code === 'invalid_return') {
      const problem = (e.details as { problem?: string } | undefined)?.problem;
      form.setFields([{ name: problem === 'reason_required' ? 'reason' : 'returnTo', errors: [e.message] }]);
      return true;
    }
    return false;
  };

  return (
    <FormModal<DecisionValues>
      title={outcome === 'returned' ? t('procedures.action.returnTitle', { step: label }) : t('procedures.action.rejectTitle', { step: label })}
      width={560}
      form={form}
      onSubmit={submit}
      fieldNames={['returnTo', 'reason']}
      codeFields={{ reason_required: 'reason' }}
      {...(outcome === 'returned' && earlier.length === 1 ? { initialValues: { returnTo: earlier[0] } } : {})}
      okText={outcome === 'returned' ? t('procedures.action.return') : t('procedures.action.reject')}
      danger={outcome === 'rejected'}
      testId={outcome === 'returned' ? 'return-form' : 'reject-form'}
      onClose={onClose}
      onError={onError}
    >
      {outcome === 'rejected' && <Alert type="warning" showIcon title={t('procedures.action.rejectWarning')} style={{ marginBottom: 16 }} />}
      {outcome === 'returned' && (
        <Form.Item name="returnTo" label={t('procedures.field.returnTo')} rules={[{ required: true, message: t('common.required') }]}>
          <Select<StepCode> options={earlier.map((s) => ({ value: s, label: stepLabel(s, lang) }))} data-testid="decision-return-to" />
        </Form.Item>
      )}
      <Form.Item
        name="reason"
        label={outcome === 'returned' ? t('procedures.field.returnReason') : t('procedures.field.rejectReason')}
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { min: 2, max: 2000, message: t('procedures.length', { min: 2, max: 2000 }) },
        ]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="decision-reason" />
      </Form.Item>
    </FormModal>
  );
}

interface NoticeValues {
  startsOn?: string;
  endsOn?: string;
  complaintPhone?: string;
  attachments?: string[];
}

/** 发布公示: the first and last day (both counted, at least the profile's days), the phone for objections, photos. */
function PostNoticeForm({ view, onChanged }: PanelProps) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<NoticeValues>();
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const today = chinaDate();
  const days = view.noticeDays;

  const tooShort = (given: number) => t('procedures.notice.tooShort', { required: days, given });

  const submit = async (values: NoticeValues) => {
    setSaving(true);
    setFormError(null);
    try {
      const phone = values.complaintPhone?.trim();
      const next = await postNotice(view.id, {
        startsOn: values.startsOn ?? '',
        endsOn: values.endsOn ?? '',
        ...(values.attachments?.length ? { attachments: values.attachments } : {}),
        ...(phone ? { complaintPhone: phone } : {}),
      });
      onChanged(next, t('procedures.notice.posted'));
    } catch (e) {
      if (isApiError(e) && e.code === 'notice_too_short') {
        const given = (e.details as { given?: number } | undefined)?.given;
        form.setFields([{ name: 'endsOn', errors: [given === undefined ? e.message : tooShort(given)] }]);
      } else {
        showFormError(form, e, setFormError, { fieldNames: ['startsOn', 'endsOn', 'complaintPhone', 'attachments'] });
      }
      scrollToFirstError(form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<NoticeValues>
      form={form}
      layout="vertical"
      autoComplete="off"
      onFinish={submit}
      onFinishFailed={() => scrollToFirstError(form)}
      initialValues={{ startsOn: today, endsOn: addCalendarDays(today, days - 1), complaintPhone: view.complaintPhone ?? '' }}
      data-testid="notice-form"
      style={{ maxWidth: 720 }}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{t('procedures.notice.postIntro', { days })}</Typography.Paragraph>
      <Flex wrap gap={16}>
        <Form.Item name="startsOn" label={t('procedures.notice.startsOn')} rules={[{ required: true, message: t('common.required') }]}>
          <Input type="date" style={{ width: 180 }} data-testid="notice-starts-on" />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={t('procedures.notice.endsOn')}
          dependencies={['startsOn']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, endsOn: string | undefined) => {
                const startsOn = getFieldValue('startsOn') as string | undefined;
                if (!endsOn || !startsOn) return Promise.resolve();
                if (endsOn < startsOn) return Promise.reject(new Error(PROCEDURE_FIELD_RULES.ends_before_start[lang]));
                const given = calendarDaysBetween(startsOn, endsOn) + 1;
                return given < days ? Promise.reject(new Error(tooShort(given))) : Promise.resolve();
              },
            }),
          ]}
        >
          <Input type="date" style={{ width: 180 }} data-testid="notice-ends-on" />
        </Form.Item>
      </Flex>
      <Form.Item
        name="complaintPhone"
        label={t('procedures.notice.complaintPhone')}
        extra={t('procedures.notice.complaintPhoneHint')}
        rules={[{ pattern: PHONE_PATTERN, message: t('procedures.notice.phoneInvalid') }]}
      >
        <Input inputMode="tel" maxLength={13} style={{ maxWidth: 240 }} data-testid="notice-phone" />
      </Form.Item>
      <Form.Item name="attachments" label={t('procedures.notice.photos')} extra={t('procedures.notice.photosHint')}>
        <AttachmentUpload householdId={view.household.id} onBusyChange={setUploading} testId="notice-attachments" />
      </Form.Item>
      <Flex wrap gap={8}>
        <Button type="primary" htmlType="submit" icon={<SoundOutlined />} loading={saving} disabled={uploading} data-testid="notice-post">
          {t('procedures.notice.post')}
        </Button>
        <DecisionButtons
          view={view}
          step="notice"
          disabled={saving || uploading}
          collect={() => ({ payload: {} })}
          onChanged={onChanged}
        />
      </Flex>
    </Form>
  );
}
