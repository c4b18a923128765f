import { Form, Radio } from 'antd';
import { HOUSEHOLD_EVENT_KINDS, JOINING_EVENTS } from '@jingzhun/domain';
import { addMember, type JoiningKind } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { MemberFields } from '../form/MemberFields.tsx';
import { newMember, toMemberInput, type MemberValues } from '../form/memberForm.ts';
import { codeOptions } from '../labels.ts';
import { DateField, ReasonField, WriteModal, type DialogProps } from './WriteModal.tsx';
import { MemberEditPreview } from '../evaluation/EvaluationPreview.tsx';

/** What a newborn is, so that only the name, ID, sex and relation remain to be typed. */
const NEWBORN: Partial<MemberValues> = { education: 'preschool', labourCapacity: 'none' };

interface Values {
  kind: JoiningKind;
  occurredOn?: string;
  reason?: string;
  member: MemberValues;
}

/** 新增成员: a member joins by birth, marriage or moving in; the event is dated and explained. */
export function JoinMemberModal({ household: h, onClose, onDone, onHouseholdClosed }: DialogProps) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'birth';

  const submit = async (values: Values) => {
    const member = toMemberInput(values.member);
    // A birth happens on the birth date: the server requires the two to be the same.
    const occurredOn = values.kind === 'birth' ? member.birthDate : (values.occurredOn ?? '');
    const result = await addMember(h.id, { kind: values.kind, occurredOn, reason: (values.reason ?? '').trim(), member });
    onDone(t('householdPage.memberAdded', { name: member.name }), result.warnings);
  };

  return (
    <WriteModal<Values>
      title={t('householdPage.addMemberTitle', { name: h.headName })}
      form={form}
      submit={submit}
      fieldNames={['kind', 'occurredOn', 'reason', 'member']}
      codeFields={{ head_count: 'member.relation', person_already_registered: 'member.idNumber' }}
      testId="member-join"
      width={960}
      onClose={onClose}
      onHouseholdClosed={onHouseholdClosed}
      initialValues={{ kind: 'birth', member: { ...newMember(), ...NEWBORN } }}
    >
      <Form.Item name="kind" label={t('householdPage.joinKind')} rules={[{ required: true, message: t('common.required') }]}>
        <Radio.Group
          optionType="button"
          options={codeOptions(HOUSEHOLD_EVENT_KINDS, lang).filter((o) => (JOINING_EVENTS as readonly string[]).includes(o.value))}
          onChange={(e) => {
            // A newborn's usual answers; those who marry or move in start from the common ones.
            const base = e.target.value === 'birth' ? NEWBORN : { education: undefined, labourCapacity: undefined };
            const current = (form.getFieldValue('member') ?? {}) as MemberValues;
            form.setFieldValue('member', { ...current, ...base });
          }}
        />
      </Form.Item>
      {kind !== 'birth' && <DateField name="occurredOn" label={t('householdPage.occurredOn')} />}
      <MemberFields name={['member']} path={['member']} />
      <MemberEditPreview household={h} />
      <ReasonField label={t('householdPage.eventReason')} />
    </WriteModal>
  );
}
