import { Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { codeLabel, daysInMonth, TEAM_ROLES, type TeamRole } from '@jingzhun/domain';
import { addTeamMember, endTeamMember, recordPresence, type WorkTeamDetail, type WorkTeamMember } from './api.ts';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { DateInput } from '../../shared/components/DateInput.tsx';
import { ISO_DATE } from '../../shared/lib/query.ts';
import { StaffSelect, UnitSelect } from '../assistance/UnitSelect.tsx';

interface MemberValues {
  unitId?: string;
  staffId?: string;
  role?: TeamRole;
  startsOn?: string;
  endsOn?: string;
}

/**
 * Adds a member of some unit's staff to the team for a part of its term. The server refuses a second
 * first secretary for the same days, a person overlapping themselves, or dates outside the term: each
 * on its field.
 */
export function AddMemberModal({ team, onClose, onAdded }: { team: WorkTeamDetail; onClose: () => void; onAdded: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<MemberValues>();
  const unitId = Form.useWatch('unitId', form);
  const required = { required: true, message: t('common.required') };
  const today = chinaDate();
  const start = team.startsOn > today || (team.endsOn !== null && team.endsOn < today) ? team.startsOn : today;
  const inTerm = (value: string | undefined) =>
    !value || (value >= team.startsOn && (team.endsOn === null || value <= team.endsOn)) ? Promise.resolve() : Promise.reject(new Error(t('workTeams.outsideTerm')));

  return (
    <FormModal<MemberValues>
      title={t('workTeams.addMemberTitle', { name: team.name })}
      form={form}
      fieldNames={['unitId', 'staffId', 'role', 'startsOn', 'endsOn']}
      codeFields={{ not_found: 'staffId' }}
      testId="work-team-member-form"
      width={560}
      initialValues={{ role: 'member', startsOn: start, ...(team.unitId ? { unitId: team.unitId } : {}) }}
      onClose={onClose}
      onSaved={onAdded}
      onSubmit={(v) => addTeamMember(team.id, { staffId: v.staffId ?? '', role: v.role ?? 'member', startsOn: v.startsOn ?? '', ...(v.endsOn ? { endsOn: v.endsOn } : {}) })}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('workTeams.termIs', { term: `${team.startsOn} ~ ${team.endsOn ?? t('workTeams.open')}` })}
      </Typography.Paragraph>
      <Flex gap={16} wrap>
        <Form.Item name="unitId" label={t('workTeams.member.unit')} rules={[required]} style={{ flex: '1 1 220px' }}>
          <UnitSelect style={{ width: '100%' }} onChange={() => form.setFieldValue('staffId', undefined)} />
        </Form.Item>
        <Form.Item name="staffId" label={t('workTeams.member.name')} rules={[required]} style={{ flex: '1 1 180px' }}>
          <StaffSelect unitId={unitId} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="role" label={t('workTeams.member.role')} rules={[required]}>
        <Select<TeamRole> options={(Object.keys(TEAM_ROLES) as TeamRole[]).map((r) => ({ value: r, label: codeLabel(TEAM_ROLES, r, lang) }))} style={{ maxWidth: 220 }} />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="startsOn" label={t('workTeams.member.startsOn')} rules={[required, { pattern: ISO_DATE, message: t('visits.dateInvalid') }, { validator: (_, v: string | undefined) => inTerm(v) }]}>
          <DateInput min={team.startsOn} {...(team.endsOn ? { max: team.endsOn } : {})} />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={t('workTeams.member.endsOn')}
          extra={t('workTeams.member.endsOnHint')}
          dependencies={['startsOn']}
          rules={[
            { validator: (_, v: string | undefined) => inTerm(v) },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || !getFieldValue('startsOn') || value >= (getFieldValue('startsOn') as string) ? Promise.resolve() : Promise.reject(new Error(t('visits.endsBeforeStart'))),
            }),
          ]}
        >
          <DateInput min={team.startsOn} {...(team.endsOn ? { max: team.endsOn } : {})} />
        </Form.Item>
      </Flex>
    </FormModal>
  );
}

interface EndValues {
  endsOn?: string;
  reason?: string;
}

/** Ends a member's service on a date with a reason (recalled, transferred); the record stays. */
export function EndMemberModal({ teamId, member, onClose, onEnded }: { teamId: string; member: WorkTeamMember; onClose: () => void; onEnded: () => void }) {
  const { t } = useI18n();
  const required = { required: true, message: t('common.required') };
  const today = chinaDate();
  return (
    <FormModal<EndValues>
      title={t('workTeams.endMemberTitle', { name: member.name })}
      fieldNames={['endsOn', 'reason']}
      codeFields={{ conflict: 'endsOn' }}
      testId="work-team-end-form"
      initialValues={{ endsOn: today < member.startsOn ? member.startsOn : today }}
      onClose={onClose}
      onSaved={onEnded}
      onSubmit={(v) => endTeamMember(teamId, member.id, { endsOn: v.endsOn ?? '', reason: (v.reason ?? '').trim() })}
    >
      <Form.Item name="endsOn" label={t('workTeams.member.endsOn')} rules={[required, { pattern: ISO_DATE, message: t('visits.dateInvalid') }]}>
        <DateInput min={member.startsOn} {...(member.endsOn ? { max: member.endsOn } : {})} />
      </Form.Item>
      <Form.Item name="reason" label={t('workTeams.endReason')} rules={[{ ...required, whitespace: true }, { min: 2, max: 500 }]}>
        <Input.TextArea rows={2} placeholder={t('workTeams.endReasonPlaceholder')} />
      </Form.Item>
    </FormModal>
  );
}

/** The cell of the presence grid that was clicked. */
export interface PresenceCell {
  member: WorkTeamMember;
  month: string;
  days: number | null;
}

interface PresenceValues {
  days?: number | null;
}

/** Records the days a member spent in the village in a month (replacing an earlier figure). */
export function PresenceModal({ teamId, cell, minDays, onClose, onSaved }: { teamId: string; cell: PresenceCell; minDays: number; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const max = daysInMonth(cell.month);
  return (
    <FormModal<PresenceValues>
      title={t('workTeams.presenceTitle', { name: cell.member.name, month: cell.month })}
      fieldNames={['days', 'month', 'memberId']}
      testId="work-team-presence-form"
      width={400}
      initialValues={{ days: cell.days }}
      onClose={onClose}
      onSaved={onSaved}
      onSubmit={(v) => recordPresence(teamId, { memberId: cell.member.id, month: cell.month, days: v.days ?? 0 })}
    >
      <Form.Item
        name="days"
        label={t('workTeams.daysInVillage')}
        extra={t('workTeams.presenceHint', { min: minDays, max })}
        rules={[
          { required: true, message: t('common.required') },
          // Not clamped by the input: a figure typed wrong is pointed out, never silently changed.
          { type: 'number', max, message: t('workTeams.tooManyDays', { max }) },
        ]}
      >
        <InputNumber min={0} precision={0} autoFocus style={{ width: 140 }} suffix={t('workTeams.dayUnit')} />
      </Form.Item>
    </FormModal>
  );
}
