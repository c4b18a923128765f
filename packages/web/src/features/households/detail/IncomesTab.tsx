import { Button, Table, Typography, type TableColumnsType } from 'antd';
import type { HouseholdDetail, IncomeView } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { formatMoney } from '../../../shared/lib/format.ts';
import { INCOME_LABELS, INCOME_SOURCES } from '../labels.ts';

interface Props {
  household: HouseholdDetail;
  editable: boolean;
  onEdit: (year: number | undefined) => void;
}

/** 收入: each year by source, with the net income, the members it is divided by and the income per head, as the server computed them. */
export function IncomesTab({ household, editable, onEdit }: Props) {
  const { t, lang } = useI18n();
  const money = (v: number | null) => formatMoney(v, lang);
  const columns: TableColumnsType<IncomeView> = [
    { key: 'year', dataIndex: 'year', title: t('income.year'), fixed: 'left' },
    ...INCOME_SOURCES.map((source) => ({
      key: source,
      dataIndex: source,
      title: t(INCOME_LABELS[source]),
      align: 'right' as const,
      render: (v: number) => (source === 'productionCosts' && v > 0 ? `−${money(v)}` : money(v)),
    })),
    { key: 'net', dataIndex: 'net', title: t('income.net'), align: 'right', render: (v: number) => <Typography.Text strong>{money(v)}</Typography.Text> },
    { key: 'members', dataIndex: 'members', title: t('income.members'), align: 'right' },
    {
      key: 'perHead',
      dataIndex: 'perHead',
      title: t('income.perHead'),
      align: 'right',
      render: (v: number | null) => <Typography.Text strong>{money(v)}</Typography.Text>,
    },
  ];
  if (editable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, i) => (
        <Button type="link" size="small" onClick={() => onEdit(i.year)}>
          {t('householdPage.editIncome')}
        </Button>
      ),
    });
  }
  // Newest year first: the one people ask about.
  const rows = [...household.incomes].sort((a, b) => b.year - a.year);
  return (
    <>
      {editable && (
        <Button style={{ marginBottom: 12 }} onClick={() => onEdit(undefined)}>
          {t('householdPage.addIncome')}
        </Button>
      )}
      <Table<IncomeView>
        rowKey="year"
        size="middle"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="incomes-table"
        locale={{ emptyText: t('householdPage.noIncomes') }}
        footer={() => <Typography.Text type="secondary">{t('householdPage.incomesFooter')}</Typography.Text>}
      />
    </>
  );
}
