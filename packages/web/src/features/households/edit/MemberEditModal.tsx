import { Alert, Form } from 'antd';
import { patchMember, type MemberView } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { MemberFields } from '../form/MemberFields.tsx';
import { fromMemberView, memberChanges, type MemberValues } from '../form/memberForm.ts';
import { ReasonField, WriteModal, type DialogProps } from './WriteModal.tsx';
import { MemberEditPreview } from '../evaluation/EvaluationPreview.tsx';

interface Values {
  member: MemberValues;
  reason?: string;
}

/** 修改 (a member): corrects a typo or an outdated fact; the head is changed only through 变更户主. */
export function MemberEditModal({ household: h, member, onClose, onDone, onHouseholdClosed }: DialogProps & { member: MemberView }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const isHead = member.relation === 'head';

  const submit = async (values: Values) => {
    const changes = memberChanges(member, values.member);
    if (Object.keys(changes).length === 0) {
      form.setFields([{ name: 'reason', errors: [t('householdPage.nothingChanged')] }]);
      return;
    }
    const result = await patchMember(h.id, member.id, { ...changes, reason: (values.reason ?? '').trim() });
    onDone(t('householdPage.memberSaved', { name: values.member.name ?? member.name, n: result.changed }), result.warnings);
  };

  return (
    <WriteModal<Values>
      title={t('householdPage.editMemberTitle', { name: member.name })}
      form={form}
      submit={submit}
      fieldNames={['member', 'reason']}
      pathPrefix="member"
      codeFields={{ head_count: 'member.relation', person_already_registered: 'member.idNumber' }}
      testId="member-edit"
      width={960}
      onClose={onClose}
      onHouseholdClosed={onHouseholdClosed}
      initialValues={{ member: fromMemberView(member) }}
    >
      {isHead && <Alert type="info" showIcon title={t('householdPage.headRelationHint')} style={{ marginBottom: 16 }} />}
      <MemberFields name={['member']} path={['member']} relationLocked={isHead} memberId={member.id} />
      <MemberEditPreview household={h} member={member} />
      <ReasonField />
    </WriteModal>
  );
}
