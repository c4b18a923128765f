import { Space, Table, Typography, type TableColumnsType } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import {
  CAUSES,
  DISABILITY_TYPES,
  EDUCATION_LEVELS,
  EMPLOYMENT_KINDS,
  HEALTH_STATES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  HOUSING_GRADES,
  LABOUR_CAPACITIES,
  RELATIONS,
  SCHOOL_STATUSES,
  SEXES,
  type Lang,
} from '@jingzhun/domain';
import type { ApiState } from '../../../shared/api/useApi.ts';
import type { HouseholdChange, HouseholdDetail } from '../api.ts';
import { ErrorResult } from '../../../shared/components/ErrorResult.tsx';
import { useI18n, type MessageKey, type Translate } from '../../../shared/i18n/I18nProvider.tsx';
import { formatDateTime, formatMoney } from '../../../shared/lib/format.ts';
import { ASSET_LABELS, CONDITION_LABELS, INCOME_LABELS, INCOME_SOURCES, labelOf } from '../labels.ts';

type CodeList = Record<string, Record<Lang, string>>;

/** The code list whose labels show a field's values. */
const FIELD_LISTS: Record<string, CodeList> = {
  attribute: HOUSEHOLD_ATTRIBUTES,
  mainCause: CAUSES,
  secondaryCauses: CAUSES,
  status: HOUSEHOLD_STATUSES,
  relation: RELATIONS,
  sex: SEXES,
  education: EDUCATION_LEVELS,
  schoolStatus: SCHOOL_STATUSES,
  health: HEALTH_STATES,
  disabilityType: DISABILITY_TYPES,
  labourCapacity: LABOUR_CAPACITIES,
  employment: EMPLOYMENT_KINDS,
  'conditions.housingGrade': HOUSING_GRADES,
};

const HOUSEHOLD_FIELDS: Record<string, MessageKey> = {
  address: 'household.address',
  phone: 'household.phone',
  attribute: 'household.attribute',
  mainCause: 'household.mainCause',
  secondaryCauses: 'household.secondaryCauses',
  bankAccount: 'household.bankAccount',
  bankName: 'household.bankName',
  headName: 'household.head',
  status: 'household.status',
  yearRegistered: 'household.yearRegistered',
  yearExited: 'household.yearExited',
};

const MEMBER_FIELDS: Record<string, MessageKey> = {
  name: 'member.name',
  idNumber: 'member.idNumber',
  relation: 'member.relation',
  sex: 'member.sex',
  birthDate: 'member.birthDate',
  ethnicity: 'member.ethnicity',
  education: 'member.education',
  schoolStatus: 'member.schoolStatus',
  health: 'member.health',
  disabilityType: 'member.disabilityType',
  disabilityGrade: 'member.disabilityGrade',
  chronicDiseaseCard: 'member.chronicDiseaseCard',
  labourCapacity: 'member.labourCapacity',
  employment: 'member.employment',
  medicalInsured: 'member.medicalInsured',
  pensionInsured: 'member.pensionInsured',
  publicPayroll: 'member.publicPayroll',
  phone: 'member.phone',
};

/** What a change is about, in words: "地址", "陆桂英 · 性别", "2015 年收入", "住房安全等级". */
function changeLabel(c: HouseholdChange, household: HouseholdDetail, t: Translate): string {
  if (c.entity === 'income' || c.field.startsWith('income.')) return t('history.income', { year: c.field.replace(/^income\./, '') || c.entityId });
  if (c.entity === 'member') {
    const who = household.members.find((m) => m.id === c.entityId)?.name ?? `#${c.entityId}`;
    const key = MEMBER_FIELDS[c.field];
    return `${who} · ${key ? t(key) : c.field}`;
  }
  if (c.field.startsWith('conditions.')) {
    const key = CONDITION_LABELS[c.field.slice('conditions.'.length) as keyof typeof CONDITION_LABELS];
    return key ? t(key) : c.field;
  }
  if (c.field.startsWith('assets.')) {
    const key = ASSET_LABELS[c.field.slice('assets.'.length) as keyof typeof ASSET_LABELS];
    return key ? t(key) : c.field;
  }
  const key = HOUSEHOLD_FIELDS[c.field];
  return key ? t(key) : c.field;
}

/** A value of a change, in words: code labels, yes/no, amounts of an income year. */
function ChangeValue({ field, value }: { field: string; value: unknown }) {
  const { t, lang } = useI18n();
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">{t('history.empty')}</Typography.Text>;
  const list = FIELD_LISTS[field];
  if (Array.isArray(value)) {
    if (value.length === 0) return <Typography.Text type="secondary">{t('history.empty')}</Typography.Text>;
    return <>{value.map((v) => (list ? labelOf(list, String(v), lang) : String(v))).join(lang === 'en' ? ', ' : '、')}</>;
  }
  if (typeof value === 'boolean') return <>{value ? t('common.yes') : t('common.no')}</>;
  if (typeof value === 'object') {
    const amounts = value as Record<string, unknown>;
    return (
      <Space orientation="vertical" size={0}>
        {INCOME_SOURCES.filter((s) => typeof amounts[s] === 'number').map((s) => (
          <span key={s} style={{ whiteSpace: 'nowrap' }}>
            {t(INCOME_LABELS[s])} {formatMoney(amounts[s] as number, lang)}
          </span>
        ))}
      </Space>
    );
  }
  if (field === 'disabilityGrade' && typeof value === 'number') return <>{t('member.gradeOption', { grade: value })}</>;
  return <>{list ? labelOf(list, String(value), lang) : String(value)}</>;
}

/** 修改历史: every correction with who, when, the field, old → new and the reason; newest first. */
export function HistoryTab({ history, household }: { history: ApiState<HouseholdChange[]>; household: HouseholdDetail }) {
  const { t } = useI18n();
  if (history.error !== undefined) return <ErrorResult error={history.error} onRetry={history.reload} />;
  const valueField = (c: HouseholdChange) => (c.field.startsWith('conditions.') ? c.field : c.field.replace(/^.*\./, ''));
  const columns: TableColumnsType<HouseholdChange> = [
    { key: 'at', dataIndex: 'at', title: t('history.at'), render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span> },
    { key: 'actor', dataIndex: 'actorName', title: t('history.actor') },
    { key: 'field', title: t('history.field'), render: (_, c) => changeLabel(c, household, t) },
    {
      key: 'change',
      title: t('history.change'),
      render: (_, c) => (
        <Space size={8} align="center" wrap={false}>
          <Typography.Text type="secondary" delete>
            <ChangeValue field={valueField(c)} value={c.oldValue} />
          </Typography.Text>
          <ArrowRightOutlined style={{ color: '#999' }} />
          <Typography.Text>
            <ChangeValue field={valueField(c)} value={c.newValue} />
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'reason', dataIndex: 'reason', title: t('history.reason'), render: (v: string) => <div style={{ minWidth: 160, maxWidth: 360 }}>{v}</div> },
  ];
  return (
    <Table<HouseholdChange>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={history.data ?? []}
      loading={history.loading}
      scroll={{ x: 'max-content' }}
      pagination={(history.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      data-testid="history-table"
      locale={{ emptyText: t('householdPage.noHistory') }}
    />
  );
}
