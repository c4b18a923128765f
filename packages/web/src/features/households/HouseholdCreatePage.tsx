import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Flex, Form, InputNumber, Row, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { can, codeLabel, errorMessage, headCount, RELATIONS, type Assets, type Cause, type HouseholdCreate } from '@jingzhun/domain';
import { createHousehold } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { isVillageCode, VillagePicker } from '../../shared/components/VillagePicker.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { scrollToFirstError, showFormError } from '../../shared/lib/formErrors.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { AssetsFields, ConditionsFields, ProfileFields, toConditions, type ConditionValues } from './form/HouseholdFields.tsx';
import { IncomeFields, membersAtYearEnd, toIncomeInput, type IncomeValues } from './form/IncomeFields.tsx';
import { MemberFields } from './form/MemberFields.tsx';
import { RegistrationField } from './form/RegistrationField.tsx';
import { CreateFormPreview } from './evaluation/EvaluationPreview.tsx';
import { newMember, toMemberInput, type MemberValues } from './form/memberForm.ts';
import { blankToNull, useWriteWarnings } from './form/submit.ts';

interface Values {
  /** Already identified (the registry as it stands) or an applicant for identification. */
  status?: HouseholdCreate['status'];
  villageCode?: string;
  address?: string;
  phone?: string;
  attribute?: HouseholdCreate['attribute'];
  mainCause?: Cause;
  secondaryCauses?: Cause[];
  bankName?: string;
  bankAccount?: string;
  yearRegistered?: number;
  conditions?: ConditionValues;
  assets?: Partial<Assets>;
  members?: MemberValues[];
  incomes?: IncomeValues[];
}

const FIELDS = [
  'status', 'villageCode', 'address', 'phone', 'attribute', 'mainCause', 'secondaryCauses', 'bankName', 'bankAccount', 'yearRegistered',
  'conditions', 'assets', 'members', 'incomes',
] as const;
const CODE_FIELDS = { region_not_found: 'villageCode', region_outside_scope: 'villageCode', head_count: 'members' };

/** `/households/new`: registers a household with its members and incomes. */
export default function HouseholdCreatePage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'writeRegistry')) return <ForbiddenResult message={t('households.writeForbidden')} />;
  return <CreateForm />;
}

function CreateForm() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { code } = useRegion();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const showWarnings = useWriteWarnings();
  const members = (Form.useWatch('members', form) ?? []) as MemberValues[];
  const heads = headCount(members.map((m) => ({ relation: m?.relation ?? '' })));
  const headMessage = errorMessage('head_count', lang);
  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;

  const submit = async (values: Values) => {
    setFormError(null);
    if (heads !== 1) {
      form.setFields([{ name: ['members'], errors: [headMessage] }]);
      return;
    }
    const conditions = toConditions(values.conditions);
    const body: HouseholdCreate = {
      status: values.status ?? 'poor',
      villageCode: values.villageCode ?? '',
      address: (values.address ?? '').trim(),
      phone: blankToNull(values.phone),
      attribute: values.attribute as HouseholdCreate['attribute'],
      mainCause: values.mainCause as Cause,
      secondaryCauses: (values.secondaryCauses ?? []).filter((c) => c !== values.mainCause),
      bankName: blankToNull(values.bankName),
      bankAccount: blankToNull(values.bankAccount),
      yearRegistered: values.yearRegistered ?? new Date().getFullYear(),
      ...(conditions ? { conditions } : {}),
      // An asset left 未填 is not sent: unknown, not "none".
      assets: Object.fromEntries(Object.entries(values.assets ?? {}).filter(([, v]) => v !== undefined && v !== null)),
      members: (values.members ?? []).map(toMemberInput),
      incomes: (values.incomes ?? []).map(toIncomeInput),
    };
    setSaving(true);
    try {
      const created = await createHousehold(body);
      void message.success(t('households.created', { name: created.headName, no: created.householdNo }));
      showWarnings(created.warnings, (i) => body.members[i]?.name);
      void navigate({ pathname: `/households/${created.id}`, search: regionSearch }, { replace: true });
    } catch (e) {
      showFormError(form, e, setFormError, { fieldNames: FIELDS, codeFields: CODE_FIELDS });
      scrollToFirstError(form);
    } finally {
      setSaving(false);
    }
  };

  const thisYear = new Date().getFullYear();
  const membersIn = (year: number) => membersAtYearEnd(members.filter(Boolean), year);

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      onFinishFailed={() => scrollToFirstError(form)}
      autoComplete="off"
      data-testid="household-form"
      initialValues={{
        status: 'poor',
        villageCode: isVillageCode(code) ? code : undefined,
        yearRegistered: thisYear,
        secondaryCauses: [],
        members: [newMember('head')],
        incomes: [],
      }}
    >
      <Flex vertical gap={16}>
        <Card title={t('households.createTitle')}>
          {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
          <RegistrationField />
          <Row gutter={16}>
            <Col xs={24} lg={16}>
              <Form.Item
                name="villageCode"
                label={t('household.village')}
                required
                extra={t('household.villageHint')}
                rules={[
                  {
                    validator: (_, value: string | undefined) =>
                      isVillageCode(value) ? Promise.resolve() : Promise.reject(new Error(t('household.villageRequired'))),
                  },
                ]}
              >
                <VillagePicker />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="yearRegistered" label={t('household.yearRegistered')} rules={[{ required: true, message: t('common.required') }]}>
                <InputNumber<number> min={2013} max={thisYear} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <ProfileFields />
        </Card>

        <Form.List name="members">
          {(fields, { add, remove }, { errors }) => (
            <Card
              title={t('householdPage.tabMembers')}
              extra={
                <Button icon={<PlusOutlined />} onClick={() => add(newMember(heads === 0 ? 'head' : undefined))} data-testid="member-add">
                  {t('households.addMember')}
                </Button>
              }
            >
              <Flex vertical gap={12}>
                {fields.map((field, index) => {
                  const m = members[field.name];
                  const relation = m?.relation ? codeLabel(RELATIONS, m.relation, lang) : '';
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      type="inner"
                      title={
                        <Space size={8}>
                          <span>{t('households.memberN', { n: index + 1 })}</span>
                          {m?.name && <Typography.Text strong>{m.name}</Typography.Text>}
                          {relation && <Typography.Text type="secondary">{relation}</Typography.Text>}
                        </Space>
                      }
                      extra={
                        fields.length > 1 ? (
                          <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('households.removeMember')}>
                            {t('households.removeMember')}
                          </Button>
                        ) : undefined
                      }
                      data-testid={`member-${index}`}
                    >
                      <MemberFields name={[field.name]} path={['members', field.name]} allowHead />
                    </Card>
                  );
                })}
                <Form.ErrorList
                  errors={heads !== 1 ? [headMessage] : errors.filter((e) => e !== headMessage)}
                />
              </Flex>
            </Card>
          )}
        </Form.List>

        <Form.List name="incomes">
          {(fields, { add, remove }) => (
            <Card
              title={t('householdPage.tabIncomes')}
              extra={
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => {
                    const taken = ((form.getFieldValue('incomes') ?? []) as IncomeValues[]).map((i) => i?.year);
                    let year = thisYear - 1;
                    while (taken.includes(year) && year > 2010) year--;
                    add({ year });
                  }}
                >
                  {t('households.addIncome')}
                </Button>
              }
            >
              {fields.length === 0 ? (
                <Typography.Text type="secondary">{t('households.noIncomes')}</Typography.Text>
              ) : (
                <Flex vertical gap={12}>
                  {fields.map((field) => (
                    <Card
                      key={field.key}
                      size="small"
                      type="inner"
                      extra={
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                          {t('households.removeIncome')}
                        </Button>
                      }
                    >
                      <IncomeFields
                        name={[field.name]}
                        path={['incomes', field.name]}
                        membersIn={membersIn}
                        otherYears={() =>
                          ((form.getFieldValue('incomes') ?? []) as IncomeValues[])
                            .filter((_, i) => i !== field.name)
                            .map((i) => i?.year)
                            .filter((y): y is number => y !== undefined)
                        }
                      />
                    </Card>
                  ))}
                </Flex>
              )}
            </Card>
          )}
        </Form.List>

        <Card title={t('household.conditions')} extra={<Typography.Text type="secondary">{t('household.conditionsHint')}</Typography.Text>}>
          <ConditionsFields />
        </Card>

        <Card title={t('household.assets')}>
          <AssetsFields />
        </Card>

        <CreateFormPreview />

        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => void navigate({ pathname: '/households', search: regionSearch })}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="household-submit">
            {t('common.save')}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
