import { Form, Input, Select } from 'antd';
import { AID_UNIT_KINDS, phoneSchema } from '@jingzhun/domain';
import { createUnit } from './api.ts';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { codeOptions } from '../households/labels.ts';
import { schemaRule } from '../households/form/rules.ts';

interface Values {
  name: string;
  kind: keyof typeof AID_UNIT_KINDS;
  contact?: string;
  phone?: string;
}

const FIELDS = ['name', 'kind', 'contact', 'phone', 'regionCode'] as const;

/** Records a new aid unit, kept by the user's own region. */
export function UnitFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: (id: string) => void }) {
  const { t, lang } = useI18n();
  return (
    <FormModal<Values, { id: string }>
      title={t('assistance.units.create')}
      fieldNames={FIELDS}
      testId="unit-form"
      initialValues={{ kind: 'government' }}
      onClose={onClose}
      onSaved={({ id }) => onSaved(id)}
      onSubmit={(values) =>
        createUnit({
          name: values.name.trim(),
          kind: values.kind,
          contact: values.contact?.trim() || null,
          phone: values.phone?.trim() || null,
        })
      }
    >
      <Form.Item name="name" label={t('assistance.unit.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="kind" label={t('assistance.unit.kind')} rules={[{ required: true, message: t('common.required') }]}>
        <Select options={codeOptions(AID_UNIT_KINDS, lang)} />
      </Form.Item>
      <Form.Item name="contact" label={t('assistance.unit.contact')} rules={[{ max: 40 }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="phone" label={t('assistance.unit.phone')} rules={[schemaRule(phoneSchema, t('assistance.phoneInvalid'))]}>
        <Input inputMode="tel" maxLength={20} />
      </Form.Item>
    </FormModal>
  );
}
