import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { addBenefit } from '../api.ts';
import { FormModal } from '../../../shared/components/FormModal.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../../shared/lib/format.ts';

interface Values {
  paidOn: string;
  amount: number;
  source: string;
  measureId?: string;
  note?: string;
}

const FIELDS = ['paidOn', 'amount', 'source', 'measureId', 'note'] as const;

interface Props {
  householdId: string;
  /** The household's measures a benefit may belong to, labelled. */
  measures: Array<{ value: string; label: string }>;
  onClose: () => void;
  onSaved: () => void;
}

/** Records a benefit delivered to the household: when, how much, from whom, and for which measure. */
export function BenefitFormModal({ householdId, measures, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const today = chinaDate();
  const required = { required: true, message: t('common.required') };
  return (
    <FormModal<Values>
      title={t('assistance.benefit.add')}
      fieldNames={FIELDS}
      testId="benefit-form"
      width={560}
      initialValues={{ paidOn: today }}
      onClose={onClose}
      onSaved={onSaved}
      onSubmit={(values) =>
        addBenefit(householdId, {
          paidOn: values.paidOn,
          amount: values.amount,
          source: values.source.trim(),
          measureId: values.measureId ?? null,
          note: values.note?.trim() || null,
        })
      }
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="paidOn"
            label={t('assistance.benefit.paidOn')}
            rules={[required, { validator: (_, v: string | undefined) => (!v || v <= today ? Promise.resolve() : Promise.reject(new Error(t('assistance.benefit.notFuture')))) }]}
          >
            <Input type="date" max={today} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="amount" label={t('assistance.benefit.amountYuan')} rules={[required]}>
            <InputNumber<number> min={0} max={100_000_000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="source" label={t('assistance.benefit.source')} extra={t('assistance.benefit.sourceHint')} rules={[{ ...required, whitespace: true }, { min: 2, max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="measureId" label={t('assistance.benefit.measure')}>
        <Select allowClear options={measures} placeholder={t('assistance.benefit.measureNone')} />
      </Form.Item>
      <Form.Item name="note" label={t('assistance.benefit.note')} rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
