import type { ReactNode } from 'react';
import { Alert, Form, Input, Select, Switch } from 'antd';
import { roleLabel } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { actOnAlert, getAssignees, type AlertActionInput, type AlertDetail } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { DateInput } from '../../shared/components/DateInput.tsx';
import { ISO_DATE } from '../../shared/lib/query.ts';

/** The actions a person takes on an alert, each in its own form. */
export type AlertActionName = AlertActionInput['action'];

interface Props {
  alert: AlertDetail;
  action: AlertActionName;
  onClose: () => void;
  /** Called with the alert as it now stands. */
  onDone: (next: AlertDetail, action: AlertActionName) => void;
}

/**
 * A refusal that names no field of the form (the alert's state, the visit not confirming the risk, the
 * household monitored already) is said in the server's words for that rule, without the field's path.
 */
function refusalAlert(fieldNames: readonly string[]) {
  return (error: unknown): ReactNode => {
    if (!isApiError(error)) return undefined;
    const elsewhere = error.fieldErrors.filter((f) => !fieldNames.includes(f.path.split('.')[0] ?? ''));
    if (elsewhere.length === 0 || elsewhere.length < error.fieldErrors.length) return undefined;
    return <Alert type="error" showIcon title={elsewhere.map((f) => f.message).join(';')} style={{ marginBottom: 16 }} data-testid="alert-action-error" />;
  };
}

interface ActionValues {
  assigneeId?: string;
  note?: string;
  visitedOn?: string;
  findings?: string;
  confirmed?: boolean;
  reason?: string;
  openedOn?: string;
}

/** The form of one action on an alert: assign, verify at home, dismiss, open the monitoring procedure, or measures adjusted. */
export function AlertActionModal({ alert, action, onClose, onDone }: Props) {
  const { t } = useI18n();
  const today = chinaDate();
  const required = { required: true, message: t('common.required') };
  const text = (min: number, max: number) => [{ ...required, whitespace: true }, { min, max, message: t('monitoring.length', { min, max }) }];

  const fields: Record<AlertActionName, readonly string[]> = {
    assign: ['assigneeId', 'note'],
    verify: ['visitedOn', 'findings', 'confirmed'],
    dismiss: ['reason'],
    open_procedure: ['openedOn', 'note'],
    handled: ['note'],
  };
  const body = (v: ActionValues): AlertActionInput => {
    const note = v.note?.trim();
    switch (action) {
      case 'assign':
        return { action, assigneeId: v.assigneeId ?? '', ...(note ? { note } : {}) };
      case 'verify':
        return { action, visitedOn: v.visitedOn ?? '', findings: (v.findings ?? '').trim(), confirmed: v.confirmed === true };
      case 'dismiss':
        return { action, reason: (v.reason ?? '').trim() };
      case 'open_procedure':
        return { action, ...(v.openedOn ? { openedOn: v.openedOn } : {}), ...(note ? { note } : {}) };
      case 'handled':
        return { action, note: note ?? '' };
    }
  };

  return (
    <FormModal<ActionValues, AlertDetail>
      title={t(`monitoring.action.${action}.title`, { name: alert.headName })}
      okText={t(`monitoring.action.${action}.ok`)}
      danger={action === 'dismiss'}
      fieldNames={fields[action]}
      errorAlert={refusalAlert(fields[action])}
      testId={`alert-${action}-form`}
      width={560}
      initialValues={{ visitedOn: today, openedOn: today, confirmed: false }}
      onClose={onClose}
      onSaved={(next) => onDone(next, action)}
      onSubmit={(v) => actOnAlert(alert.id, body(v))}
      intro={<Alert type="info" showIcon title={t(`monitoring.action.${action}.hint`)} style={{ marginBottom: 16 }} />}
    >
      {action === 'assign' && (
        <>
          <Form.Item name="assigneeId" label={t('monitoring.action.assignee')} rules={[required]}>
            <AssigneeSelect alertId={alert.id} />
          </Form.Item>
          <Form.Item name="note" label={t('monitoring.action.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      )}
      {action === 'verify' && (
        <>
          <Form.Item name="visitedOn" label={t('monitoring.action.visitedOn')} rules={[required, { pattern: ISO_DATE, message: t('monitoring.dateInvalid') }]}>
            <DateInput max={today} data-testid="alert-verify-date" />
          </Form.Item>
          <Form.Item name="findings" label={t('monitoring.action.findings')} rules={text(2, 2000)} extra={t('monitoring.action.findingsHint')}>
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="alert-verify-findings" />
          </Form.Item>
          <Form.Item name="confirmed" label={t('monitoring.action.confirmed')} valuePropName="checked" extra={t('monitoring.action.confirmedHint')}>
            <Switch checkedChildren={t('monitoring.action.confirmedYes')} unCheckedChildren={t('monitoring.action.confirmedNo')} data-testid="alert-verify-confirmed" />
          </Form.Item>
        </>
      )}
      {action === 'dismiss' && (
        <Form.Item name="reason" label={t('monitoring.action.reason')} rules={text(2, 2000)}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      )}
      {action === 'open_procedure' && (
        <>
          <Form.Item name="openedOn" label={t('monitoring.action.openedOn')} rules={[required, { pattern: ISO_DATE, message: t('monitoring.dateInvalid') }]}>
            <DateInput max={today} />
          </Form.Item>
          <Form.Item name="note" label={t('monitoring.action.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      )}
      {action === 'handled' && (
        <Form.Item name="note" label={t('monitoring.action.handledNote')} rules={text(2, 2000)}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** The people an alert may be assigned to (cadres, work teams and officers covering its village). */
function AssigneeSelect({ alertId, value, onChange }: { alertId: string; value?: string; onChange?: (id: string) => void }) {
  const { t, lang } = useI18n();
  const people = useApi((signal) => getAssignees(alertId, signal), [alertId]);
  return (
    <Select<string>
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={(v) => onChange?.(v)}
      loading={people.loading}
      placeholder={t('monitoring.action.assigneePlaceholder')}
      notFoundContent={people.error !== undefined ? (people.error instanceof Error ? people.error.message : String(people.error)) : t('monitoring.action.noAssignees')}
      options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${roleLabel(p.role, lang)}` }))}
      data-testid="alert-assignee"
    />
  );
}
