import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { pairHousehold } from '../../../api/assistance.ts';
import { isApiError } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { showFormError } from '../../../lib/formErrors.ts';
import { chinaDate } from '../../../lib/format.ts';
import { HelperPicker } from '../../assistance/HelperPicker.tsx';
import { OverlapAlert, overlapOf, type Overlap } from '../../assistance/OverlapAlert.tsx';

interface Values {
  staffId: string;
  startsOn: string;
}

const FIELDS = ['staffId', 'startsOn'] as const;

/** Pairs a helper (chosen by unit, then person) with the household from a date. */
export function PairHelperModal({ householdId, onClose, onSaved }: { householdId: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [overlap, setOverlap] = useState<Overlap | null>(null);
  const today = chinaDate();

  const submit = async (values: Values) => {
    setSaving(true);
    setFormError(null);
    setOverlap(null);
    try {
      await pairHousehold({ householdId, staffId: values.staffId, startsOn: values.startsOn });
      onSaved();
    } catch (e) {
      if (isApiError(e) && e.code === 'pairing_overlaps') setOverlap(overlapOf(e));
      showFormError(form, e, setFormError, { fieldNames: FIELDS });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('assistance.helper.pair')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      width={560}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} autoComplete="off" initialValues={{ startsOn: today }} data-testid="pair-helper-form">
        {overlap && <OverlapAlert overlap={overlap} />}
        {formError && !overlap && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form.Item name="staffId" label={t('assistance.helper.name')} rules={[{ required: true, message: t('assistance.helper.pickRequired') }]}>
          <HelperPicker />
        </Form.Item>
        <Form.Item name="startsOn" label={t('assistance.pairing.startsOn')} rules={[{ required: true, message: t('common.required') }]}>
          <Input type="date" max={today} style={{ maxWidth: 220 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
