import { useState, type ReactNode } from 'react';
import { Alert, Form, Input, Modal, type FormInstance } from 'antd';
import { isApiError } from '../../../api/client.ts';
import type { HouseholdDetail, WriteWarning } from '../../../api/households.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { chinaDate } from '../../../lib/format.ts';
import { showFormError } from '../../../lib/formErrors.ts';
import { scrollToFirstError } from '../form/submit.ts';

/** What every write dialog of the household page is given. */
export interface DialogProps {
  household: HouseholdDetail;
  onClose: () => void;
  /** The write succeeded: say so, tell its warnings, reload the household. */
  onDone: (text: string, warnings?: WriteWarning[]) => void;
  /** The household left the registry meanwhile: close and show it read-only. */
  onHouseholdClosed: (message: string) => void;
  /** The write moved the members to another household (split, merge): say so and open that household. */
  onMoved: (householdId: string, text: string, warnings?: WriteWarning[]) => void;
}

interface Props<V> extends Pick<DialogProps, 'onClose' | 'onHouseholdClosed'> {
  title: ReactNode;
  form: FormInstance<V>;
  /** Sends the write; throws the API's error, which lands on the fields it names. */
  submit: (values: V) => Promise<void>;
  fieldNames: readonly string[];
  codeFields?: Record<string, string>;
  pathPrefix?: string;
  initialValues?: Partial<V>;
  okText?: string;
  danger?: boolean;
  width?: number;
  testId: string;
  children: ReactNode;
}

/** A dialog with a form that writes to the household; server errors go onto the fields they name. */
export function WriteModal<V extends object>({
  title,
  form,
  submit,
  fieldNames,
  codeFields,
  pathPrefix,
  initialValues,
  okText,
  danger = false,
  width = 720,
  testId,
  onClose,
  onHouseholdClosed,
  children,
}: Props<V>) {
  const { t } = useI18n();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const finish = async (values: V) => {
    setSaving(true);
    setFormError(null);
    try {
      await submit(values);
    } catch (e) {
      if (isApiError(e) && e.code === 'household_closed') {
        onHouseholdClosed(e.message);
        return;
      }
      showFormError(form, e, setFormError, { fieldNames, ...(codeFields ? { codeFields } : {}), ...(pathPrefix ? { pathPrefix } : {}) });
      scrollToFirstError(form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger }}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      width={width}
    >
      <Form<V>
        form={form}
        layout="vertical"
        onFinish={finish}
        onFinishFailed={() => scrollToFirstError(form)}
        autoComplete="off"
        data-testid={testId}
        {...(initialValues ? { initialValues } : {})}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        {children}
      </Form>
    </Modal>
  );
}

/** 修改原因 / 事由: required, 2 to 500 characters, kept with the change for ever. */
export function ReasonField({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="reason"
      label={label ?? t('householdPage.reason')}
      extra={t('householdPage.reasonHint')}
      rules={[
        { required: true, whitespace: true, message: t('householdPage.reasonRequired') },
        { min: 2, max: 500, message: t('householdPage.reasonLength') },
      ]}
    >
      <Input.TextArea rows={2} maxLength={500} showCount />
    </Form.Item>
  );
}

/** The date something happened: not in the future, not before `min`. */
export function DateField({ name, label, min }: { name: string; label: string; min?: string | undefined }) {
  const { t } = useI18n();
  const today = chinaDate();
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[
        { required: true, message: t('common.required') },
        {
          validator: (_, value: string | undefined) =>
            !value || (value <= today && (!min || value >= min))
              ? Promise.resolve()
              : Promise.reject(new Error(value > today ? t('householdPage.dateInFuture') : t('householdPage.dateTooEarly', { date: min ?? '' }))),
        },
      ]}
    >
      <Input type="date" max={today} {...(min ? { min } : {})} style={{ maxWidth: 220 }} />
    </Form.Item>
  );
}
