import { Link } from 'react-router-dom';
import { Card, Col, Flex, Row, Space, Statistic, Tag, Typography } from 'antd';
import { can } from '@jingzhun/domain';
import { getMonitoringInbox } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { useI18n, type MessageKey } from '../../shared/i18n/I18nProvider.tsx';
import { formatNumber } from '../../shared/lib/format.ts';
import { SEVERITY_COLORS, severityLabel } from './labels.ts';

/** How many alerts the card lists below its counts. */
const LISTED = 5;

/** 监测预警 on the home page: the alerts waiting on the user, overdue, escalated, assigned to them, and open self-reports; each links to that list. */
export function MonitoringInboxCard() {
  const me = useMe();
  if (!can(me.role, 'readRegistry')) return null;
  return <Inbox />;
}

function Inbox() {
  const me = useMe();
  const { t, lang } = useI18n();
  const inbox = useApi((signal) => getMonitoringInbox(signal), []);
  const failed = inbox.error !== undefined;
  const data = inbox.data;
  // Escalated alerts wait on the township, then the county: each officer sees the level that is theirs.
  const level = me.role === 'county_officer' ? 'county' : 'township';
  const figures: Array<{ key: string; label: MessageKey; value: number | undefined; to: string; danger?: boolean }> = [
    { key: 'waiting', label: 'monitoring.inbox.waiting', value: data?.alerts.waiting, to: '/alerts' },
    { key: 'overdue', label: 'monitoring.inbox.overdue', value: data?.alerts.overdue, to: '/alerts?overdue=1', danger: true },
    { key: 'escalated', label: 'monitoring.inbox.escalated', value: data?.alerts.escalated, to: `/alerts?escalation=${level}`, danger: true },
    { key: 'assigned', label: 'monitoring.inbox.assigned', value: data?.alerts.assigned, to: '/alerts?mine=1' },
    { key: 'selfReports', label: 'monitoring.inbox.selfReports', value: data?.selfReports.open, to: '/self-reports' },
  ];
  const items = (data?.alerts.items ?? []).slice(0, LISTED);
  return (
    <Card title={t('monitoring.inbox.title')} extra={<Link to="/alerts">{t('monitoring.inbox.all')}</Link>} data-testid="monitoring-inbox">
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.key} flex="1 1 120px">
            <Link to={f.to} data-testid={`monitoring-inbox-${f.key}`}>
              <Statistic
                title={t(f.label)}
                value={failed ? '—' : formatNumber(f.value, lang)}
                loading={inbox.loading}
                styles={{ content: { color: f.danger && (f.value ?? 0) > 0 ? '#cf1322' : undefined } }}
              />
            </Link>
          </Col>
        ))}
      </Row>
      {items.length > 0 && (
        <Flex vertical gap={6} style={{ marginTop: 16, borderTop: '1px solid #f0f0f0', paddingTop: 12 }} data-testid="monitoring-inbox-items">
          {items.map((a) => (
            <Space key={a.id} size={8} wrap>
              <Tag color={SEVERITY_COLORS[a.severity]}>{severityLabel(a.severity, lang)}</Tag>
              <Link to={`/alerts/${a.id}`}>{a.ruleLabel}</Link>
              <Typography.Text>{a.headName}</Typography.Text>
              <Typography.Text type="secondary">{a.villageName}</Typography.Text>
              <Typography.Text type={a.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {t('monitoring.inbox.due', { date: a.dueOn })}
              </Typography.Text>
            </Space>
          ))}
        </Flex>
      )}
      {failed && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {inbox.error instanceof Error ? inbox.error.message : String(inbox.error)}
        </Typography.Text>
      )}
    </Card>
  );
}
