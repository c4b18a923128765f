import { useState, type ReactNode } from 'react';
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { scrollToFirstError, showFormError } from '../lib/formErrors.ts';

export interface FormModalProps<V, R = unknown> {
  title: ReactNode;
  /** The form, for a caller that watches or sets its fields; without it the modal makes its own. */
  form?: FormInstance<V> | undefined;
  /** Sends the write; throws the API's error (or an Error whose message is shown above the fields). */
  onSubmit: (values: V) => Promise<R>;
  /** Called with what `onSubmit` returned, once it succeeded. */
  onSaved?: ((result: R) => void) | undefined;
  onClose: () => void;
  /** The names of the form's fields that a server error may point at (see `showFormError`). */
  fieldNames: readonly string[];
  /** Error codes that concern one field, e.g. `{ username_taken: 'username' }`. */
  codeFields?: Record<string, string> | undefined;
  /** Where paths that name no field of the form belong (see `showFormError`). */
  pathPrefix?: string | undefined;
  /** Handles an error itself instead of the form (it belongs elsewhere); returns true when it did. */
  onError?: ((error: unknown) => boolean) | undefined;
  /** Shown instead of the general error alert when it gives something for the last error (a pairing's overlap). */
  errorAlert?: ((error: unknown) => ReactNode) | undefined;
  initialValues?: Partial<V> | undefined;
  /** Above the error alert: what the form is about (the pairing being ended, the measure being updated). */
  intro?: ReactNode;
  okText?: string | undefined;
  danger?: boolean | undefined;
  width?: number | undefined;
  testId?: string | undefined;
  /** The form's items. */
  children: ReactNode;
}

/**
 * A modal with a vertical form that saves through `onSubmit`: the OK button submits and shows the
 * saving, an API error lands on the fields it names (brought into view) and anything else in an alert
 * above them. Closing is left to the caller (`onSaved`, `onClose`).
 */
export function FormModal<V extends object, R = unknown>({
  title,
  form: given,
  onSubmit,
  onSaved,
  onClose,
  fieldNames,
  codeFields,
  pathPrefix,
  onError,
  errorAlert,
  initialValues,
  intro,
  okText,
  danger = false,
  width,
  testId,
  children,
}: FormModalProps<V, R>) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>(given);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown; message: string | null } | null>(null);

  const finish = async (values: V) => {
    setSaving(true);
    setFailure(null);
    try {
      const result = await onSubmit(values);
      onSaved?.(result);
    } catch (error) {
      if (onError?.(error)) return;
      let message: string | null = null;
      showFormError(form, error, (m) => (message = m), { fieldNames, ...(codeFields ? { codeFields } : {}), ...(pathPrefix ? { pathPrefix } : {}) });
      setFailure({ error, message });
      scrollToFirstError(form);
    } finally {
      setSaving(false);
    }
  };

  const special = failure ? errorAlert?.(failure.error) : undefined;
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
      {...(width !== undefined ? { width } : {})}
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
        {intro}
        {special ?? (failure?.message && <Alert type="error" showIcon title={failure.message} style={{ marginBottom: 16 }} />)}
        {children}
      </Form>
    </Modal>
  );
}
