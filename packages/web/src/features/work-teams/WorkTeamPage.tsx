import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Flex, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { can, codeLabel, TEAM_ROLES, type TeamRole } from '@jingzhun/domain';
import { getWorkTeam, type WorkTeamDetail, type WorkTeamMember } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DetailLoadError, DetailTitle } from '../../shared/components/DetailPage.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate, DASH } from '../../shared/lib/format.ts';
import { periodText, thisYear, useQueryState, withRegion, yearOptions } from '../../shared/lib/query.ts';
import { useYearParam } from '../../shared/lib/useYearParam.ts';
import { AddMemberModal, EndMemberModal, PresenceModal, type PresenceCell } from './TeamModals.tsx';

/** Tag colours of the roles in a team. */
export const ROLE_COLORS: Record<TeamRole, string> = { first_secretary: 'red', leader: 'blue', member: 'default' };

/** `/work-teams/:id?year=`: a work team's term, members and their days in the village month by month. */
export default function WorkTeamPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('visits.forbidden')} />;
  return <WorkTeamView />;
}

/** The day a team's figures are read on: today, or the end of a past year. */
function referenceDay(team: WorkTeamDetail, today: string): string {
  return `${team.year}-12-31` < today ? `${team.year}-12-31` : today;
}

const servesOn = (m: WorkTeamMember, day: string) => m.startsOn <= day && (m.endsOn === null || m.endsOn >= day);

/** The first secretary serving on the reference day, else the last one of the year. */
function firstSecretary(team: WorkTeamDetail, today: string): WorkTeamMember | undefined {
  const day = referenceDay(team, today);
  const secretaries = team.members.filter((m) => m.role === 'first_secretary');
  return secretaries.find((m) => servesOn(m, day)) ?? secretaries.at(-1);
}

function WorkTeamView() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const { regionSearch } = useQueryState();
  const { year, setYear } = useYearParam(thisYear());
  const team = useApi((signal) => getWorkTeam(id, year, signal), [id, year]);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<WorkTeamMember | null>(null);
  const [cell, setCell] = useState<PresenceCell | null>(null);
  const w = team.data?.id === id ? team.data : undefined;
  const today = chinaDate();
  const currentMonth = today.slice(0, 7);
  const mayManage = can(me.role, 'manageAssistance');
  const mayRecord = can(me.role, 'writeRegistry');
  const back = () => void navigate({ pathname: '/work-teams', search: withRegion(regionSearch, year === thisYear() ? {} : { year }) });

  if (team.error !== undefined && !w) {
    return <DetailLoadError error={team.error} onRetry={team.reload} backLabel={t('workTeams.back')} onBack={back} />;
  }
  if (!w) return <PageLoading />;

  const secretary = firstSecretary(w, today);
  const roleTag = (role: TeamRole) => <Tag color={ROLE_COLORS[role]}>{codeLabel(TEAM_ROLES, role, lang)}</Tag>;

  const memberColumns: TableColumnsType<WorkTeamMember> = [
    { key: 'name', dataIndex: 'name', title: t('workTeams.member.name') },
    { key: 'role', title: t('workTeams.member.role'), render: (_, m) => roleTag(m.role) },
    { key: 'unit', dataIndex: 'unitName', title: t('workTeams.member.unit') },
    { key: 'phone', title: t('workTeams.member.phone'), render: (_, m) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{m.phone ?? DASH}</span> },
    { key: 'startsOn', dataIndex: 'startsOn', title: t('workTeams.member.startsOn') },
    {
      key: 'endsOn',
      title: t('workTeams.member.endsOn'),
      render: (_, m) =>
        m.endReason ? (
          <Space size={6} wrap>
            <span>{m.endsOn}</span>
            <Tag>{m.endReason}</Tag>
          </Space>
        ) : (
          (m.endsOn ?? t('workTeams.untilTermEnds'))
        ),
    },
    { key: 'totalDays', title: t('workTeams.member.totalDays', { year: w.year }), align: 'right', render: (_, m) => t('workTeams.days', { n: m.totalDays }) },
    ...(mayManage
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, m: WorkTeamMember) =>
              m.endReason === null && (m.endsOn === null || m.endsOn >= today) ? (
                <Button size="small" type="link" danger onClick={() => setEnding(m)} data-testid="work-team-end-member">
                  {t('workTeams.endMember')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const months = Array.from({ length: 12 }, (_, i) => `${w.year}-${String(i + 1).padStart(2, '0')}`);
  /** Whether a month shares a day with the member's service and has begun: only then can days be recorded. */
  const recordable = (m: WorkTeamMember, month: string) =>
    month <= currentMonth && m.startsOn.slice(0, 7) <= month && (m.endsOn === null || m.endsOn.slice(0, 7) >= month);

  const gridColumns: TableColumnsType<WorkTeamMember> = [
    {
      key: 'name',
      title: t('workTeams.member.name'),
      fixed: 'left',
      render: (_, m) => (
        <Flex vertical gap={0}>
          <span style={{ whiteSpace: 'nowrap' }}>{m.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {codeLabel(TEAM_ROLES, m.role, lang)}
          </Typography.Text>
        </Flex>
      ),
    },
    ...months.map((month, i) => ({
      key: month,
      title: t('workTeams.month', { m: i + 1 }),
      align: 'center' as const,
      width: 64,
      onCell: (m: WorkTeamMember) => {
        const entry = m.months[i];
        const clickable = mayRecord && recordable(m, month);
        const background = entry?.short ? '#fff1f0' : entry && !entry.required ? '#fafafa' : undefined;
        return {
          style: { background, cursor: clickable ? 'pointer' : undefined, padding: 0 },
          onClick: clickable ? () => setCell({ member: m, month, days: entry?.days ?? null }) : undefined,
          'data-testid': `presence-${m.id}-${month}`,
        };
      },
      render: (_: unknown, m: WorkTeamMember) => {
        const entry = m.months[i];
        const text = entry?.days === null || entry === undefined ? DASH : String(entry.days);
        const color = entry?.short ? '#cf1322' : entry && !entry.required ? '#bfbfbf' : undefined;
        const tip = entry?.short
          ? t('workTeams.cellShort', { min: w.minDaysInVillage })
          : entry && !entry.required
            ? t('workTeams.cellNotRequired')
            : undefined;
        const body = <div style={{ padding: '8px 4px', color, fontWeight: entry?.short ? 600 : undefined, fontVariantNumeric: 'tabular-nums' }}>{text}</div>;
        return tip ? <Tooltip title={tip}>{body}</Tooltip> : body;
      },
    })),
    { key: 'total', title: t('workTeams.total'), align: 'right', render: (_, m) => <strong style={{ fontVariantNumeric: 'tabular-nums' }}>{m.totalDays}</strong> },
  ];

  const shortMonths = w.members.reduce((n, m) => n + m.months.filter((x) => x.short).length, 0);

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="flex-start" wrap gap={12}>
            <DetailTitle title={w.name} testId="work-team-name" backLabel={t('workTeams.back')} onBack={back} loading={team.loading} />
            <Select<number>
              value={year}
              options={yearOptions()}
              onChange={setYear}
              aria-label={t('workTeams.year')}
              style={{ width: 110 }}
              data-testid="work-team-year"
            />
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'village', label: t('workTeams.col.village'), children: w.villageName },
              { key: 'unit', label: t('workTeams.col.unit'), children: w.unitName ?? DASH },
              { key: 'term', label: t('workTeams.col.term'), children: periodText(w.startsOn, w.endsOn, t('workTeams.open')) },
              {
                key: 'secretary',
                label: t('workTeams.col.firstSecretary'),
                children: secretary ? (
                  <Space size={6}>
                    <span>{secretary.name}</span>
                    {secretary.phone && <Typography.Text type="secondary">{secretary.phone}</Typography.Text>}
                  </Space>
                ) : (
                  <Tag color="orange">{t('workTeams.noSecretary')}</Tag>
                ),
              },
              { key: 'members', label: t('workTeams.col.members'), children: w.members.filter((m) => servesOn(m, referenceDay(w, today))).length },
              { key: 'min', label: t('workTeams.minDays'), children: t('workTeams.minDaysText', { n: w.minDaysInVillage }) },
            ]}
          />
        </Flex>
      </Card>

      <Card
        size="small"
        title={t('workTeams.members', { year: w.year })}
        extra={
          mayManage && (
            <Button size="small" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="work-team-add-member">
              {t('workTeams.addMember')}
            </Button>
          )
        }
      >
        <Table<WorkTeamMember>
          rowKey="id"
          size="small"
          columns={memberColumns}
          dataSource={w.members}
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: t('workTeams.noMembers') }}
          data-testid="work-team-members"
        />
      </Card>

      <Card
        size="small"
        title={
          <Space size={8} wrap>
            {t('workTeams.presence', { year: w.year })}
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('workTeams.presenceMin', { n: w.minDaysInVillage })}
            </Typography.Text>
            {shortMonths > 0 && <Tag color="red">{t('workTeams.shortMonths', { n: shortMonths })}</Tag>}
          </Space>
        }
      >
        <Flex wrap gap={16} style={{ marginBottom: 12 }}>
          <Legend background="#fff1f0" color="#cf1322" text={t('workTeams.legendShort', { n: w.minDaysInVillage })} />
          <Legend background="#fafafa" color="#bfbfbf" text={t('workTeams.legendNotRequired')} />
          {mayRecord && <Typography.Text type="secondary">{t('workTeams.clickToRecord')}</Typography.Text>}
        </Flex>
        <Table<WorkTeamMember>
          rowKey="id"
          size="small"
          bordered
          columns={gridColumns}
          dataSource={w.members}
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: t('workTeams.noMembers') }}
          data-testid="work-team-presence"
        />
      </Card>

      {adding && (
        <AddMemberModal
          team={w}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            void message.success(t('workTeams.memberAdded'));
            team.reload();
          }}
        />
      )}
      {ending && (
        <EndMemberModal
          teamId={w.id}
          member={ending}
          onClose={() => setEnding(null)}
          onEnded={() => {
            setEnding(null);
            void message.success(t('workTeams.memberEnded'));
            team.reload();
          }}
        />
      )}
      {cell && (
        <PresenceModal
          teamId={w.id}
          cell={cell}
          minDays={w.minDaysInVillage}
          onClose={() => setCell(null)}
          onSaved={() => {
            setCell(null);
            void message.success(t('workTeams.presenceSaved'));
            team.reload();
          }}
        />
      )}
    </Flex>
  );
}

function Legend({ background, color, text }: { background: string; color: string; text: string }) {
  return (
    <Space size={6}>
      <span style={{ display: 'inline-block', width: 16, height: 16, background, border: `1px solid ${color}`, borderRadius: 3 }} />
      <Typography.Text type="secondary">{text}</Typography.Text>
    </Space>
  );
}
