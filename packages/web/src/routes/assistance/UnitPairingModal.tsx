import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { pairUnit } from '../../api/assistance.ts';
import { isApiError } from '../../api/client.ts';
import { RegionCodeInput } from '../../components/RegionCodeInput.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { showFormError } from '../../lib/formErrors.ts';
import { chinaDate } from '../../lib/format.ts';
import { OverlapAlert, overlapOf, type Overlap } from './OverlapAlert.tsx';

interface Values {
  regionCode: string;
  startsOn: string;
  endsOn?: string;
}

const FIELDS = ['regionCode', 'startsOn', 'endsOn'] as const;
const CODE_FIELDS = { region_not_found: 'regionCode', region_outside_scope: 'regionCode', not_found: 'regionCode' };

/** Pairs a unit with a village or township (结对帮扶) for a period. */
export function UnitPairingModal({ unitId, onClose, onSaved }: { unitId: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [overlap, setOverlap] = useState<Overlap | null>(null);
  const startsOn = Form.useWatch('startsOn', form);

  const submit = async (values: Values) => {
    setSaving(true);
    setFormError(null);
    setOverlap(null);
    try {
      await pairUnit(unitId, { regionCode: values.regionCode, startsOn: values.startsOn, endsOn: values.endsOn || null });
      onSaved();
    } catch (e) {
      if (isApiError(e) && e.code === 'pairing_overlaps') setOverlap(overlapOf(e));
      showFormError(form, e, setFormError, { fieldNames: FIELDS, codeFields: CODE_FIELDS });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('assistance.pairing.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} autoComplete="off" initialValues={{ startsOn: chinaDate() }} data-testid="unit-pair-form">
        {overlap && <OverlapAlert overlap={overlap} />}
        {formError && !overlap && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form.Item
          name="regionCode"
          label={t('assistance.pairing.region')}
          extra={t('assistance.pairing.regionHint')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: /^\d{9}$|^\d{12}$/, message: t('assistance.pairing.regionInvalid') },
          ]}
        >
          <RegionCodeInput />
        </Form.Item>
        <Form.Item name="startsOn" label={t('assistance.pairing.startsOn')} rules={[{ required: true, message: t('common.required') }]}>
          <Input type="date" style={{ maxWidth: 220 }} />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={t('assistance.pairing.endsOn')}
          extra={t('assistance.pairing.endsOnHint')}
          dependencies={['startsOn']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) => {
                const start = getFieldValue('startsOn') as string | undefined;
                return !value || !start || value >= start ? Promise.resolve() : Promise.reject(new Error(t('assistance.endsBeforeStart')));
              },
            }),
          ]}
        >
          <Input type="date" min={startsOn} style={{ maxWidth: 220 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
