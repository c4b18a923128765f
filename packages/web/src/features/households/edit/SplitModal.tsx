import { Checkbox, Form, Select, Typography } from 'antd';
import { RELATIONS, type HouseholdEventInput, type Relation } from '@jingzhun/domain';
import { addHouseholdEvent } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { codeOptions, labelOf } from '../labels.ts';
import { DateField, ReasonField, WriteModal, type DialogProps } from './WriteModal.tsx';

type MemberRelation = Exclude<Relation, 'head'>;

interface Values {
  occurredOn?: string;
  reason?: string;
  memberIds?: string[];
  newHeadId?: string;
  relations?: Record<string, MemberRelation>;
}

/** 分户: some present members (never the head, never all) leave to form a new household, one of them its head. */
export function SplitModal({ household: h, onClose, onMoved, onHouseholdClosed }: DialogProps) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const candidates = h.members.filter((m) => m.status === 'active' && m.relation !== 'head');
  const memberIds = Form.useWatch('memberIds', form) ?? [];
  const newHeadId = Form.useWatch('newHeadId', form);
  const moving = candidates.filter((m) => memberIds.includes(m.id));

  const submit = async (values: Values) => {
    const ids = values.memberIds ?? [];
    const head = values.newHeadId ?? '';
    const relations: Record<string, MemberRelation> = {};
    for (const id of ids) if (id !== head) relations[id] = values.relations?.[id] ?? 'other';
    const event: HouseholdEventInput = {
      kind: 'split',
      occurredOn: values.occurredOn ?? '',
      reason: (values.reason ?? '').trim(),
      memberIds: ids,
      newHeadId: head,
      relations,
    };
    const result = await addHouseholdEvent(h.id, event);
    const name = candidates.find((m) => m.id === head)?.name ?? '';
    onMoved(result.householdId ?? h.id, t('householdPage.splitDone', { name }), result.warnings);
  };

  return (
    <WriteModal<Values>
      title={t('householdPage.splitTitle', { name: h.headName })}
      form={form}
      submit={submit}
      fieldNames={['memberIds', 'newHeadId', 'relations', 'occurredOn', 'reason']}
      codeFields={{ head_count: 'memberIds', member_not_active: 'memberIds' }}
      testId="household-split"
      width={640}
      onClose={onClose}
      onHouseholdClosed={onHouseholdClosed}
      initialValues={{ memberIds: [], relations: Object.fromEntries(candidates.map((m) => [m.id, 'other' as const])) }}
    >
      <Typography.Paragraph type="secondary">{t('householdPage.splitHint')}</Typography.Paragraph>
      <Form.Item
        name="memberIds"
        label={t('householdPage.splitMembers')}
        rules={[{ required: true, type: 'array', min: 1, message: t('householdPage.splitMembersRequired') }]}
        extra={candidates.length === 0 ? t('householdPage.noCandidates') : undefined}
      >
        <Checkbox.Group
          options={candidates.map((m) => ({ value: m.id, label: `${m.name}(${labelOf(RELATIONS, m.relation, lang)})` }))}
          onChange={(ids) => {
            // The new head must be one of those who leave.
            if (newHeadId && !ids.includes(newHeadId)) form.setFieldValue('newHeadId', undefined);
          }}
        />
      </Form.Item>
      <Form.Item
        name="newHeadId"
        label={t('householdPage.splitNewHead')}
        extra={t('householdPage.splitNewHeadHint')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select options={moving.map((m) => ({ value: m.id, label: m.name }))} notFoundContent={t('householdPage.splitMembersRequired')} style={{ maxWidth: 280 }} />
      </Form.Item>
      {moving
        .filter((m) => m.id !== newHeadId)
        .map((m) => (
          <Form.Item key={m.id} name={['relations', m.id]} label={t('householdPage.splitRelation', { name: m.name })}>
            <Select options={codeOptions(RELATIONS, lang, ['head'])} style={{ maxWidth: 280 }} />
          </Form.Item>
        ))}
      <DateField name="occurredOn" label={t('householdPage.occurredOn')} />
      <ReasonField label={t('householdPage.eventReason')} />
    </WriteModal>
  );
}
