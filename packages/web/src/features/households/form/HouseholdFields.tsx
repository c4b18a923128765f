import { Col, Form, Input, Row, Select } from 'antd';
import { CAUSES, HOUSEHOLD_ATTRIBUTES, householdCreateSchema, HOUSING_GRADES, type Conditions } from '@jingzhun/domain';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { ASSET_FIELDS, ASSET_LABELS, CONDITION_FLAGS, CONDITION_LABELS, codeOptions } from '../labels.ts';
import { schemaRule } from './rules.ts';
import { YesNoUnknown } from './YesNoUnknown.tsx';

/** The conditions as the form holds them: any may still be unanswered. */
export type ConditionValues = Partial<Conditions>;

/** The conditions to send: those answered (a blank one is unknown), or none at all. */
export function toConditions(values: ConditionValues | undefined): Conditions | undefined {
  if (!values) return undefined;
  const answered = Object.entries(values).filter(([, v]) => v !== undefined && v !== null);
  return answered.length === 0 ? undefined : (Object.fromEntries(answered) as Conditions);
}

/** Address, phone, attribute, causes and bank of a household. */
export function ProfileFields() {
  const { t, lang } = useI18n();
  const required = { required: true, message: t('common.required') };
  const col = { xs: 24, sm: 12, lg: 8 };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <Form.Item name="address" label={t('household.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name="phone" label={t('household.phone')} rules={[schemaRule(householdCreateSchema.shape.phone, t('household.phoneInvalid'))]}>
          <Input inputMode="tel" maxLength={20} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name="attribute" label={t('household.attribute')} rules={[required]}>
          <Select options={codeOptions(HOUSEHOLD_ATTRIBUTES, lang)} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name="mainCause" label={t('household.mainCause')} rules={[required]}>
          <Select options={codeOptions(CAUSES, lang)} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item noStyle dependencies={['mainCause']}>
          {({ getFieldValue }) => (
            <Form.Item name="secondaryCauses" label={t('household.secondaryCauses')}>
              <Select mode="multiple" allowClear options={codeOptions(CAUSES, lang, [getFieldValue('mainCause') as string])} />
            </Form.Item>
          )}
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name="bankName" label={t('household.bankName')} rules={[{ max: 60 }]}>
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item
          name="bankAccount"
          label={t('household.bankAccount')}
          rules={[schemaRule(householdCreateSchema.shape.bankAccount, t('household.bankAccountInvalid'))]}
        >
          <Input inputMode="numeric" maxLength={30} autoComplete="off" />
        </Form.Item>
      </Col>
    </Row>
  );
}

/**
 * 两不愁三保障 and safe water: each answered 是 or 否, or left 未填 (not recorded: unknown, never 否).
 */
export function ConditionsFields() {
  const { t, lang } = useI18n();
  return (
    <Row gutter={16}>
      {CONDITION_FLAGS.map((field) => (
        <Col key={field} xs={24} sm={12} lg={8}>
          <Form.Item name={['conditions', field]} label={t(CONDITION_LABELS[field])}>
            <YesNoUnknown data-testid={`condition-${field}`} />
          </Form.Item>
        </Col>
      ))}
      <Col xs={24} sm={12} lg={8}>
        <Form.Item name={['conditions', 'housingGrade']} label={t('condition.housingGrade')}>
          <Select allowClear placeholder={t('common.notRecorded')} options={codeOptions(HOUSING_GRADES, lang)} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** What the exclusion rules look at: car, machinery, property in town, a registered business; each may be 未填. */
export function AssetsFields() {
  const { t } = useI18n();
  return (
    <Row gutter={16}>
      {ASSET_FIELDS.map((field) => (
        <Col key={field} xs={24} sm={12} lg={6}>
          <Form.Item name={['assets', field]} label={t(ASSET_LABELS[field])} style={{ marginBottom: 8 }}>
            <YesNoUnknown data-testid={`asset-${field}`} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}
