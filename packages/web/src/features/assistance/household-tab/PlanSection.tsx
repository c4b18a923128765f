import { useState } from 'react';
import { Alert, App, Button, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { CAUSES, MEASURE_STATUSES } from '@jingzhun/domain';
import type { HouseholdPlan, Measure, MeasureCatalogue, Pairing } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { DASH, formatMoney } from '../../../shared/lib/format.ts';
import { familyName, MEASURE_STATUS_COLORS, period } from '../labels.ts';
import { labelOf } from '../../households/labels.ts';
import { MeasureFormModal } from './MeasureFormModal.tsx';
import { MeasureUpdateModal } from './MeasureUpdateModal.tsx';
import { Section } from './Section.tsx';

interface Props {
  householdId: string;
  plan: HouseholdPlan | undefined;
  loading: boolean;
  catalogue: MeasureCatalogue | undefined;
  pairings: Pairing[];
  editable: boolean;
  onChanged: () => void;
}

/** The plan (一户一法): the causes no live measure answers, then the measures with their status and result. */
export function PlanSection({ householdId, plan, loading, catalogue, pairings, editable, onChanged }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [updating, setUpdating] = useState<Measure | null>(null);
  const family = (key: string) => familyName(catalogue, key, lang);

  const done = (text: string) => {
    setAdding(false);
    setUpdating(null);
    void message.success(text);
    onChanged();
  };

  const columns: TableColumnsType<Measure> = [
    { key: 'family', title: t('assistance.measure.family'), render: (_, m) => family(m.family) },
    { key: 'content', dataIndex: 'content', title: t('assistance.measure.content'), width: 220 },
    { key: 'amount', title: t('assistance.measure.amount'), align: 'right', render: (_, m) => (m.amount > 0 ? formatMoney(m.amount, lang) : DASH) },
    {
      key: 'dates',
      title: t('assistance.measure.dates'),
      sorter: (a, b) => a.startsOn.localeCompare(b.startsOn),
      render: (_, m) => (
        <Typography.Text style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {period(m.startsOn, m.endsOn, t('assistance.pairing.open'))}
        </Typography.Text>
      ),
    },
    { key: 'helper', title: t('assistance.measure.helper'), render: (_, m) => m.helperName ?? DASH },
    { key: 'status', title: t('assistance.measure.status'), render: (_, m) => <Tag color={MEASURE_STATUS_COLORS[m.status]}>{labelOf(MEASURE_STATUSES, m.status, lang)}</Tag> },
    { key: 'result', title: t('assistance.measure.result'), width: 180, render: (_, m) => m.result ?? DASH },
  ];
  if (editable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, m) => (
        <Button type="link" size="small" onClick={() => setUpdating(m)} data-testid="measure-update-open">
          {t('assistance.measure.update')}
        </Button>
      ),
    });
  }

  return (
    <Section
      title={t('assistance.measure.title')}
      testId="assistance-plan"
      extra={
        editable && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} disabled={!catalogue} data-testid="measure-add-open">
            {t('assistance.measure.add')}
          </Button>
        )
      }
    >
      {plan && plan.uncovered.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('assistance.plan.uncoveredTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {plan.uncovered.map((u) => (
                <li key={u.cause}>
                  <Typography.Text strong>{labelOf(CAUSES, u.cause, lang)}</Typography.Text>
                  {t('assistance.plan.answeredBy', { families: u.families.map(family).join(lang === 'en' ? ', ' : '、') })}
                </li>
              ))}
            </ul>
          }
          data-testid="plan-uncovered"
        />
      )}
      <Table<Measure>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={plan?.measures ?? []}
        loading={loading}
        pagination={(plan?.measures.length ?? 0) > 10 ? { pageSize: 10 } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('assistance.measure.empty') }}
        data-testid="measures-table"
      />
      {adding && catalogue && (
        <MeasureFormModal householdId={householdId} catalogue={catalogue} pairings={pairings} onClose={() => setAdding(false)} onSaved={() => done(t('assistance.measure.added'))} />
      )}
      {updating && (
        <MeasureUpdateModal
          householdId={householdId}
          measure={updating}
          familyLabel={family(updating.family)}
          onClose={() => setUpdating(null)}
          onSaved={() => done(t('assistance.measure.updated'))}
        />
      )}
    </Section>
  );
}
