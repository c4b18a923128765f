import { Form, Input, InputNumber, Radio, Select } from 'antd';
import { ALERT_DEPARTMENTS, APPLICATION_SOURCES, MONITORING_CATEGORIES, type ProcedureKind, type StepCode } from '@jingzhun/domain';
import { useI18n, type MessageKey } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { codeOptions } from '../households/labels.ts';

/** Where each step's fields live in the form: under `payload`, as the API takes them. */
const p = (field: string) => ['payload', field];

/** A date field of a step: not in the future, the day itself by default. */
function StepDate({ field, label, testId }: { field: string; label: MessageKey; testId: string }) {
  const { t } = useI18n();
  const today = chinaDate();
  return (
    <Form.Item
      name={p(field)}
      label={t(label)}
      rules={[
        { required: true, message: t('common.required') },
        { validator: (_, v: string | undefined) => (!v || v <= today ? Promise.resolve() : Promise.reject(new Error(t('procedures.dateInFuture')))) },
      ]}
    >
      <Input type="date" max={today} style={{ maxWidth: 220 }} data-testid={testId} />
    </Form.Item>
  );
}

/** A text of `min`–`max` characters, required when the step is approved. */
function StepText({ field, label, min, max, rows, required = true, hint, testId }: {
  field: string;
  label: MessageKey;
  min: number;
  max: number;
  rows?: number;
  required?: boolean;
  hint?: MessageKey;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={p(field)}
      label={t(label)}
      {...(hint ? { extra: t(hint) } : {})}
      rules={[
        ...(required ? [{ required: true, whitespace: true, message: t('common.required') }] : []),
        { min, max, message: t('procedures.length', { min, max }) },
      ]}
    >
      {rows ? <Input.TextArea rows={rows} maxLength={max} showCount data-testid={testId} /> : <Input maxLength={max} data-testid={testId} />}
    </Form.Item>
  );
}

/**
 * The fields a step records, named as the API's payload (`payload.reason`, …) so the server's field
 * errors land on them. Required marks are for approving: a return or rejection sends what is filled in.
 */
export function StepFields({ kind, step }: { kind: ProcedureKind; step: StepCode }) {
  const { t, lang } = useI18n();
  const source = Form.useWatch<string | undefined>(p('source'));
  switch (step) {
    case 'application':
    case 'proposal': {
      const monitoring = kind === 'monitoring_inclusion';
      return (
        <>
          <StepText field="reason" label={step === 'application' ? 'procedures.field.applicationReason' : 'procedures.field.proposalReason'} min={2} max={2000} rows={3} testId="step-reason" />
          <Form.Item
            name={p('source')}
            label={t('procedures.field.source')}
            rules={monitoring ? [{ required: true, message: t('procedures.field.sourceRequired') }] : []}
          >
            <Select allowClear options={codeOptions(APPLICATION_SOURCES, lang)} style={{ maxWidth: 320 }} data-testid="step-source" />
          </Form.Item>
          {source === 'data_alert' && (
            <Form.Item name={p('alertDepartment')} label={t('procedures.field.alertDepartment')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={codeOptions(ALERT_DEPARTMENTS, lang)} style={{ maxWidth: 320 }} data-testid="step-alert-department" />
            </Form.Item>
          )}
        </>
      );
    }
    case 'survey':
    case 'verification':
      return (
        <>
          <StepDate field="surveyedOn" label={step === 'survey' ? 'procedures.field.surveyedOn' : 'procedures.field.verifiedOn'} testId="step-surveyed-on" />
          <StepText field="findings" label="procedures.field.findings" min={0} max={4000} rows={4} required={false} hint="procedures.field.findingsHint" testId="step-findings" />
        </>
      );
    case 'deliberation':
      return (
        <>
          <StepDate field="heldOn" label="procedures.field.heldOn" testId="step-held-on" />
          <Form.Item
            name={p('attendance')}
            label={t('procedures.field.attendance')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber<number> min={1} max={10_000} precision={0} style={{ width: 160 }} data-testid="step-attendance" />
          </Form.Item>
          <Form.Item
            name={p('present')}
            label={t('procedures.field.present')}
            extra={t('procedures.field.presentHint')}
            dependencies={[p('attendance')]}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, names: string[] | undefined) => {
                  const attendance = getFieldValue(p('attendance')) as number | null | undefined;
                  return names && typeof attendance === 'number' && names.length > attendance
                    ? Promise.reject(new Error(t('procedures.field.presentTooMany')))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} suffixIcon={null} data-testid="step-present" />
          </Form.Item>
          <Form.Item name={p('result')} label={t('procedures.field.result')} rules={[{ required: true, message: t('common.required') }]}>
            <Radio.Group
              data-testid="step-result"
              options={[
                { value: 'agreed', label: t('procedures.result.agreed') },
                { value: 'not_agreed', label: t('procedures.result.not_agreed') },
              ]}
            />
          </Form.Item>
          <StepText field="minutes" label="procedures.field.minutes" min={2} max={20_000} rows={4} testId="step-minutes" />
        </>
      );
    case 'household_consent':
      return (
        <>
          <StepDate field="consentedOn" label="procedures.field.consentedOn" testId="step-consented-on" />
          <StepText field="signedBy" label="procedures.field.signedBy" min={1} max={40} hint="procedures.field.signedByHint" testId="step-signed-by" />
        </>
      );
    case 'notice':
      return null;
    case 'township_review':
      return <StepText field="opinion" label="procedures.field.opinion" min={2} max={4000} rows={3} testId="step-opinion" />;
    case 'county_approval':
      return (
        <>
          <StepText field="decisionNo" label="procedures.field.decisionNo" min={1} max={60} required={false} hint="procedures.field.decisionNoHint" testId="step-decision-no" />
          <StepDate field="announcedOn" label="procedures.field.announcedOn" testId="step-announced-on" />
          {kind === 'monitoring_inclusion' && (
            <Form.Item name={p('category')} label={t('procedures.field.category')} rules={[{ required: true, message: t('procedures.field.categoryRequired') }]}>
              <Select options={codeOptions(MONITORING_CATEGORIES, lang)} style={{ maxWidth: 320 }} data-testid="step-category" />
            </Form.Item>
          )}
        </>
      );
  }
}

/** The values a step's form starts with: today's date for its date, the head of household as signer. */
export function initialPayload(step: StepCode, headName: string): Record<string, unknown> {
  const today = chinaDate();
  switch (step) {
    case 'survey':
    case 'verification':
      return { surveyedOn: today };
    case 'deliberation':
      return { heldOn: today };
    case 'household_consent':
      return { consentedOn: today, signedBy: headName };
    case 'county_approval':
      return { announcedOn: today };
    default:
      return {};
  }
}
