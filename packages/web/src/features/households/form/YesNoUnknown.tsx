import { Radio } from 'antd';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';

interface Props {
  value?: boolean | null;
  onChange?: (value: boolean | null) => void;
  disabled?: boolean;
  'data-testid'?: string;
}

const TO_CHOICE = (v: boolean | null | undefined) => (v === true ? 'yes' : v === false ? 'no' : 'unknown');
const FROM_CHOICE: Record<string, boolean | null> = { yes: true, no: false, unknown: null };

/**
 * A yes/no fact with a third answer, 未填 (not recorded): what nobody has checked stays unknown rather
 * than becoming 否 by default, and the rules never decide on it.
 */
export function YesNoUnknown({ value, onChange, disabled, 'data-testid': testId }: Props) {
  const { t } = useI18n();
  return (
    <Radio.Group
      optionType="button"
      size="small"
      disabled={disabled}
      value={TO_CHOICE(value)}
      onChange={(e) => onChange?.(FROM_CHOICE[e.target.value as string] ?? null)}
      data-testid={testId}
      options={[
        { value: 'yes', label: t('common.yes') },
        { value: 'no', label: t('common.no') },
        { value: 'unknown', label: t('common.notRecorded') },
      ]}
    />
  );
}
