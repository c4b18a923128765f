import { Col, Form, InputNumber, Row, Typography } from 'antd';
import { netIncome, type IncomeInput, membersAtYearEnd as domainMembersAtYearEnd } from '@jingzhun/domain';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { formatMoney } from '../../../shared/lib/format.ts';
import { INCOME_LABELS, INCOME_SOURCES } from '../labels.ts';

type NamePath = (string | number)[];

/** One year's income as the form holds it: amounts may still be empty. */
export type IncomeValues = Partial<IncomeInput>;

/** The amounts of a year, empty ones as zero. */
export function toIncomeInput(v: IncomeValues): IncomeInput {
  return {
    year: v.year ?? 0,
    wages: v.wages ?? 0,
    business: v.business ?? 0,
    property: v.property ?? 0,
    transfers: v.transfers ?? 0,
    productionCosts: v.productionCosts ?? 0,
  };
}

/**
 * Members present at the end of a year, the divisor of income per head as the server counts it:
 * born by then, joined by then, and not yet gone.
 */
export function membersAtYearEnd(
  members: ReadonlyArray<{ birthDate?: string | undefined; joinedOn?: string | null | undefined; leftOn?: string | null | undefined }>,
  year: number,
): number {
  // A member still being typed, without a birth date yet, already counts.
  return domainMembersAtYearEnd(
    members.map((m) => ({ birth_date: m.birthDate ?? '0000-01-01', joined_on: m.joinedOn ?? null, left_on: m.leftOn ?? null })),
    year,
  );
}

interface Props {
  /** Where the year's fields are relative to an enclosing Form.List (`[field.name]`), or `[]`. */
  name: NamePath;
  /** The same place from the form's root, to watch the values. */
  path: NamePath;
  /** How many members count for a year (to preview per head). */
  membersIn: (year: number) => number;
  /** Other years already entered: a year appears once. */
  otherYears?: () => number[];
  /** The year is fixed (correcting a year already recorded). */
  yearLocked?: boolean;
}

/** A year of income by source, with net income and income per head computed as they are typed. */
export function IncomeFields({ name, path, membersIn, otherYears, yearLocked = false }: Props) {
  const { t, lang } = useI18n();
  const form = Form.useFormInstance();
  const values = Form.useWatch(path, form) as IncomeValues | undefined;
  const thisYear = new Date().getFullYear();
  const money = { min: 0, max: 100_000_000, precision: 2, step: 100, style: { width: '100%' } };
  const year = values?.year;
  const persons = year ? membersIn(year) : 0;
  const preview = values && year ? netIncome(toIncomeInput(values), persons) : undefined;

  return (
    <Row gutter={16}>
      <Col xs={24} sm={8} lg={4}>
        <Form.Item
          name={[...name, 'year']}
          label={t('income.year')}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: (_, value: number | undefined) =>
                value !== undefined && otherYears?.().includes(value)
                  ? Promise.reject(new Error(t('income.duplicateYear', { year: value })))
                  : Promise.resolve(),
            },
          ]}
        >
          <InputNumber<number> min={2010} max={thisYear} precision={0} disabled={yearLocked} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      {INCOME_SOURCES.map((source) => (
        <Col key={source} xs={12} sm={8} lg={4}>
          <Form.Item name={[...name, source]} label={t(INCOME_LABELS[source])}>
            <InputNumber<number> {...money} placeholder="0.00" />
          </Form.Item>
        </Col>
      ))}
      <Col xs={24}>
        <Typography.Text type="secondary" data-testid="income-preview">
          {preview
            ? t('income.preview', {
                net: formatMoney(preview.net, lang),
                persons,
                perHead: formatMoney(preview.perHead, lang),
              })
            : t('income.previewEmpty')}
        </Typography.Text>
      </Col>
    </Row>
  );
}
