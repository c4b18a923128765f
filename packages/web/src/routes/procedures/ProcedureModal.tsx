import { useState, type ReactNode } from 'react';
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { showFormError } from '../../lib/formErrors.ts';
import { scrollToFirstError } from '../households/form/submit.ts';

interface Props<V> {
  title: ReactNode;
  form: FormInstance<V>;
  /** Sends the write; throws the API's error, which lands on the fields it names. */
  submit: (values: V) => Promise<void>;
  fieldNames: readonly string[];
  codeFields?: Record<string, string>;
  initialValues?: Partial<V>;
  okText?: string;
  danger?: boolean;
  testId: string;
  onClose: () => void;
  /** Handles an error itself (e.g. one that belongs to another form); returns true when it did. */
  onError?: (error: unknown) => boolean;
  children: ReactNode;
}

/** A small dialog with a form for one write on a case; server errors go onto the fields they name. */
export function ProcedureModal<V extends object>({
  title,
  form,
  submit,
  fieldNames,
  codeFields,
  initialValues,
  okText,
  danger = false,
  testId,
  onClose,
  onError,
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
      if (onError?.(e)) return;
      showFormError(form, e, setFormError, { fieldNames, ...(codeFields ? { codeFields } : {}) });
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
      width={560}
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
