import { useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { endPairing, type Pairing } from '../../../api/assistance.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { showFormError } from '../../../lib/formErrors.ts';
import { chinaDate } from '../../../lib/format.ts';

interface Values {
  endsOn: string;
  reason: string;
}

const FIELDS = ['endsOn', 'reason'] as const;

/** Ends a pairing on a date with a reason; it stays in the household's history. */
export function EndPairingModal({ pairing, onClose, onSaved }: { pairing: Pairing; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const today = chinaDate();

  const submit = async (values: Values) => {
    setSaving(true);
    setFormError(null);
    try {
      await endPairing(pairing.id, { endsOn: values.endsOn, reason: values.reason.trim() });
      onSaved();
    } catch (e) {
      showFormError(form, e, setFormError, { fieldNames: FIELDS });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('assistance.helper.endTitle', { name: pairing.helper.name })}
      okText={t('assistance.helper.end')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} autoComplete="off" initialValues={{ endsOn: today }} data-testid="end-pairing-form">
        <Typography.Paragraph type="secondary">{t('assistance.helper.since', { unit: pairing.helper.unitName, date: pairing.startsOn })}</Typography.Paragraph>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form.Item
          name="endsOn"
          label={t('assistance.pairing.endsOn')}
          rules={[
            { required: true, message: t('common.required') },
            { validator: (_, v: string | undefined) => (!v || v >= pairing.startsOn ? Promise.resolve() : Promise.reject(new Error(t('assistance.endsBeforeStart')))) },
          ]}
        >
          <Input type="date" min={pairing.startsOn} style={{ maxWidth: 220 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('assistance.helper.endReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('assistance.helper.endReasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
