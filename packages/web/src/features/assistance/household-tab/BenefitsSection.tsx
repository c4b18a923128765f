import { useState } from 'react';
import { App, Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Benefit, HouseholdPlan, MeasureCatalogue } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate, DASH, formatMoney } from '../../../shared/lib/format.ts';
import { familyName } from '../labels.ts';
import { BenefitFormModal } from './BenefitFormModal.tsx';
import { Section } from './Section.tsx';

interface Props {
  householdId: string;
  plan: HouseholdPlan | undefined;
  loading: boolean;
  catalogue: MeasureCatalogue | undefined;
  editable: boolean;
  onChanged: () => void;
}

/** Benefits delivered to the household (收益), newest first, with this year's total and the total ever. */
export function BenefitsSection({ householdId, plan, loading, catalogue, editable, onChanged }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const measures = plan?.measures ?? [];
  const rows = [...(plan?.benefits ?? [])].sort((a, b) => b.paidOn.localeCompare(a.paidOn) || Number(b.id) - Number(a.id));
  const year = chinaDate().slice(0, 4);
  const yearTotal = rows.filter((b) => b.paidOn.startsWith(year)).reduce((sum, b) => sum + b.amount, 0);
  const total = rows.reduce((sum, b) => sum + b.amount, 0);

  const measureLabel = (id: string | null) => {
    const m = id ? measures.find((x) => x.id === id) : undefined;
    return m ? `${familyName(catalogue, m.family, lang)} · ${m.content}` : DASH;
  };

  const columns: TableColumnsType<Benefit> = [
    { key: 'paidOn', dataIndex: 'paidOn', title: t('assistance.benefit.paidOn') },
    { key: 'amount', title: t('assistance.benefit.amount'), align: 'right', render: (_, b) => formatMoney(b.amount, lang) },
    { key: 'source', dataIndex: 'source', title: t('assistance.benefit.source') },
    { key: 'measure', title: t('assistance.benefit.measure'), width: 260, render: (_, b) => measureLabel(b.measureId) },
    { key: 'note', title: t('assistance.benefit.note'), render: (_, b) => b.note ?? DASH },
  ];

  return (
    <Section
      title={t('assistance.benefit.title')}
      testId="assistance-benefits"
      extra={
        editable && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="benefit-add-open">
            {t('assistance.benefit.add')}
          </Button>
        )
      }
    >
      <Table<Benefit>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={rows.length > 10 ? { pageSize: 10 } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('assistance.benefit.empty') }}
        data-testid="benefits-table"
        footer={() => (
          <Flex gap={24} wrap>
            <Typography.Text data-testid="benefits-year-total">
              {t('assistance.benefit.yearTotal', { year })} <Typography.Text strong>{formatMoney(yearTotal, lang)}</Typography.Text>
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('assistance.benefit.total')} {formatMoney(total, lang)}
            </Typography.Text>
          </Flex>
        )}
      />
      {adding && (
        <BenefitFormModal
          householdId={householdId}
          measures={measures.map((m) => ({ value: m.id, label: `${familyName(catalogue, m.family, lang)} · ${m.content}` }))}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            void message.success(t('assistance.benefit.added'));
            onChanged();
          }}
        />
      )}
    </Section>
  );
}
