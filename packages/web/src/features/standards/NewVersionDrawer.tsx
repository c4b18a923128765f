import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Checkbox, Col, Drawer, Flex, Form, Grid, Input, InputNumber, Row, Select, Space, Spin, Tag, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ALERT_RULE_KEYS, ALERT_RULES, calendarYear, calendarYears, CAUSE_COVERAGE, CAUSES, COUNTRY_CODE, isIsoDate, MEASURE_FAMILIES } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { createPolicyVersion, getEffectiveProfile, policyFieldErrors, type PolicyVersion } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { RegionCodeInput } from '../../shared/components/RegionCodeInput.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { scrollToFirstError } from '../../shared/lib/formErrors.ts';
import {
  buildVersionBody,
  CAUSE_KEYS,
  DEFAULT_FAMILY_KEYS,
  FAMILY_KEY,
  ownVersion,
  prefill,
  ruleMessage,
  SECTION_FIELDS,
  versionFieldOf,
  writableScope,
  type FamilyValues,
  type LineValues,
  type VersionValues as Values,
} from './versionBody.ts';

interface Props {
  open: boolean;
  onClose: () => void;
  /** The version was recorded: reload the profile and the list. */
  onCreated: (version: PolicyVersion) => void;
  versions: readonly PolicyVersion[];
}

/**
 * 新版本: records a new version of the standards of a scope inside the user's region, from a date.
 * Mounted only while open, so every opening starts from the profile in force.
 */
export function NewVersionDrawer(props: Props) {
  return props.open ? <NewVersionForm {...props} /> : null;
}

function NewVersionForm({ onClose, onCreated, versions }: Props) {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  // Paths of the server's errors are built at run time; the untyped instance takes them as they are.
  const fields = form as FormInstance;
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const today = chinaDate();
  const ownRegion = me.region.code;
  const defaultScope = writableScope(ownRegion, ownRegion) ? ownRegion : undefined;

  const scope = (Form.useWatch('scopeCode', form) as string | undefined)?.trim() ?? '';
  const effectiveFrom = Form.useWatch('effectiveFrom', form) as string | undefined;
  const validScope = writableScope(scope, ownRegion) ? scope : undefined;
  const date = effectiveFrom && /^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) ? effectiveFrom : today;
  const key = `${validScope}|${date}`;
  // The answer carries what it was asked for: while the next one loads, the last one is not taken for it.
  const base = useApi(
    (signal) => getEffectiveProfile({ region: validScope, date }, signal).then((profile) => ({ key, profile })),
    [key],
    validScope === undefined,
  );
  const baseProfile = base.data?.key === key && validScope !== undefined ? base.data.profile : undefined;
  const own = useMemo(() => (validScope ? ownVersion(versions, validScope, date) : undefined), [versions, validScope, date]);

  // Fill the sections from the profile in force when it arrives, unless they were already edited.
  const [stale, setStale] = useState(false);
  const filledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!baseProfile) return;
    if (filledFor.current === key) return;
    if (filledFor.current !== null && form.isFieldsTouched([...SECTION_FIELDS])) {
      setStale(true);
      return;
    }
    filledFor.current = key;
    setStale(false);
    form.setFieldsValue(prefill(baseProfile));
  }, [baseProfile, key, form]);

  const refill = () => {
    if (!baseProfile) return;
    filledFor.current = key;
    setStale(false);
    form.resetFields([...SECTION_FIELDS]);
    form.setFieldsValue(prefill(baseProfile));
  };

  const close = () => {
    setProblems([]);
    onClose();
  };

  // The holiday calendar is edited one year at a time: picking a year fills its dates as in force.
  const editedYear = Form.useWatch('calendarYear', form) as number | undefined;
  const calendarOptions = useMemo(() => {
    const thisYear = Number(today.slice(0, 4));
    const known = baseProfile ? calendarYears(baseProfile.procedures).map((y) => y.year) : [];
    return [...new Set([...known, thisYear, thisYear + 1, thisYear + 2])].sort((a, b) => b - a).map((year) => ({ value: year, label: String(year) }));
  }, [baseProfile, today]);
  const pickYear = (year: number | undefined) => {
    if (year === undefined || !baseProfile) {
      form.setFieldsValue({ calendarPublished: undefined, calendarHolidays: undefined, calendarWorkdays: undefined });
      return;
    }
    const inForce = calendarYear(baseProfile.procedures, year);
    form.setFieldsValue({ calendarPublished: inForce.published, calendarHolidays: inForce.holidays, calendarWorkdays: inForce.extraWorkdays });
  };
  const datesOfYear = (_: unknown, dates: string[] | undefined) => {
    const wrong = (dates ?? []).find((d) => !isIsoDate(d) || Number(d.slice(0, 4)) !== editedYear);
    return wrong === undefined ? Promise.resolve() : Promise.reject(new Error(t('policy.calendar.badDate', { date: wrong, year: editedYear ?? '' })));
  };

  const submit = async (values: Values) => {
    setProblems([]);
    if (!baseProfile) return;
    const built = buildVersionBody(values, baseProfile, own);
    if ('inherited' in built) {
      const { name, year, kind } = built.inherited;
      const line = kind === 'poverty' ? t('evaluation.linePoverty') : t('evaluation.lineMonitoring');
      fields.setFields([{ name, errors: [t('policy.form.inheritedYear', { year, line })] }]);
      scrollToFirstError(form);
      return;
    }
    setSaving(true);
    try {
      const created = await createPolicyVersion(built.body);
      void message.success(t('policy.form.created', { scope: created.scopeCode, version: created.version }));
      onCreated(created);
    } catch (e) {
      const rows = values.lines ?? [];
      const refused = policyFieldErrors(e);
      const onForm = new Map<string, { name: (string | number)[]; errors: string[] }>();
      const elsewhere: string[] = [];
      for (const f of refused) {
        const text = ruleMessage(f.code, f.message, f.path, lang);
        const name = versionFieldOf(f.path, rows);
        if (!name) {
          elsewhere.push(`${f.path}: ${text}`);
          continue;
        }
        const entry = onForm.get(name.join('.')) ?? { name, errors: [] };
        if (!entry.errors.includes(text)) entry.errors.push(text);
        onForm.set(name.join('.'), entry);
      }
      if (onForm.size > 0) fields.setFields([...onForm.values()]);
      if (isApiError(e) && e.code === 'region_outside_scope') form.setFields([{ name: 'scopeCode', errors: [e.message] }]);
      else if (onForm.size === 0 || elsewhere.length > 0) {
        setProblems([e instanceof Error ? e.message : String(e), ...elsewhere]);
      }
      scrollToFirstError(form);
    } finally {
      setSaving(false);
    }
  };

  const national = validScope === COUNTRY_CODE;
  const yearRule = {
    validator: (_: unknown, value: number | undefined) => {
      if (value === undefined || value === null) return Promise.reject(new Error(t('common.required')));
      const rows = (form.getFieldValue('lines') ?? []) as LineValues[];
      return rows.filter((r) => r?.year === value).length > 1 ? Promise.reject(new Error(t('policy.form.duplicateYear', { year: value }))) : Promise.resolve();
    },
  };

  return (
    <Drawer
      open
      onClose={close}
      title={t('policy.form.title')}
      size={screens.md === false ? '100%' : 720}
      mask={{ closable: false }}
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} disabled={!baseProfile} onClick={() => form.submit()} data-testid="policy-form-submit">
            {t('policy.form.submit')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        onFinishFailed={() => scrollToFirstError(form)}
        autoComplete="off"
        initialValues={{ scopeCode: defaultScope, effectiveFrom: today }}
        data-testid="policy-form"
      >
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={problems[0]}
            description={
              problems.length > 1 ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {problems.slice(1).map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ) : undefined
            }
            data-testid="policy-form-problems"
          />
        )}
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="scopeCode"
              label={t('policy.form.scope')}
              extra={ownRegion === COUNTRY_CODE ? t('policy.form.scopeHintCountry') : t('policy.form.scopeHint')}
              rules={[
                {
                  validator: (_, value: string | undefined) =>
                    writableScope((value ?? '').trim(), ownRegion) ? Promise.resolve() : Promise.reject(new Error(t('policy.form.scopeInvalid'))),
                },
              ]}
            >
              <RegionCodeInput />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="effectiveFrom" label={t('policy.form.effectiveFrom')} rules={[{ required: true, message: t('common.required') }]}>
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="name" label={t('policy.form.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 200 }]}>
              <Input maxLength={200} placeholder={t('policy.form.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="reason"
              label={t('policy.form.reason')}
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                { min: 2, max: 500, message: t('policy.form.reasonLength') },
              ]}
            >
              <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('policy.form.reasonPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>

        {base.error !== undefined && <Alert type="error" showIcon title={base.error instanceof Error ? base.error.message : String(base.error)} style={{ marginBottom: 16 }} />}
        {stale && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('policy.form.stale')}
            action={
              <Button size="small" onClick={refill}>
                {t('policy.form.refill')}
              </Button>
            }
          />
        )}
        <Typography.Paragraph type="secondary">
          {base.loading && <Spin size="small" style={{ marginInlineEnd: 8 }} />}
          {national ? t('policy.form.nationalHint') : own ? t('policy.form.carryHint', { version: own.version }) : t('policy.form.changedHint')}
        </Typography.Paragraph>

        <Typography.Title level={5}>{t('policy.section.lines')}</Typography.Title>
        <LinesEditor yearRule={yearRule} />

        <Typography.Title level={5}>{t('policy.section.incomeExit')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="stableYears" label={t('policy.stableYears')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber<number> min={1} max={10} precision={0} style={{ width: '100%' }} suffix={t('policy.form.yearsSuffix')} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="exitDefault" label={t('policy.exit.default')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber<number> min={0.01} max={99.99} step={0.5} precision={2} style={{ width: '100%' }} suffix="%" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="exitWest" label={t('policy.exit.west')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber<number> min={0.01} max={99.99} step={0.5} precision={2} style={{ width: '100%' }} suffix="%" />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('policy.section.procedures')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={12} sm={8}>
            <Form.Item name="noticeDays" label={t('policy.noticeDays')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber<number> min={1} max={90} precision={0} style={{ width: '100%' }} suffix={t('policy.form.daysSuffix')} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="totalWorkingDays" label={t('policy.totalWorkingDays')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber<number> min={1} max={365} precision={0} style={{ width: '100%' }} suffix={t('policy.form.workingDaysSuffix')} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="calendarYear" label={t('policy.calendar.editYear')} extra={t('policy.calendar.editYearHint')}>
              <Select<number> allowClear options={calendarOptions} onChange={pickYear} placeholder={t('policy.calendar.keep')} data-testid="policy-calendar-year" />
            </Form.Item>
          </Col>
        </Row>
        {editedYear !== undefined && (
          <>
            <Form.Item name="calendarPublished" valuePropName="checked">
              <Checkbox data-testid="policy-calendar-published">{t('policy.calendar.publishedCheck', { year: editedYear })}</Checkbox>
            </Form.Item>
            <Form.Item name="calendarHolidays" label={t('policy.holidays')} rules={[{ validator: datesOfYear }]}>
              <Select mode="tags" tokenSeparators={[',', ' ', '、']} placeholder="YYYY-MM-DD" data-testid="policy-calendar-holidays" />
            </Form.Item>
            <Form.Item name="calendarWorkdays" label={t('policy.extraWorkdays')} rules={[{ validator: datesOfYear }]}>
              <Select mode="tags" tokenSeparators={[',', ' ', '、']} placeholder="YYYY-MM-DD" data-testid="policy-calendar-workdays" />
            </Form.Item>
          </>
        )}
        <Typography.Title level={5}>{t('policy.section.assistance')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={12} sm={8}>
            <Form.Item name="visitIntervalDays" label={t('policy.assistance.visitInterval')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber<number> min={1} max={366} precision={0} style={{ width: '100%' }} suffix={t('policy.form.daysSuffix')} data-testid="policy-visit-interval" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="minDaysInVillage" label={t('policy.assistance.minDays')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber<number> min={1} max={31} precision={0} style={{ width: '100%' }} suffix={t('policy.form.daysPerMonthSuffix')} data-testid="policy-min-days" />
            </Form.Item>
          </Col>
        </Row>
        <FamiliesEditor />
        <CoverageEditor />
        <MonitoringEditor />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('policy.form.otherSections')}
        </Typography.Paragraph>
      </Form>
    </Drawer>
  );
}

/** The lines as an editable table: a row per year, the poverty and monitoring line of that year. */
function LinesEditor({ yearRule }: { yearRule: { validator: (_: unknown, value: number | undefined) => Promise<void> } }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<Values>();
  const money = { min: 1, max: 1_000_000, precision: 0, step: 100, style: { width: '100%' } };
  return (
    <Form.List name="lines">
      {(fields, { add, remove }) => (
        <Flex vertical gap={4} style={{ marginBottom: 16 }} data-testid="policy-lines-editor">
          <Row gutter={8}>
            <Col span={6}>
              <Typography.Text type="secondary">{t('policy.lines.year')}</Typography.Text>
            </Col>
            <Col span={8}>
              <Typography.Text type="secondary">{t('evaluation.linePoverty')}</Typography.Text>
            </Col>
            <Col span={8}>
              <Typography.Text type="secondary">{t('evaluation.lineMonitoring')}</Typography.Text>
            </Col>
          </Row>
          {fields.map((field) => (
            <Row key={field.key} gutter={8} align="top">
              <Col span={6}>
                <Form.Item name={[field.name, 'year']} rules={[yearRule]} style={{ marginBottom: 8 }}>
                  <InputNumber<number> min={2010} max={2100} precision={0} style={{ width: '100%' }} aria-label={t('policy.lines.year')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={[field.name, 'poverty']} style={{ marginBottom: 8 }}>
                  <InputNumber<number> {...money} aria-label={t('evaluation.linePoverty')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={[field.name, 'monitoring']} style={{ marginBottom: 8 }}>
                  <InputNumber<number> {...money} aria-label={t('evaluation.lineMonitoring')} />
                </Form.Item>
              </Col>
              <Col span={2}>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('policy.form.removeYear')} />
              </Col>
            </Row>
          ))}
          <Button
            icon={<PlusOutlined />}
            onClick={() => {
              const years = ((form.getFieldValue('lines') ?? []) as LineValues[]).map((r) => r?.year ?? 0);
              add({ year: years.length > 0 ? Math.max(...years) + 1 : Number(chinaDate().slice(0, 4)) });
            }}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('policy.form.addYear')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('policy.form.linesHint')}
          </Typography.Text>
        </Flex>
      )}
    </Form.List>
  );
}

/** The measure families the region adds: a key and a name in each language per row. */
function FamiliesEditor() {
  const { t } = useI18n();
  const form = Form.useFormInstance<Values>();
  const keyRule = {
    validator: (_: unknown, value: string | undefined) => {
      const key = (value ?? '').trim();
      if (key === '') return Promise.reject(new Error(t('common.required')));
      if (!FAMILY_KEY.test(key)) return Promise.reject(new Error(t('policy.form.familyKeyPattern')));
      if (DEFAULT_FAMILY_KEYS.includes(key)) return Promise.reject(new Error(t('policy.form.familyKeyDefault')));
      const rows = (form.getFieldValue('families') ?? []) as (FamilyValues | undefined)[];
      if (rows.filter((r) => (r?.key ?? '').trim() === key).length > 1) return Promise.reject(new Error(t('policy.form.familyKeyTwice')));
      return Promise.resolve();
    },
  };
  // A family taken out of the catalogue no longer answers any cause.
  const removeRow = (index: number, remove: (index: number) => void) => {
    const key = ((form.getFieldValue(['families', index, 'key']) ?? '') as string).trim();
    remove(index);
    if (!key) return;
    const coverage = (form.getFieldValue('coverage') ?? {}) as Record<string, string[] | undefined>;
    form.setFieldsValue({ coverage: Object.fromEntries(Object.entries(coverage).map(([cause, list]) => [cause, (list ?? []).filter((f) => f !== key)])) });
  };
  return (
    <Form.List name="families">
      {(fields, { add, remove }) => (
        <Flex vertical gap={4} style={{ marginBottom: 16 }} data-testid="policy-families-editor">
          <Typography.Text strong>{t('policy.form.addedFamilies')}</Typography.Text>
          {fields.length > 0 && (
            <Row gutter={8}>
              <Col span={7}>
                <Typography.Text type="secondary">{t('policy.form.familyKey')}</Typography.Text>
              </Col>
              <Col span={7}>
                <Typography.Text type="secondary">{t('policy.form.familyZh')}</Typography.Text>
              </Col>
              <Col span={8}>
                <Typography.Text type="secondary">{t('policy.form.familyEn')}</Typography.Text>
              </Col>
            </Row>
          )}
          {fields.map((field) => (
            <Row key={field.key} gutter={8} align="top">
              <Col span={7}>
                <Form.Item name={[field.name, 'key']} rules={[keyRule]} style={{ marginBottom: 8 }}>
                  <Input maxLength={40} placeholder="dairy" aria-label={t('policy.form.familyKey')} />
                </Form.Item>
              </Col>
              <Col span={7}>
                <Form.Item name={[field.name, 'zh-CN']} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 40 }]} style={{ marginBottom: 8 }}>
                  <Input maxLength={40} aria-label={t('policy.form.familyZh')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={[field.name, 'en']} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 60 }]} style={{ marginBottom: 8 }}>
                  <Input maxLength={60} aria-label={t('policy.form.familyEn')} />
                </Form.Item>
              </Col>
              <Col span={2}>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => removeRow(field.name, remove)} aria-label={t('policy.form.removeFamily')} />
              </Col>
            </Row>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 40} style={{ alignSelf: 'flex-start' }} data-testid="policy-add-family">
            {t('policy.form.addFamily')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('policy.form.familiesHint')}
          </Typography.Text>
        </Flex>
      )}
    </Form.List>
  );
}

/** For each cause, the families that answer it, from the default families and those added above. */
function CoverageEditor() {
  const { t, lang } = useI18n();
  const form = Form.useFormInstance<Values>();
  const rows = (Form.useWatch('families', form) ?? []) as (FamilyValues | undefined)[];
  const coverage = (Form.useWatch('coverage', form) ?? {}) as Partial<Record<string, string[]>>;
  const added = rows
    .map((r) => ({ key: (r?.key ?? '').trim(), name: (lang === 'en' ? r?.en : r?.['zh-CN'])?.trim() || (r?.key ?? '').trim() }))
    .filter((r) => FAMILY_KEY.test(r.key) && !DEFAULT_FAMILY_KEYS.includes(r.key));
  const options = [
    ...Object.entries(MEASURE_FAMILIES).map(([key, labels]) => ({ value: key, label: labels[lang] })),
    ...added.filter((r, i) => added.findIndex((x) => x.key === r.key) === i).map((r) => ({ value: r.key, label: `${r.name}(${t('policy.assistance.added')})` })),
  ];
  const known = new Set(options.map((o) => o.value));
  const rule = {
    validator: (_: unknown, value: string[] | undefined) => {
      const unknown = (value ?? []).filter((f) => !known.has(f));
      return unknown.length === 0 ? Promise.resolve() : Promise.reject(new Error(t('policy.form.coverageUnknown', { keys: unknown.join(', ') })));
    },
  };
  return (
    <Flex vertical gap={4} style={{ marginBottom: 16 }} data-testid="policy-coverage-editor">
      <Typography.Text strong>{t('policy.form.coverage')}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('policy.form.coverageHint')}
      </Typography.Text>
      <Row gutter={16}>
        {CAUSE_KEYS.map((cause) => {
          const chosen = coverage[cause];
          const defaults = CAUSE_COVERAGE[cause];
          const changed = chosen !== undefined && !(chosen.length === defaults.length && chosen.every((f) => defaults.includes(f)));
          return (
            <Col xs={24} sm={12} key={cause}>
              <Form.Item
                name={['coverage', cause]}
                rules={[rule]}
                label={
                  <Space size={6}>
                    {CAUSES[cause][lang]}
                    {changed && (
                      <Tag color="orange" style={{ margin: 0 }}>
                        {t('policy.assistance.changed')}
                      </Tag>
                    )}
                  </Space>
                }
                style={{ marginBottom: 12 }}
              >
                <Select<string[]>
                  mode="multiple"
                  allowClear
                  options={options}
                  optionFilterProp="label"
                  placeholder={t('policy.assistance.noFamily')}
                  data-testid={`policy-coverage-${cause}`}
                />
              </Form.Item>
            </Col>
          );
        })}
      </Row>
    </Flex>
  );
}

/** The monitoring section (防返贫监测): which alert rules run, their thresholds, the days to act, the stable period. */
function MonitoringEditor() {
  const { t, lang } = useI18n();
  const required = [{ required: true, message: t('common.required') }];
  const days = (max: number) => ({ min: 1, max, precision: 0, style: { width: '100%' }, suffix: t('policy.form.daysSuffix') });
  const yuan = { min: 0, max: 10_000_000, precision: 0, step: 1000, style: { width: '100%' }, suffix: t('policy.form.yuanSuffix') };
  return (
    <>
      <Typography.Title level={5}>{t('policy.section.monitoring')}</Typography.Title>
      <Form.Item name="monitoringRules" label={t('policy.form.monitoringRules')}>
        <Checkbox.Group options={ALERT_RULE_KEYS.map((r) => ({ value: r, label: ALERT_RULES[r][lang] }))} data-testid="policy-monitoring-rules-edit" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={12} sm={8}>
          <Form.Item name="incomeDropPct" label={t('policy.form.incomeDropPct')} rules={required}>
            <InputNumber<number> min={1} max={99} precision={2} step={5} style={{ width: '100%' }} suffix="%" data-testid="policy-income-drop" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="medicalOutOfPocket" label={t('policy.form.medical')} rules={required}>
            <InputNumber<number> {...yuan} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="disasterLoss" label={t('policy.form.disaster')} rules={required}>
            <InputNumber<number> {...yuan} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="dueHigh" label={t('policy.form.dueHigh')} rules={required}>
            <InputNumber<number> {...days(90)} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="dueMedium" label={t('policy.form.dueMedium')} rules={required}>
            <InputNumber<number> {...days(90)} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="dueLow" label={t('policy.form.dueLow')} rules={required}>
            <InputNumber<number> {...days(180)} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="stableMonths" label={t('policy.form.stableMonths')} rules={required}>
            <InputNumber<number> min={1} max={36} precision={0} style={{ width: '100%' }} suffix={t('policy.form.monthsSuffix')} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
