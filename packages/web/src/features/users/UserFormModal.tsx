import { Flex, Form, Input, Select, Switch, Typography } from 'antd';
import { isRegionCode, ROLES, roleLabel, type Role } from '@jingzhun/domain';
import { listUnits } from '../assistance/api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { createUser, updateUser, type UserRow } from './api.ts';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { RegionCodeInput } from '../../shared/components/RegionCodeInput.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { InitialPasswordField } from './ResetPasswordModal.tsx';
import { newUserBody, userChanges, type UserFormValues } from './userForm.ts';

const FIELDS = ['username', 'displayName', 'role', 'regionCode', 'password', 'active', 'aidUnitId'] as const;
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
  const [form] = Form.useForm<UserFormValues>();
  // An aid unit's account names its unit (帮扶单位): the field, and the list it picks from, only for that role.
  const role = Form.useWatch('role', form) ?? user?.role;

  const submit = async (values: UserFormValues) => {
    if (user) {
      const changes = userChanges(user, values);
      if (Object.keys(changes).length === 0) onClose();
      else onSaved(await updateUser(user.id, changes));
    } else {
      onSaved(await createUser(newUserBody(values)));
    }
  };

  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <FormModal<UserFormValues>
      form={form}
      title={user ? t('users.editTitle', { name: user.username }) : t('users.createTitle')}
      fieldNames={FIELDS}
      codeFields={CODE_FIELDS}
      testId="user-form"
      width={560}
      initialValues={
        user
          ? {
              username: user.username,
              displayName: user.displayName,
              role: user.role,
              regionCode: user.regionCode,
              active: user.active,
              ...(user.aidUnitId ? { aidUnitId: user.aidUnitId } : {}),
            }
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
      {role === 'aid_unit' && <AidUnitField current={user?.aidUnitId ?? undefined} />}
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

/** The unit an aid unit's account speaks for, picked among the units the admin reaches (their region's and those above). */
function AidUnitField({ current }: { current: string | undefined }) {
  const { t } = useI18n();
  const units = useApi((signal) => listUnits(signal), []);
  // A unit no longer active is offered only when it is the account's own, so that editing keeps it.
  const options = (units.data?.items ?? [])
    .filter((u) => u.active || u.id === current)
    .map((u) => ({ value: u.id, label: u.name, regionCode: u.regionCode }));
  return (
    <Form.Item
      name="aidUnitId"
      label={t('users.aidUnit')}
      extra={t('users.aidUnitHint')}
      rules={[{ required: true, message: t('users.aidUnitRequired') }]}
      {...(units.error !== undefined ? { validateStatus: 'error' as const, help: t('users.aidUnitsFailed') } : {})}
    >
      <Select<string>
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('users.aidUnitPlaceholder')}
        loading={units.loading}
        options={options}
        notFoundContent={units.loading ? undefined : t('users.noAidUnits')}
        optionRender={(o) => (
          <Flex justify="space-between" gap={12}>
            <span>{o.label}</span>
            <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {o.data.regionCode}
            </Typography.Text>
          </Flex>
        )}
        data-testid="user-aid-unit"
      />
    </Form.Item>
  );
}
