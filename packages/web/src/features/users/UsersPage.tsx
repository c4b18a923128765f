import { useState } from 'react';
import { App, Button, Card, Flex, Input, Popconfirm, Select, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { can, ROLES, roleLabel, type Role } from '@jingzhun/domain';
import { listUsers, unlockUser, type UserRow, type UserSort } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatDateTime } from '../../shared/lib/format.ts';
import { oneOf } from '../../shared/lib/query.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { UserFormModal } from './UserFormModal.tsx';

const SORTABLE: readonly UserSort[] = ['username', 'displayName', 'role', 'createdAt', 'lastLoginAt'];

type Dialog = { kind: 'create' } | { kind: 'edit'; user: UserRow } | { kind: 'password'; user: UserRow } | null;

/** `/admin/users`: the accounts inside the selected region, paged and sorted by the server. */
export default function UsersPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'manageUsers')) return <ForbiddenResult message={t('users.forbidden')} />;
  return <UsersTable />;
}

function UsersTable() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { code, detail } = useRegion();
  const [dialog, setDialog] = useState<Dialog>(null);
  // Newest first: a user just created is on the first page.
  const users = useListPage(
    { sortable: SORTABLE, defaultSort: { sort: 'createdAt', order: 'desc' }, filters: ['q', 'role'] },
    (paging, params, signal) => listUsers({ ...paging, q: params.get('q') ?? undefined, role: oneOf(params.get('role'), ROLES), region: code }, signal),
    [code],
  );
  const role = oneOf(users.params.get('role'), ROLES);

  const unlock = async (user: UserRow) => {
    try {
      await unlockUser(user.id);
      void message.success(t('users.unlocked', { name: user.displayName }));
      users.list.reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const columns: TableColumnsType<UserRow> = [
    { key: 'username', dataIndex: 'username', title: t('users.username'), sorter: true, sortOrder: users.sortOrder('username') },
    { key: 'displayName', dataIndex: 'displayName', title: t('users.displayName'), sorter: true, sortOrder: users.sortOrder('displayName') },
    {
      key: 'role',
      dataIndex: 'role',
      title: t('users.role'),
      sorter: true,
      sortOrder: users.sortOrder('role'),
      // An aid unit's account names its unit under the role.
      render: (_, u) =>
        u.aidUnitName ? (
          <Flex vertical gap={0}>
            <span>{roleLabel(u.role, lang)}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="user-aid-unit-name">
              {u.aidUnitName}
            </Typography.Text>
          </Flex>
        ) : (
          roleLabel(u.role, lang)
        ),
    },
    {
      key: 'region',
      title: t('users.region'),
      render: (_, u) => (
        <Tooltip title={u.regionCode}>
          <span>{u.regionName}</span>
        </Tooltip>
      ),
    },
    {
      key: 'status',
      title: t('users.status'),
      render: (_, u) => (
        <Space size={4} wrap>
          {u.active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>}
          {u.locked && <Tag color="red">{t('users.locked')}</Tag>}
          {u.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'lastLoginAt',
      dataIndex: 'lastLoginAt',
      title: t('users.lastLoginAt'),
      sorter: true,
      sortOrder: users.sortOrder('lastLoginAt'),
      render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>),
    },
    {
      key: 'createdAt',
      dataIndex: 'createdAt',
      title: t('users.createdAt'),
      sorter: true,
      sortOrder: users.sortOrder('createdAt'),
      render: (v: string) => formatDateTime(v),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user: u })}>
            {t('users.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', user: u })}>
            {t('users.resetPassword')}
          </Button>
          {u.locked && (
            <Popconfirm
              title={t('users.unlockConfirm', { name: u.displayName })}
              okText={t('users.unlock')}
              cancelText={t('common.cancel')}
              onConfirm={() => unlock(u)}
            >
              <Button type="link" size="small">
                {t('users.unlock')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
          {t('users.create')}
        </Button>
      }
    >
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('users.searchPlaceholder')}
          aria-label={t('users.searchPlaceholder')}
          defaultValue={users.params.get('q') ?? undefined}
          onSearch={(value) => users.update({ q: value.trim() })}
        />
        <Select<Role>
          allowClear
          style={{ width: 200 }}
          placeholder={t('users.allRoles')}
          aria-label={t('users.role')}
          value={role}
          options={ROLES.map((r) => ({ value: r, label: roleLabel(r, lang) }))}
          onChange={(r) => users.update({ role: r })}
        />
        <Tag color="blue">{t('users.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      <ListTable list={users} columns={columns} data-testid="users-table" />
      {dialog?.kind === 'create' && (
        <UserFormModal
          defaultRegionCode={code}
          onClose={() => setDialog(null)}
          onSaved={(u) => {
            setDialog(null);
            void message.success(t('users.created', { name: u.username }));
            users.update({ sort: undefined, order: undefined });
            users.list.reload();
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <UserFormModal
          user={dialog.user}
          defaultRegionCode={code}
          onClose={() => setDialog(null)}
          onSaved={(u) => {
            setDialog(null);
            void message.success(t('users.updated', { name: u.username }));
            users.list.reload();
          }}
        />
      )}
      {dialog?.kind === 'password' && (
        <ResetPasswordModal
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => {
            void message.success(t('users.passwordReset', { name: dialog.user.username }));
            setDialog(null);
            users.list.reload();
          }}
        />
      )}
    </Card>
  );
}
