import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Flex, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { LinkOutlined, UserAddOutlined } from '@ant-design/icons';
import { AID_UNIT_KINDS, can, isWithinScope } from '@jingzhun/domain';
import { getUnit, type AidStaff, type AidUnitDetail } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DetailTitle } from '../../shared/components/DetailPage.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH } from '../../shared/lib/format.ts';
import { labelOf } from '../households/labels.ts';
import { PairingTag } from './PairingTag.tsx';
import { RegionName } from './RegionName.tsx';
import { StaffFormModal } from './StaffFormModal.tsx';
import { UnitPairingModal } from './UnitPairingModal.tsx';

type RegionPairing = AidUnitDetail['regions'][number];

/** `/assistance/units/:id`: one aid unit, its staff (the helpers) and the villages and townships it is paired with. */
export default function AidUnitPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readAidWork')) return <ForbiddenResult message={t('assistance.forbidden')} />;
  return <UnitView />;
}

function UnitView() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [dialog, setDialog] = useState<'staff' | 'pairing' | null>(null);
  const [staffQuery, setStaffQuery] = useState('');
  const unit = useApi((signal) => getUnit(id, signal), [id]);
  const u = unit.data?.id === id ? unit.data : undefined;

  if (unit.error !== undefined && !u) return <ErrorResult error={unit.error} onRetry={unit.reload} />;
  if (!u) return <PageLoading />;

  // A unit kept by an office above the user's is shown but changed only there.
  const manageable = can(me.role, 'manageAssistance') && isWithinScope(u.regionCode, me.region.code);
  // A county bureau has hundreds of helpers: find one by name.
  const needle = staffQuery.trim();
  const staff = needle ? u.staff.filter((s) => s.name.includes(needle)) : u.staff;
  const saved = (text: string) => {
    setDialog(null);
    void message.success(text);
    unit.reload();
  };

  const staffColumns: TableColumnsType<AidStaff> = [
    {
      key: 'name',
      title: t('assistance.staff.name'),
      // A helper's ledger (帮扶台账) is read wherever the unit is.
      render: (_, s) => (
        <Link to={`/helpers/${s.id}/ledger`} title={t('compliance.openLedger')} data-testid="staff-ledger">
          {s.name}
        </Link>
      ),
    },
    { key: 'position', title: t('assistance.staff.position'), render: (_, s) => s.position ?? DASH },
    { key: 'phone', title: t('assistance.staff.phone'), render: (_, s) => s.phone ?? DASH },
    { key: 'login', title: t('assistance.staff.login'), render: (_, s) => (s.userId ? <Tag color="blue">{t('assistance.staff.hasLogin')}</Tag> : DASH) },
    { key: 'active', title: t('assistance.unit.active'), render: (_, s) => (s.active ? <Tag color="green">{t('assistance.staff.active')}</Tag> : <Tag>{t('assistance.staff.inactive')}</Tag>) },
  ];
  const pairingColumns: TableColumnsType<RegionPairing> = [
    {
      key: 'region',
      title: t('assistance.pairing.region'),
      render: (_, p) => (
        <Flex vertical gap={0}>
          <span>{p.regionName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
            {p.regionCode}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'startsOn', dataIndex: 'startsOn', title: t('assistance.pairing.startsOn'), sorter: (a, b) => a.startsOn.localeCompare(b.startsOn) },
    { key: 'endsOn', title: t('assistance.pairing.endsOn'), render: (_, p) => p.endsOn ?? t('assistance.pairing.open') },
    {
      key: 'state',
      title: t('assistance.pairing.state'),
      render: (_, p) => <PairingTag endsOn={p.endsOn} />,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex vertical gap={12}>
          <DetailTitle
            title={u.name}
            testId="unit-name"
            // An aid unit's account has one unit: its way back is its home, not a list of one.
            backLabel={me.role === 'aid_unit' ? t('common.backHome') : t('assistance.units.back')}
            onBack={() => void navigate(me.role === 'aid_unit' ? '/' : '/assistance/units')}
          >
            <Tag>{labelOf(AID_UNIT_KINDS, u.kind, lang)}</Tag>
            {!u.active && <Tag>{t('assistance.unit.activeNo')}</Tag>}
          </DetailTitle>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              { key: 'region', label: t('assistance.unit.region'), children: <RegionName code={u.regionCode} /> },
              { key: 'contact', label: t('assistance.unit.contact'), children: u.contact ?? DASH },
              { key: 'phone', label: t('assistance.unit.phone'), children: u.phone ?? DASH },
              { key: 'staff', label: t('assistance.unit.staffCount'), children: u.staff.filter((s) => s.active).length },
            ]}
          />
          {can(me.role, 'manageAssistance') && !manageable && <Typography.Text type="secondary">{t('assistance.unit.keptAbove')}</Typography.Text>}
        </Flex>
      </Card>
      <Card
        title={t('assistance.staff.title')}
        extra={
          <Space wrap>
            <Input.Search
              allowClear
              style={{ width: 200 }}
              placeholder={t('assistance.staff.search')}
              aria-label={t('assistance.staff.search')}
              onSearch={setStaffQuery}
              onChange={(e) => {
                if (e.target.value === '') setStaffQuery('');
              }}
              data-testid="staff-search"
            />
            {manageable && (
              <Button icon={<UserAddOutlined />} onClick={() => setDialog('staff')} data-testid="staff-add-open">
                {t('assistance.staff.add')}
              </Button>
            )}
          </Space>
        }
      >
        <Table<AidStaff>
          rowKey="id"
          size="middle"
          columns={staffColumns}
          dataSource={staff}
          scroll={{ x: 'max-content' }}
          pagination={staff.length > 20 ? { pageSize: 20, showTotal: (total) => t('common.total', { total }) } : false}
          locale={{ emptyText: needle ? t('assistance.staff.noMatch') : t('assistance.staff.empty') }}
          data-testid="staff-table"
        />
      </Card>
      <Card
        title={t('assistance.pairing.title')}
        extra={
          manageable && (
            <Button icon={<LinkOutlined />} onClick={() => setDialog('pairing')} data-testid="unit-pair-open">
              {t('assistance.pairing.add')}
            </Button>
          )
        }
      >
        <Table<RegionPairing>
          rowKey="id"
          size="middle"
          columns={pairingColumns}
          dataSource={u.regions}
          scroll={{ x: 'max-content' }}
          pagination={u.regions.length > 20 ? { pageSize: 20 } : false}
          locale={{ emptyText: t('assistance.pairing.empty') }}
          data-testid="unit-pairings-table"
        />
      </Card>
      {dialog === 'staff' && <StaffFormModal unitId={u.id} onClose={() => setDialog(null)} onSaved={() => saved(t('assistance.staff.added'))} />}
      {dialog === 'pairing' && <UnitPairingModal unitId={u.id} onClose={() => setDialog(null)} onSaved={() => saved(t('assistance.pairing.added'))} />}
    </Flex>
  );
}
