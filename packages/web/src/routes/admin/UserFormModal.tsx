import { Form, Input, Select, Switch } from 'antd';
import { isRegionCode, ROLES, roleLabel, type Role } from '@jingzhun/domain';
import { createUser, updateUser, type UserChanges, type UserRow } from '../../api/users.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { RegionCodeInput } from '../../components/RegionCodeInput.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { InitialPasswordField } from './ResetPasswordModal.tsx';

interface Values {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  password: string;
  active: boolean;
}

const FIELDS = ['username', 'displayName', 'role', 'regionCode', 'password', 'active'] as const;
const CODE_FIELDS = {
  username_taken: 'username',
  weak_password: 'password',
  region_outside_scope: 'regionCode',
  region_not_found: 'regionCode',
};

interface Props {
  /** The user to edit; absent to create one. */
  user?: UserRow;
  /** The region a new user starts in (the selected region). */
  defaultRegionCode: string;
  onClose: () => void;
  onSaved: (user: UserRow) => void;
}

/** Creates a user (with an initial password to be changed at first sign-in) or edits one. */
export function UserFormModal({ user, defaultRegionCode, onClose, onSaved }: Props) {
  const { t, lang } = useI18n();
  const editing = user !== undefined;

  const submit = async (values: Values) => {
    if (user) {
      // Only what changed is sent, so the audit record shows exactly that.
      const changes: UserChanges = {};
      if (values.displayName !== user.displayName) changes.displayName = values.displayName.trim();
      if (values.role !== user.role) changes.role = values.role;
      if (values.regionCode !== user.regionCode) changes.regionCode = values.regionCode;
      if (values.active !== user.active) changes.active = values.active;
      if (Object.keys(changes).length === 0) onClose();
      else onSaved(await updateUser(user.id, changes));
    } else {
      onSaved(
        await createUser({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          role: values.role,
          regionCode: values.regionCode,
          password: values.password,
        }),
      );
    }
  };

  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <FormModal<Values>
      title={user ? t('users.editTitle', { name: user.username }) : t('users.createTitle')}
      fieldNames={FIELDS}
      codeFields={CODE_FIELDS}
      testId="user-form"
      width={560}
      initialValues={
        user
          ? { username: user.username, displayName: user.displayName, role: user.role, regionCode: user.regionCode, active: user.active }
          : { regionCode: defaultRegionCode, active: true }
      }
      onClose={onClose}
      onSubmit={submit}
    >
      <Form.Item name="username" label={t('users.username')} rules={editing ? [] : [required, { max: 64 }]}>
        <Input disabled={editing} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.displayName')} rules={[required, { max: 64 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('common.required') }]}>
        <Select<Role> options={ROLES.map((r) => ({ value: r, label: roleLabel(r, lang) }))} />
      </Form.Item>
      <Form.Item
        name="regionCode"
        label={t('users.regionCode')}
        extra={t('users.regionCodeHint')}
        rules={[
          { required: true, message: t('common.required') },
          {
            validator: (_, value: string | undefined) =>
              !value || isRegionCode(value) ? Promise.resolve() : Promise.reject(new Error(t('users.regionCodeInvalid'))),
          },
        ]}
      >
        <RegionCodeInput />
      </Form.Item>
      {editing ? (
        <Form.Item name="active" label={t('users.status')} valuePropName="checked">
          <Switch checkedChildren={t('users.active')} unCheckedChildren={t('users.inactive')} />
        </Form.Item>
      ) : (
        <InitialPasswordField name="password" label={t('users.initialPassword')} />
      )}
    </FormModal>
  );
}
