import { Form, Radio } from 'antd';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';

/**
 * 登记类型: a household already identified (the registry as it stands, status `poor`) or an applicant
 * (`candidate`, 待识别), who becomes poor only when the identification procedure approves it.
 */
export function RegistrationField() {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const status = Form.useWatch('status', form) as string | undefined;
  return (
    <Form.Item
      name="status"
      label={t('evaluation.registration')}
      extra={status === 'candidate' ? t('evaluation.registrationCandidateHint') : t('evaluation.registrationPoorHint')}
    >
      <Radio.Group
        optionType="button"
        options={[
          { value: 'poor', label: t('evaluation.registrationPoor') },
          { value: 'candidate', label: t('evaluation.registrationCandidate') },
        ]}
        data-testid="household-registration"
      />
    </Form.Item>
  );
}
