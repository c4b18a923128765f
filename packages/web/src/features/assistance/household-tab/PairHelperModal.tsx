import { Form, Input } from 'antd';
import { pairHousehold } from '../api.ts';
import { FormModal } from '../../../shared/components/FormModal.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../../shared/lib/format.ts';
import { HelperPicker } from '../HelperPicker.tsx';
import { overlapAlert } from '../OverlapAlert.tsx';

interface Values {
  staffId: string;
  startsOn: string;
}

const FIELDS = ['staffId', 'startsOn'] as const;

/** Pairs a helper (chosen by unit, then person) with the household from a date. */
export function PairHelperModal({ householdId, onClose, onSaved }: { householdId: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const today = chinaDate();
  return (
    <FormModal<Values>
      title={t('assistance.helper.pair')}
      fieldNames={FIELDS}
      errorAlert={overlapAlert}
      testId="pair-helper-form"
      width={560}
      initialValues={{ startsOn: today }}
      onClose={onClose}
      onSaved={onSaved}
      onSubmit={(values) => pairHousehold({ householdId, staffId: values.staffId, startsOn: values.startsOn })}
    >
      <Form.Item name="staffId" label={t('assistance.helper.name')} rules={[{ required: true, message: t('assistance.helper.pickRequired') }]}>
        <HelperPicker />
      </Form.Item>
      <Form.Item name="startsOn" label={t('assistance.pairing.startsOn')} rules={[{ required: true, message: t('common.required') }]}>
        <Input type="date" max={today} style={{ maxWidth: 220 }} />
      </Form.Item>
    </FormModal>
  );
}
