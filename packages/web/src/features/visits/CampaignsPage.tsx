import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { can } from '@jingzhun/domain';
import { createCampaign, listCampaigns, type Campaign } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate, formatMoney, formatNumber } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { DateInput } from '../../shared/components/DateInput.tsx';
import { ISO_DATE, useQueryState, yearOptions } from '../../shared/lib/query.ts';
import { useYearParam } from '../../shared/lib/useYearParam.ts';
import { PlacePicker } from '../../shared/components/PlacePicker.tsx';
import { UnitSelect } from '../assistance/UnitSelect.tsx';

const num = { fontVariantNumeric: 'tabular-nums' } as const;

/** `/campaigns`: the visiting campaigns (走访慰问活动) held in the selected region, with their sums and a totals row. */
export default function CampaignsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('visits.forbidden')} />;
  return <CampaignsList />;
}

function CampaignsList() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { detail } = useRegion();
  const { regionSearch, code } = useQueryState();
  const { year, setYear } = useYearParam();
  const list = useApi((signal) => listCampaigns({ region: code, ...(year ? { year } : {}) }, signal), [code, year]);
  const [creating, setCreating] = useState(false);
  const items = list.data?.items ?? [];
  const mayManage = can(me.role, 'manageAssistance');

  const columns: TableColumnsType<Campaign> = [
    {
      key: 'name',
      title: t('campaigns.col.name'),
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_, c) => (
        <Link
          to={{ pathname: `/campaigns/${c.id}`, search: regionSearch }}
          title={c.name}
          style={{ display: 'inline-block', maxWidth: 200, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'bottom' }}
          data-testid="campaign-link"
        >
          {c.name}
        </Link>
      ),
    },
    { key: 'unit', dataIndex: 'unitName', title: t('campaigns.col.unit'), sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN') },
    { key: 'region', dataIndex: 'regionName', title: t('campaigns.col.region') },
    {
      key: 'dates',
      title: t('campaigns.col.dates'),
      sorter: (a, b) => a.startsOn.localeCompare(b.startsOn),
      defaultSortOrder: 'descend',
      render: (_, c) => <span style={num}>{c.startsOn === c.endsOn ? c.startsOn : `${c.startsOn} ~ ${c.endsOn}`}</span>,
    },
    { key: 'personVisits', title: t('campaigns.col.personVisits'), align: 'right', sorter: (a, b) => a.personVisits - b.personVisits, render: (_, c) => <span style={num}>{formatNumber(c.personVisits, lang)}</span> },
    { key: 'householdVisits', title: t('campaigns.col.householdVisits'), align: 'right', sorter: (a, b) => a.householdVisits - b.householdVisits, render: (_, c) => <span style={num}>{formatNumber(c.householdVisits, lang)}</span> },
    { key: 'participants', title: t('campaigns.col.participants'), align: 'right', sorter: (a, b) => a.participants - b.participants, render: (_, c) => <span style={num}>{formatNumber(c.participants, lang)}</span> },
    { key: 'spent', title: t('campaigns.col.spent'), align: 'right', sorter: (a, b) => a.spent - b.spent, render: (_, c) => <span style={num}>{formatMoney(c.spent, lang)}</span> },
  ];

  const sum = (pick: (c: Campaign) => number) => items.reduce((s, c) => s + pick(c), 0);

  return (
    <Card
      title={t('campaigns.title')}
      extra={
        mayManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">
            {t('campaigns.create')}
          </Button>
        )
      }
    >
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Select<number>
          allowClear
          placeholder={t('campaigns.allYears')}
          value={year}
          options={yearOptions()}
          onChange={setYear}
          aria-label={t('campaigns.year')}
          style={{ width: 130 }}
          data-testid="campaigns-year"
        />
        <Tag color="blue">{t('visits.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      {list.error !== undefined ? (
        <ErrorResult error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Campaign>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          locale={{ emptyText: year ? t('campaigns.noneInYear', { year }) : t('campaigns.empty') }}
          data-testid="campaigns-table"
          summary={() =>
            items.length > 0 ? (
              <Table.Summary fixed>
                <Table.Summary.Row style={{ fontWeight: 600, background: '#fafafa' }} data-testid="campaigns-totals">
                  <Table.Summary.Cell index={0} colSpan={4}>
                    {t('campaigns.totals', { n: items.length })}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    <span style={num}>{formatNumber(sum((c) => c.personVisits), lang)}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">
                    <span style={num}>{formatNumber(sum((c) => c.householdVisits), lang)}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={6} align="right">
                    <span style={num}>{formatNumber(sum((c) => c.participants), lang)}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={7} align="right">
                    <span style={num}>{formatMoney(sum((c) => c.spent), lang)}</span>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      )}
      {creating && (
        <CreateCampaignModal
          defaultRegion={code.length >= 9 ? code : undefined}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void message.success(t('campaigns.created'));
            void navigate({ pathname: `/campaigns/${id}`, search: regionSearch });
          }}
        />
      )}
    </Card>
  );
}

interface CampaignValues {
  unitId?: string;
  regionCode?: string;
  name?: string;
  startsOn?: string;
  endsOn?: string;
  participants?: number | null;
  note?: string;
}

const CAMPAIGN_FIELDS = ['unitId', 'regionCode', 'name', 'startsOn', 'endsOn', 'participants', 'note'] as const;

/** Records a unit's visiting campaign in a township or village for some days. */
function CreateCampaignModal({ defaultRegion, onClose, onCreated }: { defaultRegion: string | undefined; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useI18n();
  const required = { required: true, message: t('common.required') };
  const today = chinaDate();
  return (
    <FormModal<CampaignValues, { id: string }>
      title={t('campaigns.createTitle')}
      fieldNames={CAMPAIGN_FIELDS}
      codeFields={{ region_not_found: 'regionCode', region_outside_scope: 'regionCode', not_found: 'regionCode' }}
      testId="campaign-form"
      width={600}
      initialValues={{ regionCode: defaultRegion, startsOn: today, endsOn: today, participants: 0 }}
      onClose={onClose}
      onSaved={({ id }) => onCreated(id)}
      onSubmit={(v) => {
        const note = v.note?.trim();
        return createCampaign({
          unitId: v.unitId ?? '',
          regionCode: v.regionCode ?? '',
          name: (v.name ?? '').trim(),
          startsOn: v.startsOn ?? '',
          endsOn: v.endsOn ?? '',
          participants: v.participants ?? 0,
          ...(note ? { note } : {}),
        });
      }}
    >
      <Form.Item name="unitId" label={t('campaigns.col.unit')} rules={[required]}>
        <UnitSelect allowClear={false} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="regionCode"
        label={t('campaigns.col.region')}
        extra={t('campaigns.regionHint')}
        rules={[
          required,
          {
            validator: (_, value: string | undefined) =>
              !value || /^\d{9}$|^\d{12}$/.test(value) ? Promise.resolve() : Promise.reject(new Error(t('campaigns.regionLevel'))),
          },
        ]}
      >
        <PlacePicker placeholder={t('campaigns.regionPlaceholder')} />
      </Form.Item>
      <Form.Item name="name" label={t('campaigns.col.name')} rules={[{ ...required, whitespace: true }, { min: 2, max: 200 }]}>
        <Input placeholder={t('campaigns.namePlaceholder')} />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="startsOn" label={t('campaigns.startsOn')} rules={[required, { pattern: ISO_DATE, message: t('visits.dateInvalid') }]}>
          <DateInput min="2014-01-01" />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={t('campaigns.endsOn')}
          dependencies={['startsOn']}
          rules={[
            required,
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || !getFieldValue('startsOn') || value >= (getFieldValue('startsOn') as string) ? Promise.resolve() : Promise.reject(new Error(t('visits.endsBeforeStart'))),
            }),
          ]}
        >
          <DateInput min="2014-01-01" />
        </Form.Item>
        <Form.Item name="participants" label={t('campaigns.col.participants')} extra={t('campaigns.participantsHint')}>
          <InputNumber min={0} max={10000} precision={0} style={{ width: 140 }} />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('campaigns.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Typography.Text type="secondary">{t('campaigns.createHint')}</Typography.Text>
    </FormModal>
  );
}
