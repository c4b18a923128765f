import { Form, Input } from 'antd';
import { isApiError } from '../../../shared/api/client.ts';
import type { HouseholdDetail, WriteWarning } from '../api.ts';
import { FormModal, type FormModalProps } from '../../../shared/components/FormModal.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../../shared/lib/format.ts';

/** What every write dialog of the household page is given. */
export interface DialogProps {
  household: HouseholdDetail;
  onClose: () => void;
  /** The write succeeded: say so, tell its warnings, reload the household. */
  onDone: (text: string, warnings?: WriteWarning[]) => void;
  /** The household left the registry meanwhile: close and show it read-only. */
  onHouseholdClosed: (message: string) => void;
  /** The write moved the members to another household (split, merge): say so and open that household. */
  onMoved: (householdId: string, text: string, warnings?: WriteWarning[]) => void;
}

type Props<V> = Omit<FormModalProps<V>, 'onSubmit' | 'onSaved' | 'onError' | 'errorAlert' | 'testId'> &
  Pick<DialogProps, 'onHouseholdClosed'> & {
    /** Sends the write and reports it (`onDone`, `onMoved`); throws the API's error, which lands on the fields it names. */
    submit: (values: V) => Promise<void>;
    testId: string;
  };

/** A dialog with a form that writes to the household; a household that left the registry meanwhile closes it. */
export function WriteModal<V extends object>({ submit, onHouseholdClosed, width = 720, ...rest }: Props<V>) {
  return (
    <FormModal<V>
      {...rest}
      width={width}
      onSubmit={submit}
      onError={(e) => {
        if (!isApiError(e) || e.code !== 'household_closed') return false;
        onHouseholdClosed(e.message);
        return true;
      }}
    />
  );
}

/** 修改原因 / 事由: required, 2 to 500 characters, kept with the change for ever. */
export function ReasonField({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="reason"
      label={label ?? t('householdPage.reason')}
      extra={t('householdPage.reasonHint')}
      rules={[
        { required: true, whitespace: true, message: t('householdPage.reasonRequired') },
        { min: 2, max: 500, message: t('householdPage.reasonLength') },
      ]}
    >
      <Input.TextArea rows={2} maxLength={500} showCount />
    </Form.Item>
  );
}

/** The date something happened: not in the future, not before `min`. */
export function DateField({ name, label, min }: { name: string; label: string; min?: string | undefined }) {
  const { t } = useI18n();
  const today = chinaDate();
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[
        { required: true, message: t('common.required') },
        {
          validator: (_, value: string | undefined) =>
            !value || (value <= today && (!min || value >= min))
              ? Promise.resolve()
              : Promise.reject(new Error(value > today ? t('householdPage.dateInFuture') : t('householdPage.dateTooEarly', { date: min ?? '' }))),
        },
      ]}
    >
      <Input type="date" max={today} {...(min ? { min } : {})} style={{ maxWidth: 220 }} />
    </Form.Item>
  );
}
