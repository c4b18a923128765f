import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { AID_UNIT_KINDS, phoneSchema } from '@jingzhun/domain';
import { createUnit } from '../../api/assistance.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { showFormError } from '../../lib/formErrors.ts';
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
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setSaving(true);
    setFormError(null);
    try {
      const { id } = await createUnit({
        name: values.name.trim(),
        kind: values.kind,
        contact: values.contact?.trim() || null,
        phone: values.phone?.trim() || null,
      });
      onSaved(id);
    } catch (e) {
      showFormError(form, e, setFormError, { fieldNames: FIELDS });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('assistance.units.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} autoComplete="off" initialValues={{ kind: 'government' }} data-testid="unit-form">
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
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
      </Form>
    </Modal>
  );
}
