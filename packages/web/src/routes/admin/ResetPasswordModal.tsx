import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { errorMessage, isStrongPassword } from '@jingzhun/domain';
import { resetUserPassword, type UserRow } from '../../api/users.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { showFormError } from '../../lib/formErrors.ts';

interface Values {
  newPassword: string;
  confirm: string;
}

/** Sets a new password for a user, who must change it at the next sign-in. */
export function ResetPasswordModal({ user, onClose, onDone }: { user: UserRow; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const rule = errorMessage('weak_password', lang);

  const submit = async (values: Values) => {
    setSaving(true);
    setFormError(null);
    try {
      await resetUserPassword(user.id, values.newPassword);
      onDone();
    } catch (e) {
      showFormError(form, e, setFormError, { fieldNames: ['newPassword'], codeFields: { weak_password: 'newPassword' } });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('users.resetTitle', { name: `${user.displayName} (${user.username})` })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} autoComplete="off">
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form.Item
          name="newPassword"
          label={t('users.newPassword')}
          extra={`${rule}${lang === 'en' ? '. ' : '。'}${t('users.mustChangeHint')}`}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: (_, value: string | undefined) =>
                !value || isStrongPassword(value) ? Promise.resolve() : Promise.reject(new Error(t('password.weak'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
