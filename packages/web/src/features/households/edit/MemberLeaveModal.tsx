import { Form, Radio, Typography } from 'antd';
import { codeLabel, HOUSEHOLD_EVENT_KINDS, LEAVING_EVENTS, RELATIONS } from '@jingzhun/domain';
import { addHouseholdEvent, type MemberView } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { codeOptions, labelOf } from '../labels.ts';
import { DateField, ReasonField, WriteModal, type DialogProps } from './WriteModal.tsx';

type LeavingKind = (typeof LEAVING_EVENTS)[number];

interface Values {
  kind?: LeavingKind;
  occurredOn?: string;
  reason?: string;
}

/** 登记变动: a member dies, marries out or moves out; the member stays on the record with the date. */
export function MemberLeaveModal({ household: h, member, onClose, onDone, onHouseholdClosed }: DialogProps & { member: MemberView }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();

  const submit = async (values: Values) => {
    const kind = values.kind as LeavingKind;
    await addHouseholdEvent(h.id, { kind, occurredOn: values.occurredOn ?? '', reason: (values.reason ?? '').trim(), memberId: member.id });
    onDone(t('householdPage.memberLeft', { name: member.name, kind: codeLabel(HOUSEHOLD_EVENT_KINDS, kind, lang) }));
  };

  return (
    <WriteModal<Values>
      title={t('householdPage.memberLeaveTitle', { name: member.name })}
      form={form}
      submit={submit}
      fieldNames={['kind', 'occurredOn', 'reason']}
      codeFields={{ member_not_active: 'kind', head_count: 'kind' }}
      testId="member-leave"
      width={560}
      onClose={onClose}
      onHouseholdClosed={onHouseholdClosed}
    >
      <Typography.Paragraph type="secondary">
        {t('householdPage.memberLeaveHint', { name: member.name, relation: labelOf(RELATIONS, member.relation, lang) })}
      </Typography.Paragraph>
      <Form.Item name="kind" label={t('householdPage.leaveKind')} rules={[{ required: true, message: t('common.required') }]}>
        <Radio.Group optionType="button" options={codeOptions(HOUSEHOLD_EVENT_KINDS, lang).filter((o) => (LEAVING_EVENTS as readonly string[]).includes(o.value))} />
      </Form.Item>
      <DateField name="occurredOn" label={t('householdPage.occurredOn')} min={member.joinedOn ?? member.birthDate} />
      <ReasonField label={t('householdPage.eventReason')} />
    </WriteModal>
  );
}
