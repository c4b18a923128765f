import { Button, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import {
  DISABILITY_TYPES,
  EDUCATION_LEVELS,
  EMPLOYMENT_KINDS,
  HEALTH_STATES,
  HOUSEHOLD_EVENT_KINDS,
  LABOUR_CAPACITIES,
  RELATIONS,
  SCHOOL_STATUSES,
  SEXES,
} from '@jingzhun/domain';
import type { HouseholdDetail, MemberView } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../../shared/lib/format.ts';
import { labelOf } from '../labels.ts';

interface Props {
  household: HouseholdDetail;
  /** Correcting and recording events are offered (a writer, on the current record of an open household). */
  editable: boolean;
  onEdit: (member: MemberView) => void;
  onLeave: (member: MemberView) => void;
}

/** Age in whole years on a date (both YYYY-MM-DD). */
function age(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** A member's fact for the table: its label, or 未填 (greyed) when not recorded. */
function Fact({ list, code, lang, notRecorded }: { list: Parameters<typeof labelOf>[0]; code: string | null; lang: Parameters<typeof labelOf>[2]; notRecorded: string }) {
  return code === null ? <Typography.Text type="secondary" data-testid="fact-unknown">{notRecorded}</Typography.Text> : <>{labelOf(list, code, lang)}</>;
}

/** 家庭成员: everyone who ever belonged, those who left or died greyed with the date. */
export function MembersTab({ household, editable, onEdit, onLeave }: Props) {
  const { t, lang } = useI18n();
  const on = household.asOf ?? chinaDate();
  const active = household.members.filter((m) => m.status === 'active').length;
  const unknown = t('common.notRecorded');
  const yesNo = (v: boolean | null) => (v === null ? unknown : v ? t('common.yes') : t('common.no'));

  const columns: TableColumnsType<MemberView> = [
    {
      key: 'name',
      title: t('member.name'),
      fixed: 'left',
      render: (_, m) => (
        <Typography.Text strong={m.relation === 'head'} delete={m.status === 'deceased'} type={m.status === 'active' ? undefined : 'secondary'}>
          {m.name}
        </Typography.Text>
      ),
    },
    { key: 'relation', title: t('member.relation'), render: (_, m) => labelOf(RELATIONS, m.relation, lang) },
    { key: 'sex', title: t('member.sex'), render: (_, m) => labelOf(SEXES, m.sex, lang) },
    {
      key: 'birthDate',
      title: t('member.birthDate'),
      render: (_, m) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {m.birthDate}{' '}
          {m.status === 'active' && <Typography.Text type="secondary">({t('member.age', { age: age(m.birthDate, on) })})</Typography.Text>}
        </span>
      ),
    },
    {
      key: 'idNumber',
      title: t('member.idNumber'),
      render: (_, m) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{m.idNumber}</span>,
    },
    {
      key: 'status',
      title: t('member.status'),
      render: (_, m) =>
        m.status === 'active' ? (
          <Tag color="green">{t('member.active')}</Tag>
        ) : (
          <Tooltip title={m.leftReason ? labelOf(HOUSEHOLD_EVENT_KINDS, m.leftReason, lang) : undefined}>
            <Tag data-testid="member-left">
              {m.leftReason ? labelOf(HOUSEHOLD_EVENT_KINDS, m.leftReason, lang) : t('member.gone')} {m.leftOn ?? ''}
            </Tag>
          </Tooltip>
        ),
    },
    { key: 'education', title: t('member.education'), render: (_, m) => labelOf(EDUCATION_LEVELS, m.education, lang) },
    {
      key: 'schoolStatus',
      title: t('member.schoolStatus'),
      render: (_, m) =>
        m.schoolStatus === 'dropped_out' ? (
          <Tag color="red">{labelOf(SCHOOL_STATUSES, m.schoolStatus, lang)}</Tag>
        ) : (
          <Fact list={SCHOOL_STATUSES} code={m.schoolStatus} lang={lang} notRecorded={unknown} />
        ),
    },
    {
      key: 'health',
      title: t('member.health'),
      render: (_, m) => (
        <Space size={4} wrap>
          <Fact list={HEALTH_STATES} code={m.health} lang={lang} notRecorded={unknown} />
          {m.health === 'disabled' && m.disabilityType && (
            <Typography.Text type="secondary">
              {labelOf(DISABILITY_TYPES, m.disabilityType, lang)}
              {m.disabilityGrade ? ` ${t('member.gradeOption', { grade: m.disabilityGrade })}` : ''}
            </Typography.Text>
          )}
          {m.chronicDiseaseCard && <Tag>{t('member.chronicDiseaseCard')}</Tag>}
          {m.chronicDiseaseCard === null && (m.health === 'chronic' || m.health === 'serious') && (
            <Tag>
              {t('member.chronicDiseaseCard')} {unknown}
            </Tag>
          )}
        </Space>
      ),
    },
    { key: 'labourCapacity', title: t('member.labourCapacity'), render: (_, m) => <Fact list={LABOUR_CAPACITIES} code={m.labourCapacity} lang={lang} notRecorded={unknown} /> },
    { key: 'employment', title: t('member.employment'), render: (_, m) => <Fact list={EMPLOYMENT_KINDS} code={m.employment} lang={lang} notRecorded={unknown} /> },
    {
      key: 'insurance',
      title: t('member.insurance'),
      render: (_, m) => (
        <Space size={4}>
          <Tag color={m.medicalInsured === null ? undefined : m.medicalInsured ? 'green' : 'red'}>
            {t('member.medicalShort')} {yesNo(m.medicalInsured)}
          </Tag>
          <Tag color={m.pensionInsured ? 'green' : undefined}>
            {t('member.pensionShort')} {yesNo(m.pensionInsured)}
          </Tag>
        </Space>
      ),
    },
    { key: 'phone', title: t('member.phone'), render: (_, m) => m.phone ?? '—' },
  ];
  if (editable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, m) =>
        m.status === 'active' ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => onEdit(m)}>
              {t('householdPage.editMember')}
            </Button>
            {m.relation === 'head' ? (
              <Tooltip title={t('householdPage.headLeaveHint')}>
                <Button type="link" size="small" disabled>
                  {t('householdPage.memberLeave')}
                </Button>
              </Tooltip>
            ) : (
              <Button type="link" size="small" onClick={() => onLeave(m)}>
                {t('householdPage.memberLeave')}
              </Button>
            )}
          </Space>
        ) : null,
    });
  }

  return (
    <Table<MemberView>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={household.members}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="members-table"
      locale={{ emptyText: t('householdPage.noMembers') }}
      // Those who left stay on the record, greyed, after the present members.
      onRow={(m) => (m.status === 'active' ? {} : { style: { background: '#fafafa', color: 'rgba(0, 0, 0, 0.45)' } })}
      footer={() => <Typography.Text type="secondary">{t('householdPage.membersFooter', { active, total: household.members.length })}</Typography.Text>}
    />
  );
}
