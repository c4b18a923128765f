import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Flex, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { AID_UNIT_KINDS, can } from '@jingzhun/domain';
import { listUnits, type AidUnit } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH } from '../../shared/lib/format.ts';
import { codeOptions, labelOf } from '../households/labels.ts';
import { RegionName } from './RegionName.tsx';
import { UnitFormModal } from './UnitFormModal.tsx';

/** `/assistance/units`: the aid units (帮扶单位) kept in the user's region or above it. */
export default function AidUnitsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readAidWork')) return <ForbiddenResult message={t('assistance.forbidden')} />;
  return <UnitsTable />;
}

function UnitsTable() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const units = useApi((signal) => listUnits(signal), []);
  // The list is short (a county keeps tens of units): search and filter in the browser, kept in the URL.
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? undefined;
  const [text, setText] = useState(q);

  const update = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        if (value) copy.set(key, value);
        else copy.delete(key);
        return copy;
      },
      { replace: true },
    );

  const needle = q.trim().toLowerCase();
  const rows = (units.data?.items ?? []).filter((u) => (!needle || u.name.toLowerCase().includes(needle)) && (!kind || u.kind === kind));
  const filtered = needle !== '' || kind !== undefined;

  const columns: TableColumnsType<AidUnit> = [
    {
      key: 'name',
      title: t('assistance.unit.name'),
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_, u) => (
        <Link to={`/assistance/units/${u.id}`} data-testid="unit-row-link">
          {u.name}
        </Link>
      ),
    },
    { key: 'kind', title: t('assistance.unit.kind'), render: (_, u) => labelOf(AID_UNIT_KINDS, u.kind, lang) },
    { key: 'region', title: t('assistance.unit.region'), render: (_, u) => <RegionName code={u.regionCode} /> },
    { key: 'contact', title: t('assistance.unit.contact'), render: (_, u) => u.contact ?? DASH },
    { key: 'phone', title: t('assistance.unit.phone'), render: (_, u) => u.phone ?? DASH },
    { key: 'staff', dataIndex: 'staff', title: t('assistance.unit.staffCount'), align: 'right', sorter: (a, b) => a.staff - b.staff },
    { key: 'regions', dataIndex: 'regions', title: t('assistance.unit.regionsCount'), align: 'right', sorter: (a, b) => a.regions - b.regions },
    {
      key: 'active',
      title: t('assistance.unit.active'),
      render: (_, u) => (u.active ? <Tag color="green">{t('assistance.unit.activeYes')}</Tag> : <Tag>{t('assistance.unit.activeNo')}</Tag>),
    },
  ];

  return (
    <Card
      title={t('assistance.units.title')}
      extra={
        can(me.role, 'manageAssistance') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="unit-create-open">
            {t('assistance.units.create')}
          </Button>
        )
      }
    >
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('assistance.units.searchPlaceholder')}
          aria-label={t('assistance.units.searchPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value === '') update('q', undefined);
          }}
          onSearch={(value) => update('q', value.trim() || undefined)}
          data-testid="units-search"
        />
        <Select<string>
          allowClear
          style={{ width: 160 }}
          placeholder={t('assistance.units.allKinds')}
          aria-label={t('assistance.unit.kind')}
          value={kind}
          options={codeOptions(AID_UNIT_KINDS, lang)}
          onChange={(v) => update('kind', v)}
        />
      </Flex>
      {units.error !== undefined ? (
        <ErrorResult error={units.error} onRetry={units.reload} />
      ) : (
        <Table<AidUnit>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={units.loading}
          scroll={{ x: 'max-content' }}
          data-testid="units-table"
          locale={{ emptyText: filtered ? t('assistance.units.noMatch') : t('assistance.units.empty') }}
          onRow={(row) => ({
            onClick: (e) => {
              if (!(e.target as HTMLElement).closest('a')) void navigate(`/assistance/units/${row.id}`);
            },
            style: { cursor: 'pointer' },
          })}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, hideOnSinglePage: false, showTotal: (total) => t('common.total', { total }) }}
        />
      )}
      {creating && (
        <UnitFormModal
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            void message.success(t('assistance.units.created'));
            void navigate(`/assistance/units/${id}`);
          }}
        />
      )}
    </Card>
  );
}
