import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Flex, Form, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { can } from '@jingzhun/domain';
import { createWorkTeam, listWorkTeams, type WorkTeam } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { isVillageCode, VillagePicker } from '../../shared/components/VillagePicker.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate, DASH } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { DateInput } from '../../shared/components/DateInput.tsx';
import { ISO_DATE, periodText, thisYear, useQueryState, withRegion, yearOptions } from '../../shared/lib/query.ts';
import { useYearParam } from '../../shared/lib/useYearParam.ts';
import { UnitSelect } from '../assistance/UnitSelect.tsx';

/** `/work-teams`: the resident work teams (驻村工作队) of the selected region whose term touches a year. */
export default function WorkTeamsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('visits.forbidden')} />;
  return <WorkTeamsList />;
}

function WorkTeamsList() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { detail } = useRegion();
  const { regionSearch, code } = useQueryState();
  const { year, setYear } = useYearParam(thisYear());
  const list = useApi((signal) => listWorkTeams({ region: code, year }, signal), [code, year]);
  const [creating, setCreating] = useState(false);
  const teamLink = (id: string) => ({ pathname: `/work-teams/${id}`, search: withRegion(regionSearch, year === thisYear() ? {} : { year }) });

  const columns: TableColumnsType<WorkTeam> = [
    { key: 'village', dataIndex: 'villageName', title: t('workTeams.col.village'), sorter: (a, b) => a.villageCode.localeCompare(b.villageCode) },
    {
      key: 'name',
      title: t('workTeams.col.name'),
      render: (_, w) => (
        <Link to={teamLink(w.id)} data-testid="work-team-link">
          {w.name}
        </Link>
      ),
    },
    { key: 'unit', title: t('workTeams.col.unit'), render: (_, w) => w.unitName ?? DASH },
    {
      key: 'term',
      title: t('workTeams.col.term'),
      sorter: (a, b) => a.startsOn.localeCompare(b.startsOn),
      render: (_, w) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{periodText(w.startsOn, w.endsOn, t('workTeams.open'))}</span>,
    },
    {
      key: 'firstSecretary',
      title: t('workTeams.col.firstSecretary'),
      render: (_, w) =>
        w.firstSecretary ? (
          <Space size={6}>
            <span>{w.firstSecretary.name}</span>
            {w.firstSecretary.phone && (
              <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
                {w.firstSecretary.phone}
              </Typography.Text>
            )}
          </Space>
        ) : (
          <Tag color="orange">{t('workTeams.noSecretary')}</Tag>
        ),
    },
    { key: 'members', dataIndex: 'members', title: t('workTeams.col.members'), align: 'right', sorter: (a, b) => a.members - b.members },
    {
      key: 'shortfall',
      title: (
        <Tooltip title={t('workTeams.shortfallHint')}>
          <span>{t('workTeams.col.shortfall')}</span>
        </Tooltip>
      ),
      align: 'right',
      sorter: (a, b) => a.shortfallMonths - b.shortfallMonths,
      render: (_, w) =>
        w.shortfallMonths > 0 ? (
          <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="work-team-shortfall">
            {t('workTeams.months', { n: w.shortfallMonths })}
          </Tag>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
  ];

  return (
    <Card
      title={t('workTeams.title')}
      extra={
        can(me.role, 'manageAssistance') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="work-team-create">
            {t('workTeams.create')}
          </Button>
        )
      }
    >
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Select<number>
          value={year}
          options={yearOptions()}
          onChange={setYear}
          aria-label={t('workTeams.year')}
          style={{ width: 110 }}
          data-testid="work-teams-year"
        />
        <Tag color="blue">{t('visits.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      {list.error !== undefined ? (
        <ErrorResult error={list.error} onRetry={list.reload} />
      ) : (
        <Table<WorkTeam>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          locale={{ emptyText: t('workTeams.empty', { year }) }}
          data-testid="work-teams-table"
        />
      )}
      {creating && (
        <CreateTeamModal
          defaultVillage={isVillageCode(code) ? code : undefined}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void message.success(t('workTeams.created'));
            void navigate({ pathname: `/work-teams/${id}`, search: regionSearch });
          }}
        />
      )}
    </Card>
  );
}

interface TeamValues {
  villageCode?: string;
  name?: string;
  unitId?: string;
  startsOn?: string;
  endsOn?: string;
}

/** Sends a work team to a village for a term (a village has one team at a time). */
function CreateTeamModal({ defaultVillage, onClose, onCreated }: { defaultVillage: string | undefined; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useI18n();
  const required = { required: true, message: t('common.required') };
  return (
    <FormModal<TeamValues, { id: string }>
      title={t('workTeams.createTitle')}
      fieldNames={['villageCode', 'name', 'unitId', 'startsOn', 'endsOn']}
      codeFields={{ region_not_found: 'villageCode', region_outside_scope: 'villageCode', not_found: 'villageCode' }}
      testId="work-team-form"
      width={560}
      initialValues={{ villageCode: defaultVillage, startsOn: chinaDate() }}
      onClose={onClose}
      onSaved={({ id }) => onCreated(id)}
      onSubmit={(v) => {
        const name = v.name?.trim();
        return createWorkTeam({
          villageCode: v.villageCode ?? '',
          startsOn: v.startsOn ?? '',
          ...(name ? { name } : {}),
          ...(v.unitId ? { unitId: v.unitId } : {}),
          ...(v.endsOn ? { endsOn: v.endsOn } : {}),
        });
      }}
    >
      <Form.Item
        name="villageCode"
        label={t('workTeams.col.village')}
        rules={[
          required,
          { validator: (_, value: string | undefined) => (!value || isVillageCode(value) ? Promise.resolve() : Promise.reject(new Error(t('workTeams.pickVillage')))) },
        ]}
      >
        <VillagePicker />
      </Form.Item>
      <Form.Item name="name" label={t('workTeams.col.name')} extra={t('workTeams.nameHint')} rules={[{ min: 2, max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="unitId" label={t('workTeams.col.unit')} extra={t('workTeams.unitHint')}>
        <UnitSelect style={{ width: '100%' }} />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="startsOn" label={t('workTeams.startsOn')} rules={[required, { pattern: ISO_DATE, message: t('visits.dateInvalid') }]}>
          <DateInput min="2014-01-01" />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={t('workTeams.endsOn')}
          extra={t('workTeams.endsOnHint')}
          dependencies={['startsOn']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || !getFieldValue('startsOn') || value >= (getFieldValue('startsOn') as string) ? Promise.resolve() : Promise.reject(new Error(t('visits.endsBeforeStart'))),
            }),
          ]}
        >
          <DateInput min="2014-01-01" />
        </Form.Item>
      </Flex>
    </FormModal>
  );
}
