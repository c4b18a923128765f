import { Form, Typography } from 'antd';
import { patchHousehold } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { IncomeFields, membersAtYearEnd, toIncomeInput, type IncomeValues } from '../form/IncomeFields.tsx';
import { ReasonField, WriteModal, type DialogProps } from './WriteModal.tsx';
import { IncomeEditPreview } from '../evaluation/EvaluationPreview.tsx';

interface Values {
  incomes: IncomeValues[];
  reason?: string;
}

/** Enters a year's income, or corrects one already recorded; the server keeps the old amounts in the history. */
export function IncomeModal({ household: h, year, onClose, onDone, onHouseholdClosed }: DialogProps & { year: number | undefined }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const existing = year === undefined ? undefined : h.incomes.find((i) => i.year === year);
  const initial: IncomeValues = existing
    ? {
        year: existing.year,
        wages: existing.wages,
        business: existing.business,
        property: existing.property,
        transfers: existing.transfers,
        productionCosts: existing.productionCosts,
      }
    : { year: nextYear(h.incomes.map((i) => i.year)) };

  const submit = async (values: Values) => {
    const income = toIncomeInput(values.incomes[0] ?? {});
    const saved = await patchHousehold(h.id, { reason: (values.reason ?? '').trim(), incomes: [income] });
    onDone(saved.changed > 0 ? t('householdPage.incomeSaved', { year: income.year }) : t('householdPage.nothingChangedDone'));
  };

  return (
    <WriteModal<Values>
      title={existing ? t('householdPage.editIncomeTitle', { year: existing.year }) : t('householdPage.addIncome')}
      form={form}
      submit={submit}
      fieldNames={['incomes', 'reason']}
      testId="income-edit"
      width={880}
      onClose={onClose}
      onHouseholdClosed={onHouseholdClosed}
      initialValues={{ incomes: [initial] }}
    >
      <IncomeFields
        name={['incomes', 0]}
        path={['incomes', 0]}
        yearLocked={existing !== undefined}
        membersIn={(y) => membersAtYearEnd(h.members, y)}
        // A year already recorded is corrected through its own row, so that nothing is overwritten by mistake.
        otherYears={() => (existing ? [] : h.incomes.map((i) => i.year))}
      />
      <IncomeEditPreview household={h} />
      <Typography.Paragraph type="secondary">{t('householdPage.incomeHint')}</Typography.Paragraph>
      <ReasonField />
    </WriteModal>
  );
}

/** The latest year not recorded yet, counting back from last year. */
function nextYear(taken: number[]): number {
  let year = new Date().getFullYear() - 1;
  while (taken.includes(year) && year > 2010) year--;
  return year;
}
