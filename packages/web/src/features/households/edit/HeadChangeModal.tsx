import { Form, Select, Typography } from 'antd';
import { RELATIONS, type Relation } from '@jingzhun/domain';
import { addHouseholdEvent } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { codeOptions, labelOf } from '../labels.ts';
import { DateField, ReasonField, WriteModal, type DialogProps } from './WriteModal.tsx';

interface Values {
  memberId?: string;
  formerHeadRelation?: Exclude<Relation, 'head'>;
  occurredOn?: string;
  reason?: string;
}

/** 变更户主: another present member becomes the head; the former head gets a relation to the new one. */
export function HeadChangeModal({ household: h, onClose, onDone, onHouseholdClosed }: DialogProps) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const candidates = h.members.filter((m) => m.status === 'active' && m.relation !== 'head');
  const head = h.members.find((m) => m.status === 'active' && m.relation === 'head');

  const submit = async (values: Values) => {
    await addHouseholdEvent(h.id, {
      kind: 'head_change',
      occurredOn: values.occurredOn ?? '',
      reason: (values.reason ?? '').trim(),
      memberId: values.memberId ?? '',
      formerHeadRelation: values.formerHeadRelation as Exclude<Relation, 'head'>,
    });
    const next = candidates.find((m) => m.id === values.memberId);
    onDone(t('householdPage.headChanged', { name: next?.name ?? '' }));
  };

  return (
    <WriteModal<Values>
      title={t('householdPage.headChangeTitle')}
      form={form}
      submit={submit}
      fieldNames={['memberId', 'formerHeadRelation', 'occurredOn', 'reason']}
      codeFields={{ head_count: 'memberId', member_not_active: 'memberId' }}
      testId="head-change"
      width={560}
      onClose={onClose}
      onHouseholdClosed={onHouseholdClosed}
    >
      <Typography.Paragraph type="secondary">{t('householdPage.headChangeHint', { name: head?.name ?? h.headName })}</Typography.Paragraph>
      <Form.Item name="memberId" label={t('householdPage.newHead')} rules={[{ required: true, message: t('common.required') }]}>
        <Select
          options={candidates.map((m) => ({ value: m.id, label: `${m.name}(${labelOf(RELATIONS, m.relation, lang)})` }))}
          notFoundContent={t('householdPage.noCandidates')}
        />
      </Form.Item>
      <Form.Item
        name="formerHeadRelation"
        label={t('householdPage.formerHeadRelation', { name: head?.name ?? h.headName })}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select options={codeOptions(RELATIONS, lang, ['head'])} />
      </Form.Item>
      <DateField name="occurredOn" label={t('householdPage.occurredOn')} />
      <ReasonField label={t('householdPage.eventReason')} />
    </WriteModal>
  );
}
