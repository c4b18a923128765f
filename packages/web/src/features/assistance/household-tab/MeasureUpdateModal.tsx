import { Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { MEASURE_STATUSES, type MeasurePatch, type MeasureStatus } from '@jingzhun/domain';
import { patchMeasure, type Measure } from '../api.ts';
import { FormModal } from '../../../shared/components/FormModal.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { codeOptions } from '../../households/labels.ts';

interface Values {
  status: MeasureStatus;
  result?: string;
  amount?: number | null;
  endsOn?: string;
  reason: string;
}

const FIELDS = ['status', 'result', 'amount', 'endsOn', 'reason', 'content'] as const;

interface Props {
  householdId: string;
  measure: Measure;
  familyLabel: string;
  onClose: () => void;
  onSaved: () => void;
}

/** Records a measure's progress (status, result) or corrects its amount or end, always with a reason. */
export function MeasureUpdateModal({ householdId, measure, familyLabel, onClose, onSaved }: Props) {
  const { t, lang } = useI18n();

  const submit = (values: Values) => {
    // Only what changed is sent, so the audit record shows exactly that.
    const patch: MeasurePatch = { reason: values.reason.trim() };
    if (values.status !== measure.status) patch.status = values.status;
    const result = values.result?.trim() || null;
    if (result !== measure.result) patch.result = result;
    const amount = values.amount ?? 0;
    if (amount !== measure.amount) patch.amount = amount;
    const endsOn = values.endsOn || null;
    if (endsOn !== measure.endsOn) patch.endsOn = endsOn;
    // Shown above the fields like a server error.
    if (Object.keys(patch).length === 1) return Promise.reject(new Error(t('assistance.measure.nothingChanged')));
    return patchMeasure(householdId, measure.id, patch);
  };

  return (
    <FormModal<Values>
      title={t('assistance.measure.updateTitle', { family: familyLabel })}
      fieldNames={FIELDS}
      testId="measure-update-form"
      width={600}
      initialValues={{ status: measure.status, result: measure.result ?? undefined, amount: measure.amount, endsOn: measure.endsOn ?? undefined }}
      intro={<Typography.Paragraph type="secondary">{measure.content}</Typography.Paragraph>}
      onClose={onClose}
      onSaved={onSaved}
      onSubmit={submit}
    >
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Form.Item name="status" label={t('assistance.measure.status')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={codeOptions(MEASURE_STATUSES, lang)} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="amount" label={t('assistance.measure.amountYuan')}>
            <InputNumber<number> min={0} max={100_000_000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="endsOn"
            label={t('assistance.measure.endsOn')}
            rules={[{ validator: (_, v: string | undefined) => (!v || v >= measure.startsOn ? Promise.resolve() : Promise.reject(new Error(t('assistance.endsBeforeStart')))) }]}
          >
            <Input type="date" min={measure.startsOn} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="result" label={t('assistance.measure.result')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Form.Item name="reason" label={t('assistance.measure.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} placeholder={t('assistance.measure.reasonPlaceholder')} />
      </Form.Item>
    </FormModal>
  );
}
