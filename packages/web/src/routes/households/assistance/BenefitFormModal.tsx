import { useState } from 'react';
import { Alert, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { addBenefit } from '../../../api/assistance.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { showFormError } from '../../../lib/formErrors.ts';
import { chinaDate } from '../../../lib/format.ts';

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
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const today = chinaDate();

  const submit = async (values: Values) => {
    setSaving(true);
    setFormError(null);
    try {
      await addBenefit(householdId, {
        paidOn: values.paidOn,
        amount: values.amount,
        source: values.source.trim(),
        measureId: values.measureId ?? null,
        note: values.note?.trim() || null,
      });
      onSaved();
    } catch (e) {
      showFormError(form, e, setFormError, { fieldNames: FIELDS });
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <Modal
      open
      title={t('assistance.benefit.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      width={560}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} autoComplete="off" initialValues={{ paidOn: today }} data-testid="benefit-form">
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
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
      </Form>
    </Modal>
  );
}
