import { Alert, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { MEASURE_STATUSES, MICROCREDIT_LIMITS, type MeasureStatus } from '@jingzhun/domain';
import { addMeasure, type MeasureCatalogue, type Pairing } from '../api.ts';
import { FormModal } from '../../../shared/components/FormModal.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate, formatNumber } from '../../../shared/lib/format.ts';
import { familyOptions, isCurrent } from '../labels.ts';
import { codeOptions } from '../../households/labels.ts';

interface Values {
  family: string;
  content: string;
  amount?: number | null;
  startsOn: string;
  endsOn?: string;
  helperId?: string;
  status: MeasureStatus;
  result?: string;
}

const FIELDS = ['family', 'content', 'amount', 'startsOn', 'endsOn', 'helperId', 'status', 'result'] as const;

interface Props {
  householdId: string;
  catalogue: MeasureCatalogue;
  pairings: Pairing[];
  onClose: () => void;
  onSaved: () => void;
}

/** The helpers ever paired with the household, once each, the current ones first: the server accepts one paired during the measure. */
function pairedHelpers(pairings: Pairing[], today: string) {
  const byId = new Map<string, { id: string; name: string; unitName: string; current: boolean }>();
  for (const p of pairings) {
    const current = isCurrent(p.endsOn, today);
    const seen = byId.get(p.helper.id);
    if (!seen) byId.set(p.helper.id, { id: p.helper.id, name: p.helper.name, unitName: p.helper.unitName, current });
    else seen.current ||= current;
  }
  return [...byId.values()].sort((a, b) => Number(b.current) - Number(a.current));
}

/** Adds a measure to the household's plan; micro-credit is held to its limits by the server. */
export function MeasureFormModal({ householdId, catalogue, pairings, onClose, onSaved }: Props) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const family = Form.useWatch('family', form);
  const startsOn = Form.useWatch('startsOn', form);
  const today = chinaDate();
  const helpers = pairedHelpers(pairings, today);

  const required = { required: true, message: t('common.required') };
  return (
    <FormModal<Values>
      title={t('assistance.measure.add')}
      form={form}
      fieldNames={FIELDS}
      testId="measure-form"
      width={640}
      initialValues={{ startsOn: today, status: 'planned', helperId: helpers.find((h) => h.current)?.id }}
      onClose={onClose}
      onSaved={onSaved}
      onSubmit={(values) =>
        addMeasure(householdId, {
          family: values.family,
          content: values.content.trim(),
          amount: values.amount ?? 0,
          startsOn: values.startsOn,
          endsOn: values.endsOn || null,
          helperId: values.helperId ?? null,
          status: values.status,
          result: values.result?.trim() || null,
        })
      }
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="family" label={t('assistance.measure.family')} rules={[required]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={familyOptions(catalogue, lang)} data-testid="measure-family" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="status" label={t('assistance.measure.status')} rules={[required]}>
            <Select options={codeOptions(MEASURE_STATUSES, lang)} />
          </Form.Item>
        </Col>
      </Row>
      {family === 'finance' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('assistance.measure.microcreditHint', { amount: formatNumber(MICROCREDIT_LIMITS.amount, lang), years: MICROCREDIT_LIMITS.years })}
          data-testid="microcredit-hint"
        />
      )}
      <Form.Item name="content" label={t('assistance.measure.content')} rules={[{ ...required, whitespace: true }, { min: 2, max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('assistance.measure.contentPlaceholder')} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Form.Item name="amount" label={t('assistance.measure.amountYuan')} extra={t('assistance.measure.amountHint')}>
            <InputNumber<number> min={0} max={100_000_000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="startsOn" label={t('assistance.measure.startsOn')} rules={[required]}>
            <Input type="date" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="endsOn"
            label={t('assistance.measure.endsOn')}
            dependencies={['startsOn']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) => {
                  const start = getFieldValue('startsOn') as string | undefined;
                  return !v || !start || v >= start ? Promise.resolve() : Promise.reject(new Error(t('assistance.endsBeforeStart')));
                },
              }),
            ]}
          >
            <Input type="date" min={startsOn} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="helperId" label={t('assistance.measure.helper')} extra={helpers.length === 0 ? t('assistance.measure.noHelpers') : t('assistance.measure.helperHint')}>
        <Select
          allowClear
          disabled={helpers.length === 0}
          options={helpers.map((h) => ({
            value: h.id,
            label: `${h.name} · ${h.unitName}${h.current ? '' : ` (${t('assistance.pairing.ended')})`}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="result" label={t('assistance.measure.result')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}
