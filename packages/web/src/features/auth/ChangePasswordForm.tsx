import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { errorMessage, PASSWORD_RULE_MESSAGES, passwordProblem } from '@jingzhun/domain';
import { changePassword } from './api.ts';
import { useAuth } from '../../shared/auth/AuthProvider.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { showFormError } from '../../shared/lib/formErrors.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;

/** The form to change one's own password; calls `onDone` after the server accepted it. */
export function ChangePasswordForm({ onDone }: { onDone: () => void | Promise<void> }) {
  const { t, lang } = useI18n();
  const username = useAuth().me?.username;
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const rule = errorMessage('weak_password', lang);

  const submit = async (values: Values) => {
    setSaving(true);
    setFormError(null);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      form.resetFields();
      await onDone();
    } catch (e) {
      showFormError(form, e, setFormError, {
        fieldNames: FIELDS,
        codeFields: { wrong_password: 'currentPassword', weak_password: 'newPassword' },
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="off">
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={rule}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('login.passwordRequired') },
          {
            // The server's rule, named: too short, a common password, built from the username…
            validator: (_, value: string | undefined) => {
              const problem = value ? passwordProblem(value, username) : null;
              return problem ? Promise.reject(new Error(PASSWORD_RULE_MESSAGES[problem][lang])) : Promise.resolve();
            },
          },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value !== getFieldValue('currentPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.sameAsCurrent'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('login.passwordRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} block>
        {t('password.submit')}
      </Button>
    </Form>
  );
}
