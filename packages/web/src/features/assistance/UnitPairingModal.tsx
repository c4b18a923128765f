import { Form, Input } from 'antd';
import { pairUnit } from './api.ts';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { RegionCodeInput } from '../../shared/components/RegionCodeInput.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { overlapAlert } from './OverlapAlert.tsx';

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
  const startsOn = Form.useWatch('startsOn', form);

  return (
    <FormModal<Values>
      title={t('assistance.pairing.add')}
      form={form}
      fieldNames={FIELDS}
      codeFields={CODE_FIELDS}
      errorAlert={overlapAlert}
      testId="unit-pair-form"
      initialValues={{ startsOn: chinaDate() }}
      onClose={onClose}
      onSaved={onSaved}
      onSubmit={(values) => pairUnit(unitId, { regionCode: values.regionCode, startsOn: values.startsOn, endsOn: values.endsOn || null })}
    >
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
    </FormModal>
  );
}
