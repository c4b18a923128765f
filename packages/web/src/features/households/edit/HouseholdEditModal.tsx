import { Divider, Form, Typography } from 'antd';
import type { Assets, Cause, HouseholdPatch } from '@jingzhun/domain';
import { patchHousehold } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { AssetsFields, ConditionsFields, ProfileFields, type ConditionValues } from '../form/HouseholdFields.tsx';
import { ASSET_FIELDS, CONDITION_FLAGS } from '../labels.ts';
import { blankToNull } from '../form/submit.ts';
import { ReasonField, WriteModal, type DialogProps } from './WriteModal.tsx';
import { HouseholdEditPreview } from '../evaluation/EvaluationPreview.tsx';

interface Values {
  address?: string;
  phone?: string;
  attribute?: HouseholdPatch['attribute'];
  mainCause?: Cause;
  secondaryCauses?: Cause[];
  bankName?: string;
  bankAccount?: string;
  conditions?: ConditionValues;
  assets?: Partial<Assets>;
  reason?: string;
}

const FIELDS = ['address', 'phone', 'attribute', 'mainCause', 'secondaryCauses', 'bankName', 'bankAccount', 'conditions', 'assets', 'reason'];

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The facts of `values` that differ from those on record; one emptied back to 未填 is sent as null. */
function changedFacts<K extends string>(keys: readonly K[], values: Partial<Record<K, unknown>> | undefined, stored: Partial<Record<K, unknown>> | null) {
  const changed = keys.filter((k) => !sameJson(values?.[k], stored?.[k]));
  return changed.length === 0 ? undefined : Object.fromEntries(changed.map((k) => [k, values?.[k] ?? null]));
}

const CONDITION_KEYS = [...CONDITION_FLAGS, 'housingGrade'] as const;

/** 修改: corrects the household's own fields; only what changed is sent, with the reason. */
export function HouseholdEditModal({ household: h, onClose, onDone, onHouseholdClosed }: DialogProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const initialConditions = { ...(h.conditions ?? {}) } as ConditionValues;

  const submit = async (values: Values) => {
    const patch: Omit<HouseholdPatch, 'reason'> = {};
    const address = (values.address ?? '').trim();
    if (address !== h.address) patch.address = address;
    if (!sameJson(blankToNull(values.phone), h.phone)) patch.phone = blankToNull(values.phone);
    if (values.attribute && values.attribute !== h.attribute) patch.attribute = values.attribute;
    if (values.mainCause && values.mainCause !== h.mainCause) patch.mainCause = values.mainCause;
    const secondary = (values.secondaryCauses ?? []).filter((c) => c !== (values.mainCause ?? h.mainCause));
    if (!sameJson([...secondary].sort(), [...h.secondaryCauses].sort())) patch.secondaryCauses = secondary;
    if (!sameJson(blankToNull(values.bankName), h.bankName)) patch.bankName = blankToNull(values.bankName);
    if (!sameJson(blankToNull(values.bankAccount), h.bankAccount)) patch.bankAccount = blankToNull(values.bankAccount);
    const conditions = changedFacts(CONDITION_KEYS, values.conditions, h.conditions);
    if (conditions) patch.conditions = conditions as HouseholdPatch['conditions'];
    // Only the assets that changed are sent: one not named keeps its value, one emptied becomes unknown.
    const assets = changedFacts(ASSET_FIELDS, values.assets, h.assets);
    if (assets) patch.assets = assets as Partial<Assets>;
    if (Object.keys(patch).length === 0) {
      form.setFields([{ name: 'reason', errors: [t('householdPage.nothingChanged')] }]);
      return;
    }
    const saved = await patchHousehold(h.id, { ...patch, reason: (values.reason ?? '').trim() });
    onDone(t('householdPage.saved', { n: saved.changed }));
  };

  return (
    <WriteModal<Values>
      title={t('householdPage.editTitle', { name: h.headName })}
      form={form}
      submit={submit}
      fieldNames={FIELDS}
      testId="household-edit"
      width={880}
      onClose={onClose}
      onHouseholdClosed={onHouseholdClosed}
      initialValues={{
        address: h.address,
        phone: h.phone ?? '',
        attribute: h.attribute as Values['attribute'],
        mainCause: (h.mainCause ?? undefined) as Cause | undefined,
        secondaryCauses: h.secondaryCauses as Cause[],
        bankName: h.bankName ?? '',
        bankAccount: h.bankAccount ?? '',
        conditions: initialConditions,
        assets: { ...h.assets },
      }}
    >
      <ProfileFields />
      <Divider titlePlacement="start">{t('household.conditions')}</Divider>
      <ConditionsFields />
      <Divider titlePlacement="start">{t('household.assets')}</Divider>
      <AssetsFields />
      <HouseholdEditPreview household={h} />
      <Divider />
      <Typography.Paragraph type="secondary">{t('householdPage.editHint')}</Typography.Paragraph>
      <ReasonField />
    </WriteModal>
  );
}
