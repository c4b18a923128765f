import { Link } from 'react-router-dom';
import { Col, Form, Input, Radio, Row, Select, Typography } from 'antd';
import {
  DISABILITY_TYPES,
  EDUCATION_LEVELS,
  EMPLOYMENT_KINDS,
  HEALTH_STATES,
  LABOUR_CAPACITIES,
  MEMBER_PROBLEM_MESSAGES,
  memberInputSchema,
  normalizeIdNumber,
  parseIdNumber,
  RELATIONS,
  SCHOOL_STATUSES,
  SEXES,
  type MemberProblem,
} from '@jingzhun/domain';
import { findPerson, type RegisteredPerson } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { useDebouncedSearch } from '../../../shared/lib/useDebouncedSearch.ts';
import { chinaDate } from '../../../shared/lib/format.ts';
import { codeOptions } from '../labels.ts';
import { memberProblems, type MemberValues } from './memberForm.ts';
import { schemaRule } from './rules.ts';
import { YesNoUnknown } from './YesNoUnknown.tsx';

type NamePath = (string | number)[];

interface Props {
  /** Where the member's fields are, relative to the enclosing Form.List if any (`[field.name]`), or `[]`. */
  name: NamePath;
  /** The same place from the form's root (`['members', 2]`), for reading and setting values. */
  path: NamePath;
  /** Whether `head` may be chosen (only when creating a household). */
  allowHead?: boolean;
  /** The relation cannot be changed here (the head's changes only through a change of head). */
  relationLocked?: boolean;
  /** The member being corrected: finding the ID registered to this very member is no conflict. */
  memberId?: string;
}

const GRADES = [1, 2, 3, 4];

/**
 * The fields of one family member, with the server's own member rules run as they are typed: the ID's
 * check character and birth date, sex and birth date against the ID (prefilled from it), disability
 * details; and a look-up of where a valid ID is already registered.
 */
export function MemberFields({ name, path, allowHead = false, relationLocked = false, memberId }: Props) {
  const { t, lang } = useI18n();
  const form = Form.useFormInstance();
  const member = Form.useWatch(path, form) as MemberValues | undefined;
  const today = chinaDate();
  const at = (field: string): NamePath => [...name, field];
  const abs = (field: string): NamePath => [...path, field];
  const problemMessage = (p: MemberProblem) => MEMBER_PROBLEM_MESSAGES[p.code][lang];

  /** A rule that fails with the member problems found on `field`. */
  const problemRule = (field: string, show: (p: MemberProblem) => boolean = () => true) => ({
    validator: () => {
      const current = form.getFieldValue(path) as MemberValues | undefined;
      const found = memberProblems(current, today).filter((p) => p.path === field && p.severity === 'error' && show(p));
      return found.length > 0 ? Promise.reject(new Error(problemMessage(found[0]!))) : Promise.resolve();
    },
  });

  // The birth date and sex are inside a valid ID: fill them in, then recheck both.
  const onIdChange = (value: string) => {
    const parsed = parseIdNumber(value);
    if (!parsed.ok) return;
    const current = form.getFieldValue(path) as MemberValues | undefined;
    if (current?.birthDate !== parsed.value.birthDate) form.setFieldValue(abs('birthDate'), parsed.value.birthDate);
    if (current?.sex !== parsed.value.sex) form.setFieldValue(abs('sex'), parsed.value.sex);
    void form.validateFields([abs('birthDate'), abs('sex')]).catch(() => undefined);
  };

  const registered = useRegisteredPerson(member?.idNumber, memberId);
  const disabled = member?.health === 'disabled';
  const relationOptions = codeOptions(RELATIONS, lang, allowHead || relationLocked ? [] : ['head']);
  const required = { required: true, message: t('common.required') };
  const col = { xs: 24, sm: 12, lg: 8 };

  return (
    <Row gutter={16}>
      <Col {...col}>
        <Form.Item name={at('name')} label={t('member.name')} rules={[{ ...required, whitespace: true }, { max: 40 }]}>
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item
          name={at('idNumber')}
          label={t('member.idNumber')}
          validateTrigger={['onChange', 'onBlur']}
          extra={
            registered ? (
              <Typography.Text type="warning" data-testid="person-registered">
                {t('member.alreadyRegistered', { head: registered.headName, no: registered.householdNo })}{' '}
                <Link to={`/households/${registered.householdId}`} target="_blank">
                  {t('member.openHousehold')}
                </Link>
              </Typography.Text>
            ) : undefined
          }
          rules={[
            { ...required, whitespace: true },
            // While typing, "18 characters" would nag at every key: it waits for the box to be left.
            {
              validateTrigger: ['onChange', 'onBlur'],
              ...problemRule('idNumber', (p) => p.code !== 'id_format' || normalizeIdNumber(member?.idNumber ?? '').length >= 18),
            },
            { validateTrigger: 'onBlur', ...problemRule('idNumber') },
          ]}
        >
          <Input
            maxLength={20}
            autoComplete="off"
            inputMode="text"
            style={{ fontVariantNumeric: 'tabular-nums' }}
            onChange={(e) => onIdChange(e.target.value)}
            data-testid="member-id-number"
          />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name={at('relation')} label={t('member.relation')} rules={[required]}>
          <Select options={relationOptions} disabled={relationLocked} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name={at('sex')} label={t('member.sex')} rules={[required, problemRule('sex')]}>
          <Radio.Group options={codeOptions(SEXES, lang)} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item
          name={at('birthDate')}
          label={t('member.birthDate')}
          extra={t('member.fromIdHint')}
          rules={[required, problemRule('birthDate')]}
        >
          <Input type="date" max={today} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name={at('ethnicity')} label={t('member.ethnicity')} rules={[{ max: 20 }]}>
          <Input maxLength={20} placeholder={t('member.ethnicityPlaceholder')} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name={at('education')} label={t('member.education')}>
          <Select allowClear options={codeOptions(EDUCATION_LEVELS, lang)} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name={at('schoolStatus')} label={t('member.schoolStatus')}>
          <Select allowClear placeholder={t('common.notRecorded')} options={codeOptions(SCHOOL_STATUSES, lang)} data-testid="member-schoolStatus" />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name={at('health')} label={t('member.health')}>
          <Select
            allowClear
            placeholder={t('common.notRecorded')}
            data-testid="member-health"
            options={codeOptions(HEALTH_STATES, lang)}
            onChange={() => void form.validateFields([abs('disabilityType')]).catch(() => undefined)}
          />
        </Form.Item>
      </Col>
      {disabled && (
        <>
          <Col {...col}>
            <Form.Item name={at('disabilityType')} label={t('member.disabilityType')} rules={[problemRule('disabilityType')]}>
              <Select allowClear options={codeOptions(DISABILITY_TYPES, lang)} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name={at('disabilityGrade')}
              label={t('member.disabilityGrade')}
              rules={[{ required: true, message: MEMBER_PROBLEM_MESSAGES.disability_without_type[lang] }]}
            >
              <Select allowClear options={GRADES.map((g) => ({ value: g, label: t('member.gradeOption', { grade: g }) }))} />
            </Form.Item>
          </Col>
        </>
      )}
      <Col {...col}>
        <Form.Item name={at('labourCapacity')} label={t('member.labourCapacity')}>
          <Select allowClear placeholder={t('common.notRecorded')} options={codeOptions(LABOUR_CAPACITIES, lang)} data-testid="member-labourCapacity" />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name={at('employment')} label={t('member.employment')}>
          <Select allowClear placeholder={t('common.notRecorded')} options={codeOptions(EMPLOYMENT_KINDS, lang)} data-testid="member-employment" />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name={at('phone')} label={t('member.phone')} rules={[schemaRule(memberInputSchema.shape.phone, t('household.phoneInvalid'))]}>
          <Input inputMode="tel" maxLength={20} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Flags name={name} />
      </Col>
    </Row>
  );
}

/** The yes/no facts of a member, each 是, 否 or 未填 (not recorded, the start). */
function Flags({ name }: { name: NamePath }) {
  const { t } = useI18n();
  const flags = [
    ['chronicDiseaseCard', t('member.chronicDiseaseCard')],
    ['medicalInsured', t('member.medicalInsured')],
    ['pensionInsured', t('member.pensionInsured')],
    ['publicPayroll', t('member.publicPayroll')],
  ] as const;
  return (
    <>
      <Row gutter={16}>
        {flags.map(([field, label]) => (
          <Col key={field} xs={24} sm={12} lg={6}>
            <Form.Item name={[...name, field]} label={label} style={{ marginBottom: 8 }}>
              <YesNoUnknown data-testid={`member-${field}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('member.unknownHint')}
      </Typography.Text>
    </>
  );
}

/** Where a valid ID typed here is already registered (inside the user's region), looked up after a pause. */
function useRegisteredPerson(idNumber: string | undefined, memberId: string | undefined): RegisteredPerson | null {
  const parsed = parseIdNumber(idNumber ?? '');
  // The look-up only helps; the server refuses a duplicate person on saving anyway, so a failure shows nothing.
  const found = useDebouncedSearch(parsed.ok ? parsed.value.idNumber : '', (id, signal) => findPerson(id, signal), { delayMs: 400 });
  return found.data && found.data.memberId !== memberId ? found.data : null;
}
