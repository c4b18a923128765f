import { Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { HOUSEHOLD_EVENT_KINDS, JOINING_EVENTS, LEAVING_EVENTS } from '@jingzhun/domain';
import type { HouseholdDetail } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { formatDateTime } from '../../../shared/lib/format.ts';
import { labelOf } from '../labels.ts';

function eventColor(kind: string): string {
  if ((JOINING_EVENTS as readonly string[]).includes(kind)) return 'green';
  if ((LEAVING_EVENTS as readonly string[]).includes(kind)) return 'gray';
  if (kind === 'leave_registry') return 'red';
  return 'blue';
}

/** 变动记录: what happened to the household (births, deaths, marriages, moves, change of head), newest first. */
export function EventsTab({ household }: { household: HouseholdDetail }) {
  const { t, lang } = useI18n();
  const nameOf = (id: string | null) => (id ? household.members.find((m) => m.id === id)?.name : undefined);
  if (household.events.length === 0) return <Empty description={t('householdPage.noEvents')} />;
  const events = [...household.events].reverse();
  return (
    <Timeline
      data-testid="events-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: eventColor(e.kind),
        title: <span style={{ whiteSpace: 'nowrap' }}>{e.occurredOn}</span>,
        content: (
          <Flex vertical gap={2}>
            <span>
              <Tag color={eventColor(e.kind) === 'gray' ? undefined : eventColor(e.kind)}>{labelOf(HOUSEHOLD_EVENT_KINDS, e.kind, lang)}</Tag>
              {nameOf(e.memberId) && <Typography.Text strong>{nameOf(e.memberId)}</Typography.Text>}
            </span>
            <Typography.Text>{e.reason}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('householdPage.recordedBy', { name: e.actorName, at: formatDateTime(e.createdAt) })}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}
