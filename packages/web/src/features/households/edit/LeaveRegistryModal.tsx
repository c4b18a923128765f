import { Alert, App, Form } from 'antd';
import { addHouseholdEvent } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { DateField, ReasonField, WriteModal, type DialogProps } from './WriteModal.tsx';

interface Values {
  occurredOn?: string;
  reason?: string;
}

/** 移出建档立卡: the household leaves the registry for good (asked twice); it stays readable. */
export function LeaveRegistryModal({ household: h, onClose, onDone, onHouseholdClosed }: DialogProps) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();

  const submit = async (values: Values) => {
    const confirmed = await modal.confirm({
      title: t('householdPage.leaveRegistryConfirm', { name: h.headName, no: h.householdNo }),
      content: t('householdPage.leaveRegistryWarning'),
      okText: t('householdPage.leaveRegistryOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    await addHouseholdEvent(h.id, { kind: 'leave_registry', occurredOn: values.occurredOn ?? '', reason: (values.reason ?? '').trim() });
    onDone(t('householdPage.leftRegistry', { name: h.headName }));
  };

  return (
    <WriteModal<Values>
      title={t('householdPage.leaveRegistryTitle', { name: h.headName })}
      form={form}
      submit={submit}
      fieldNames={['occurredOn', 'reason']}
      okText={t('householdPage.leaveRegistryOk')}
      danger
      testId="leave-registry"
      width={560}
      onClose={onClose}
      onHouseholdClosed={onHouseholdClosed}
    >
      <Alert type="warning" showIcon title={t('householdPage.leaveRegistryWarning')} style={{ marginBottom: 16 }} />
      <DateField name="occurredOn" label={t('householdPage.leaveRegistryDate')} />
      <ReasonField label={t('householdPage.leaveRegistryReason')} />
    </WriteModal>
  );
}
