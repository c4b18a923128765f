import { Link } from 'react-router-dom';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { getInbox } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatNumber } from '../../shared/lib/format.ts';
import { INBOX_ROLES } from './labels.ts';

/** 我的待办: how many steps wait on the user's role in their region, and how many are overdue; each links to that list. */
export function InboxCard() {
  const me = useMe();
  if (!INBOX_ROLES.includes(me.role)) return null;
  return <Inbox />;
}

function Inbox() {
  const { t, lang } = useI18n();
  const inbox = useApi((signal) => getInbox(signal), []);
  const failed = inbox.error !== undefined;
  const value = (n: number | undefined) => (failed ? '—' : formatNumber(n, lang));
  return (
    <Card
      title={t('procedures.inbox.title')}
      extra={<Link to="/procedures?mine=1">{t('procedures.inbox.all')}</Link>}
      data-testid="inbox-card"
    >
      <Row gutter={[16, 16]}>
        <Col xs={12}>
          <Link to="/procedures?mine=1" data-testid="inbox-waiting">
            <Statistic title={t('procedures.inbox.waiting')} value={value(inbox.data?.waiting)} loading={inbox.loading} />
          </Link>
        </Col>
        <Col xs={12}>
          <Link to="/procedures?mine=1&overdue=1" data-testid="inbox-overdue">
            <Statistic
              title={t('procedures.inbox.overdue')}
              value={value(inbox.data?.overdue)}
              loading={inbox.loading}
              styles={{ content: { color: (inbox.data?.overdue ?? 0) > 0 ? '#cf1322' : undefined } }}
            />
          </Link>
        </Col>
      </Row>
      {failed && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {inbox.error instanceof Error ? inbox.error.message : String(inbox.error)}
        </Typography.Text>
      )}
    </Card>
  );
}
