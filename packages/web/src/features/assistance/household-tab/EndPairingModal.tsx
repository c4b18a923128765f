import { Form, Input, Typography } from 'antd';
import { endPairing, type Pairing } from '../api.ts';
import { FormModal } from '../../../shared/components/FormModal.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../../shared/lib/format.ts';

interface Values {
  endsOn: string;
  reason: string;
}

const FIELDS = ['endsOn', 'reason'] as const;

/** Ends a pairing on a date with a reason; it stays in the household's history. */
export function EndPairingModal({ pairing, onClose, onSaved }: { pairing: Pairing; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const today = chinaDate();
  return (
    <FormModal<Values>
      title={t('assistance.helper.endTitle', { name: pairing.helper.name })}
      okText={t('assistance.helper.end')}
      danger
      fieldNames={FIELDS}
      testId="end-pairing-form"
      initialValues={{ endsOn: today }}
      intro={<Typography.Paragraph type="secondary">{t('assistance.helper.since', { unit: pairing.helper.unitName, date: pairing.startsOn })}</Typography.Paragraph>}
      onClose={onClose}
      onSaved={onSaved}
      onSubmit={(values) => endPairing(pairing.id, { endsOn: values.endsOn, reason: values.reason.trim() })}
    >
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
    </FormModal>
  );
}
