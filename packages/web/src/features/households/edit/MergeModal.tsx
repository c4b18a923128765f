import { useState } from 'react';
import { Alert, App, Form, Select, Spin, Typography } from 'antd';
import { RELATIONS, type HouseholdEventInput, type Relation } from '@jingzhun/domain';
import { isApiError } from '../../../shared/api/client.ts';
import { addHouseholdEvent, listHouseholds, type HouseholdRow } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { useDebouncedSearch } from '../../../shared/lib/useDebouncedSearch.ts';
import { codeOptions, labelOf } from '../labels.ts';
import { DateField, ReasonField, WriteModal, type DialogProps } from './WriteModal.tsx';

type MemberRelation = Exclude<Relation, 'head'>;

interface Values {
  occurredOn?: string;
  reason?: string;
  intoHouseholdId?: string;
  relations?: Record<string, MemberRelation>;
}

/** 合户: this household joins another one with all its present members, then leaves the registry (asked twice). */
export function MergeModal({ household: h, onClose, onMoved, onHouseholdClosed }: DialogProps) {
  const { t, lang } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const members = h.members.filter((m) => m.status === 'active');
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<HouseholdRow | null>(null);
  // Households matching the typed text (head's name, its initials, household number), without this one.
  const search = useDebouncedSearch(text, (q, signal) => listHouseholds({ page: 1, pageSize: 10, q }, signal), { deps: [h.id] });
  const hits = (search.data?.items ?? []).filter((row) => row.id !== h.id);

  const submit = async (values: Values) => {
    const target = picked?.id === values.intoHouseholdId ? picked : null;
    const targetName = target?.headName ?? '';
    const confirmed = await modal.confirm({
      title: t('householdPage.mergeConfirm', { name: h.headName, target: targetName }),
      content: t('householdPage.mergeWarning'),
      okText: t('householdPage.mergeOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    const relations: Record<string, MemberRelation> = {};
    for (const m of members) relations[m.id] = values.relations?.[m.id] ?? 'other';
    const event: HouseholdEventInput = {
      kind: 'merge',
      occurredOn: values.occurredOn ?? '',
      reason: (values.reason ?? '').trim(),
      intoHouseholdId: values.intoHouseholdId ?? '',
      relations,
    };
    try {
      const result = await addHouseholdEvent(h.id, event);
      onMoved(result.householdId ?? values.intoHouseholdId ?? h.id, t('householdPage.mergeDone', { name: h.headName, target: targetName }), result.warnings);
    } catch (e) {
      // The household to join has left the registry: that belongs on its field, this household is still open.
      if (isApiError(e) && e.code === 'household_closed' && namesTarget(e.details)) {
        form.setFields([{ name: 'intoHouseholdId', errors: [e.message] }]);
        return;
      }
      throw e;
    }
  };

  return (
    <WriteModal<Values>
      title={t('householdPage.mergeTitle', { name: h.headName })}
      form={form}
      submit={submit}
      fieldNames={['intoHouseholdId', 'relations', 'occurredOn', 'reason']}
      codeFields={{ not_found: 'intoHouseholdId', member_not_active: 'relations' }}
      okText={t('householdPage.mergeOk')}
      danger
      testId="household-merge"
      width={640}
      onClose={onClose}
      onHouseholdClosed={onHouseholdClosed}
      initialValues={{ relations: Object.fromEntries(members.map((m) => [m.id, 'other' as const])) }}
    >
      <Alert type="warning" showIcon title={t('householdPage.mergeWarning')} style={{ marginBottom: 16 }} />
      <Form.Item name="intoHouseholdId" label={t('householdPage.mergeInto')} rules={[{ required: true, message: t('common.required') }]}>
        <Select<string>
          placeholder={t('householdPage.mergeSearch')}
          showSearch={{ filterOption: false, onSearch: setText }}
          notFoundContent={search.searching ? <Spin size="small" /> : (search.failure ?? t('householdPage.mergeNoResults'))}
          options={(picked && !hits.some((row) => row.id === picked.id) ? [picked, ...hits] : hits).map((row) => ({
            value: row.id,
            label: (
              <span>
                {row.headName}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {row.householdNo} · {row.villageName}
                </Typography.Text>
              </span>
            ),
          }))}
          onChange={(id: string) => setPicked(hits.find((row) => row.id === id) ?? (picked?.id === id ? picked : null))}
          data-testid="merge-target"
        />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('householdPage.mergeRelationsHint')}</Typography.Paragraph>
      {members.map((m) => (
        <Form.Item
          key={m.id}
          name={['relations', m.id]}
          label={t('householdPage.mergeRelation', { name: `${m.name}(${labelOf(RELATIONS, m.relation, lang)})` })}
        >
          <Select options={codeOptions(RELATIONS, lang, ['head'])} style={{ maxWidth: 280 }} />
        </Form.Item>
      ))}
      <DateField name="occurredOn" label={t('householdPage.occurredOn')} />
      <ReasonField label={t('householdPage.eventReason')} />
    </WriteModal>
  );
}

/** Whether an error's details name the household to join (`field` or a `fields` entry `intoHouseholdId`). */
function namesTarget(details: unknown): boolean {
  const d = details as { field?: unknown; fields?: unknown } | null | undefined;
  if (d?.field === 'intoHouseholdId') return true;
  return Array.isArray(d?.fields) && d.fields.some((f) => (f as { path?: unknown } | null)?.path === 'intoHouseholdId');
}
