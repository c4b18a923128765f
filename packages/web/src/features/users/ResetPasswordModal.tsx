import { Form, Input } from 'antd';
import { errorMessage, PASSWORD_RULE_MESSAGES, passwordProblem } from '@jingzhun/domain';
import { resetUserPassword, type UserRow } from './api.ts';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';

interface Values {
  newPassword: string;
  confirm: string;
}

/** A password an administrator sets for a user, held to the strength rule; the user changes it at the next sign-in. */
export function InitialPasswordField({ name, label, username }: { name: string; label: string; username?: string | undefined }) {
  const { t, lang } = useI18n();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={`${errorMessage('weak_password', lang)}${lang === 'en' ? '. ' : '。'}${t('users.mustChangeHint')}`}
      rules={[
        { required: true, message: t('common.required') },
        {
          validator: (_, value: string | undefined) => {
            const problem = value ? passwordProblem(value, username) : null;
            return problem ? Promise.reject(new Error(PASSWORD_RULE_MESSAGES[problem][lang])) : Promise.resolve();
          },
        },
      ]}
    >
      <Input.Password autoComplete="new-password" />
    </Form.Item>
  );
}

/** Sets a new password for a user, who must change it at the next sign-in. */
export function ResetPasswordModal({ user, onClose, onDone }: { user: UserRow; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <FormModal<Values>
      title={t('users.resetTitle', { name: `${user.displayName} (${user.username})` })}
      fieldNames={['newPassword']}
      codeFields={{ weak_password: 'newPassword' }}
      onClose={onClose}
      onSaved={onDone}
      onSubmit={(values) => resetUserPassword(user.id, values.newPassword)}
    >
      <InitialPasswordField name="newPassword" label={t('users.newPassword')} username={user.username} />
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
    </FormModal>
  );
}
