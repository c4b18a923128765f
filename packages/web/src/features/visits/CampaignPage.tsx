import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Row, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { can } from '@jingzhun/domain';
import { addCampaignEntry, getCampaign, type CampaignDetail } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DetailLoadError, DetailTitle } from '../../shared/components/DetailPage.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate, DASH, formatMoney, formatNumber } from '../../shared/lib/format.ts';
import { DateInput } from '../../shared/components/DateInput.tsx';
import { ISO_DATE, useQueryState, withRegion } from '../../shared/lib/query.ts';

type EntryRow = CampaignDetail['entries'][number];
type VisitRow = CampaignDetail['visits'][number];

/** How many visits the server lists on a campaign's page; its sums count them all. */
const VISITS_SHOWN = 500;

/** `/campaigns/:id`: one campaign: its sums, the people seen outside the registry, and the visits logged under it. */
export default function CampaignPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('visits.forbidden')} />;
  return <CampaignView />;
}

function CampaignView() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const { regionSearch } = useQueryState();
  const campaign = useApi((signal) => getCampaign(id, signal), [id]);
  const [adding, setAdding] = useState(false);
  const c = campaign.data?.id === id ? campaign.data : undefined;
  const back = () => void navigate({ pathname: '/campaigns', search: regionSearch });

  if (campaign.error !== undefined && !c) {
    return <DetailLoadError error={campaign.error} onRetry={campaign.reload} backLabel={t('campaigns.back')} onBack={back} />;
  }
  if (!c) return <PageLoading />;

  const entryColumns: TableColumnsType<EntryRow> = [
    { key: 'on', dataIndex: 'on', title: t('campaigns.entry.on'), width: 120 },
    { key: 'persons', title: t('campaigns.entry.persons'), align: 'right', render: (_, e) => formatNumber(e.persons, lang) },
    { key: 'spent', title: t('campaigns.entry.spent'), align: 'right', render: (_, e) => formatMoney(e.spent, lang) },
    { key: 'note', dataIndex: 'note', title: t('campaigns.entry.note') },
  ];
  const visitColumns: TableColumnsType<VisitRow> = [
    { key: 'visitedOn', dataIndex: 'visitedOn', title: t('visits.col.date'), width: 120, sorter: (a, b) => a.visitedOn.localeCompare(b.visitedOn) },
    {
      key: 'household',
      title: t('visits.col.household'),
      render: (_, v) => (
        <Space size={6}>
          <Link to={{ pathname: `/households/${v.household.id}`, search: regionSearch }}>{v.household.headName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
            {v.household.householdNo}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'helpers',
      title: t('visits.col.helpers'),
      render: (_, v) =>
        v.helpers.length === 0 ? (
          DASH
        ) : (
          <Space size={[6, 0]} wrap>
            {v.helpers.map((h) => (
              <Link key={h.id} to={{ pathname: `/helpers/${h.id}/ledger`, search: withRegion(regionSearch, { year: v.visitedOn.slice(0, 4) }) }}>
                {h.name}
              </Link>
            ))}
          </Space>
        ),
    },
    { key: 'spent', title: t('visits.col.spent'), align: 'right', sorter: (a, b) => a.spent - b.spent, render: (_, v) => (v.spent > 0 ? formatMoney(v.spent, lang) : DASH) },
  ];

  const stats = [
    { key: 'personVisits', title: t('campaigns.col.personVisits'), value: formatNumber(c.personVisits, lang) },
    { key: 'householdVisits', title: t('campaigns.col.householdVisits'), value: formatNumber(c.householdVisits, lang) },
    { key: 'helpers', title: t('campaigns.helpers'), value: formatNumber(c.helpers, lang) },
    { key: 'participants', title: t('campaigns.col.participants'), value: formatNumber(c.participants, lang) },
    { key: 'spent', title: t('campaigns.spentYuan'), value: formatMoney(c.spent, lang) },
  ];

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex vertical gap={12}>
          <DetailTitle title={c.name} testId="campaign-name" backLabel={t('campaigns.back')} onBack={back} loading={campaign.loading} />
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'unit', label: t('campaigns.col.unit'), children: c.unitName },
              { key: 'region', label: t('campaigns.col.region'), children: c.regionName },
              { key: 'dates', label: t('campaigns.col.dates'), children: c.startsOn === c.endsOn ? c.startsOn : `${c.startsOn} ~ ${c.endsOn}` },
              { key: 'declared', label: t('campaigns.declared'), children: formatNumber(c.declaredParticipants, lang) },
              { key: 'note', label: t('campaigns.note'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{c.note || DASH}</span> },
            ]}
          />
        </Flex>
      </Card>

      <Row gutter={[16, 16]}>
        {stats.map((s) => (
          <Col key={s.key} flex="1 1 140px">
            <Card size="small">
              <Statistic title={s.title} value={s.value} styles={{ content: { fontSize: 22 } }} data-testid={`campaign-${s.key}`} />
            </Card>
          </Col>
        ))}
      </Row>

      <Card
        size="small"
        title={t('campaigns.entries', { n: c.entries.length })}
        extra={
          can(me.role, 'manageAssistance') && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="campaign-add-entry">
              {t('campaigns.addEntry')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('campaigns.entriesHint')}
        </Typography.Paragraph>
        <Table<EntryRow>
          rowKey="id"
          size="small"
          columns={entryColumns}
          dataSource={c.entries}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('campaigns.noEntries') }}
          data-testid="campaign-entries"
        />
      </Card>

      <Card
        size="small"
        title={t('campaigns.visits', { n: c.householdVisits })}
        extra={
          <Link to={{ pathname: '/visits', search: withRegion(regionSearch, { campaign: c.id }) }}>
            <UnorderedListOutlined /> {t('campaigns.visitsInList')}
          </Link>
        }
      >
        {c.householdVisits > VISITS_SHOWN && <Alert type="info" showIcon title={t('campaigns.visitsCapped', { n: VISITS_SHOWN })} style={{ marginBottom: 12 }} />}
        <Table<VisitRow>
          rowKey="id"
          size="small"
          columns={visitColumns}
          dataSource={c.visits}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          locale={{ emptyText: t('campaigns.noVisits') }}
          data-testid="campaign-visits"
        />
      </Card>

      {adding && (
        <EntryModal
          campaign={c}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            void message.success(t('campaigns.entryAdded'));
            campaign.reload();
          }}
        />
      )}
    </Flex>
  );
}

interface EntryValues {
  on?: string;
  persons?: number | null;
  spent?: number | null;
  note?: string;
}

/** Records people the campaign saw outside the registry on one of its days, with what was given. */
function EntryModal({ campaign, onClose, onAdded }: { campaign: CampaignDetail; onClose: () => void; onAdded: () => void }) {
  const { t } = useI18n();
  const today = chinaDate();
  const last = campaign.endsOn < today ? campaign.endsOn : today;
  const required = { required: true, message: t('common.required') };
  return (
    <FormModal<EntryValues>
      title={t('campaigns.addEntryTitle', { name: campaign.name })}
      fieldNames={['on', 'persons', 'spent', 'note']}
      testId="campaign-entry-form"
      width={520}
      initialValues={{ on: campaign.startsOn <= last ? last : campaign.startsOn, spent: 0 }}
      onClose={onClose}
      onSaved={onAdded}
      onSubmit={(v) => addCampaignEntry(campaign.id, { on: v.on ?? '', persons: v.persons ?? 0, spent: v.spent ?? 0, note: (v.note ?? '').trim() })}
    >
      <Flex gap={16} wrap>
        <Form.Item name="on" label={t('campaigns.entry.on')} rules={[required, { pattern: ISO_DATE, message: t('visits.dateInvalid') }]} extra={`${campaign.startsOn} ~ ${last}`}>
          <DateInput min={campaign.startsOn} max={last} />
        </Form.Item>
        <Form.Item name="persons" label={t('campaigns.entry.persons')} rules={[required]}>
          <InputNumber min={1} max={10000} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="spent" label={t('campaigns.entry.spentYuan')}>
          <InputNumber min={0} max={100000000} precision={2} step={100} style={{ width: 160 }} />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('campaigns.entry.note')} rules={[{ ...required, whitespace: true }, { min: 2, max: 500 }]} extra={t('campaigns.entry.noteHint')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
