import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert as AntAlert, App, Button, Card, Descriptions, Empty, Flex, Space, Tag, Timeline, Typography } from 'antd';
import { AimOutlined, CheckCircleOutlined, CloseCircleOutlined, NodeIndexOutlined, ToolOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { can, HOUSEHOLD_STATUSES, MONITORING_CATEGORIES, roleLabel, type Role } from '@jingzhun/domain';
import { getAlert, type AlertDetail, type AlertHistoryEntry } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DetailLoadError, DetailTitle } from '../../shared/components/DetailPage.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n, type MessageKey } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatDateTime } from '../../shared/lib/format.ts';
import { labelOf } from '../households/labels.ts';
import { useQueryState, withRegion } from '../../shared/lib/query.ts';
import { AlertActionModal, type AlertActionName } from './AlertActions.tsx';
import { ALERT_STATE_COLORS, alertStateLabel, ESCALATION_COLORS, ESCALATION_LABELS, evidenceItems, SEVERITY_COLORS, severityLabel } from './labels.ts';

/** `/alerts/:id`: one alert: the household, the rule and its evidence, who must act, its history, and the triage for those who act. */
export default function AlertPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('monitoring.forbidden')} />;
  return <AlertView />;
}

const ORIGIN_LABELS: Record<string, MessageKey> = {
  feed: 'monitoring.origin.feed',
  scan: 'monitoring.origin.scan',
  self_report: 'monitoring.origin.self_report',
  visit: 'monitoring.origin.visit',
};

/** Whether the last home visit recorded on an alert confirmed the risk. */
function confirmedByVisit(alert: AlertDetail): boolean {
  const last = [...alert.history].reverse().find((e) => e.action === 'verify');
  return last?.confirmed === true;
}

function AlertView() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const { regionSearch } = useQueryState();
  const alert = useApi((signal) => getAlert(id, signal), [id]);
  // An action answers the alert as it now stands: shown at once, until the next load replaces it.
  const [fresh, setFresh] = useState<AlertDetail | undefined>(undefined);
  useEffect(() => setFresh(undefined), [alert.data]);
  const [acting, setActing] = useState<AlertActionName | null>(null);
  const loaded = alert.data?.id === id ? alert.data : undefined;
  const a = fresh?.id === id ? fresh : loaded;
  const back = () => void navigate({ pathname: '/alerts', search: regionSearch });

  if (alert.error !== undefined && !a) {
    return <DetailLoadError error={alert.error} onRetry={alert.reload} backLabel={t('monitoring.backToList')} onBack={back} />;
  }
  if (!a) return <PageLoading />;

  const triages = can(me.role, 'triageAlerts');
  const monitored = a.monitoringCategory !== null;
  const confirmed = confirmedByVisit(a);
  const actions: Array<{ action: AlertActionName; icon: ReactNode; primary?: boolean; danger?: boolean }> = [];
  if (triages && (a.state === 'open' || a.state === 'assigned')) {
    actions.push({ action: 'verify', icon: <AimOutlined />, primary: true }, { action: 'assign', icon: <UserSwitchOutlined /> });
  }
  if (triages && a.state === 'verified') {
    if (confirmed && !monitored) actions.push({ action: 'open_procedure', icon: <NodeIndexOutlined />, primary: true });
    if (monitored) actions.push({ action: 'handled', icon: <ToolOutlined />, primary: true });
    actions.push({ action: 'dismiss', icon: <CloseCircleOutlined />, danger: true });
  }

  const mustAct = a.mustAct
    ? a.mustAct.user
      ? a.mustAct.user
      : a.mustAct.roles.map((r) => roleLabel(r, lang)).join(lang === 'en' ? ', ' : '、')
    : DASH;
  const evidence = evidenceItems(a, lang, t);

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="flex-start" wrap gap={12}>
            <DetailTitle title={a.ruleLabel} testId="alert-rule" backLabel={t('monitoring.backToList')} onBack={back} loading={alert.loading}>
              <Tag color={ALERT_STATE_COLORS[a.state]} data-testid="alert-state">
                {alertStateLabel(a.state, lang)}
              </Tag>
              <Tag color={SEVERITY_COLORS[a.severity]}>{t('monitoring.severityTag', { severity: severityLabel(a.severity, lang) })}</Tag>
              {a.overdue && <Tag color="red">{t('monitoring.overdue')}</Tag>}
            </DetailTitle>
            {actions.length > 0 && (
              <Space wrap data-testid="alert-actions">
                {actions.map((x) => (
                  <Button
                    key={x.action}
                    icon={x.icon}
                    type={x.primary ? 'primary' : 'default'}
                    danger={x.danger === true}
                    onClick={() => setActing(x.action)}
                    data-testid={`alert-action-${x.action}`}
                  >
                    {t(`monitoring.action.${x.action}.button`)}
                  </Button>
                ))}
              </Space>
            )}
          </Flex>
          {a.state === 'in_procedure' && a.procedureId && (
            <AntAlert
              type="success"
              showIcon
              title={t('monitoring.inProcedure')}
              action={
                <Link to={`/procedures/${a.procedureId}`} data-testid="alert-procedure-link">
                  {t('monitoring.toProcedure')}
                </Link>
              }
              data-testid="alert-in-procedure"
            />
          )}
          {triages && a.state === 'verified' && !confirmed && !monitored && <AntAlert type="info" showIcon title={t('monitoring.notConfirmedHint')} />}
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              {
                key: 'household',
                label: t('monitoring.col.household'),
                children: (
                  <Space size={6} wrap>
                    <Link to={{ pathname: `/households/${a.householdId}`, search: withRegion(regionSearch, { tab: 'alerts' }) }} data-testid="alert-household">
                      {a.headName}
                    </Link>
                    <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {a.householdNo}
                    </Typography.Text>
                  </Space>
                ),
              },
              { key: 'village', label: t('monitoring.col.village'), children: a.villageName },
              {
                key: 'status',
                label: t('monitoring.householdStatus'),
                children: (
                  <Space size={4} wrap>
                    <span>{labelOf(HOUSEHOLD_STATUSES, a.householdStatus, lang)}</span>
                    {a.monitoringCategory && <Tag color="purple">{labelOf(MONITORING_CATEGORIES, a.monitoringCategory, lang)}</Tag>}
                  </Space>
                ),
              },
              { key: 'subject', label: t('monitoring.col.subject'), children: a.subject ?? DASH },
              {
                key: 'origin',
                label: t('monitoring.origin'),
                children:
                  a.feedId && can(me.role, 'importFeeds') ? (
                    <Link to={`/feeds/${a.feedId}`}>{t(ORIGIN_LABELS[a.origin] ?? 'monitoring.origin.feed')}</Link>
                  ) : (
                    t(ORIGIN_LABELS[a.origin] ?? 'monitoring.origin.feed')
                  ),
              },
              { key: 'raisedOn', label: t('monitoring.raisedOn'), children: a.raisedOn },
              {
                key: 'dueOn',
                label: t('monitoring.col.dueOn'),
                children: a.overdue ? <Typography.Text type="danger" strong>{a.dueOn}</Typography.Text> : a.dueOn,
              },
              { key: 'escalation', label: t('monitoring.col.escalation'), children: <Tag color={ESCALATION_COLORS[a.escalation]}>{t(ESCALATION_LABELS[a.escalation])}</Tag> },
              { key: 'mustAct', label: t('monitoring.mustAct'), children: <span data-testid="alert-must-act">{mustAct}</span> },
              { key: 'assignee', label: t('monitoring.col.assignee'), children: a.assignee?.name ?? DASH },
              ...(a.closedOn ? [{ key: 'closedOn', label: t('monitoring.closedOn'), children: a.closedOn }] : []),
              ...(a.resolution ? [{ key: 'resolution', label: t('monitoring.resolution'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.resolution}</span> }] : []),
            ]}
          />
        </Flex>
      </Card>

      <Card title={t('monitoring.evidence')}>
        {evidence.length === 0 ? (
          <Empty description={t('monitoring.noEvidence')} />
        ) : (
          <Descriptions
            size="small"
            bordered
            column={1}
            styles={{ label: { width: 200 } }}
            data-testid="alert-evidence"
            items={evidence.map((e) => ({ key: e.key, label: e.label, children: <span style={{ whiteSpace: 'pre-wrap' }}>{e.value}</span> }))}
          />
        )}
      </Card>

      <Card title={t('monitoring.history')}>
        <History alert={a} />
      </Card>

      {acting && (
        <AlertActionModal
          alert={a}
          action={acting}
          onClose={() => setActing(null)}
          onDone={(next, action) => {
            setActing(null);
            setFresh(next);
            void message.success(t(`monitoring.action.${action}.done`));
          }}
        />
      )}
    </Flex>
  );
}

/** The alert's triage as a timeline: raised, then every action with who took it and what it recorded. */
function History({ alert: a }: { alert: AlertDetail }) {
  const { t, lang } = useI18n();
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
  const actionName = (action: string) => {
    const key = ACTION_NAMES[action];
    return key ? t(key) : action;
  };
  const detail = (e: AlertHistoryEntry) => {
    const lines: Array<{ key: string; node: ReactNode }> = [];
    if (e.action === 'assign') lines.push({ key: 'to', node: t('monitoring.history.assignedTo', { name: text(e.assigneeName) ?? String(e.assigneeId ?? '') }) });
    if (e.action === 'verify') {
      lines.push({
        key: 'visit',
        node: (
          <Space size={6} wrap>
            <span>{t('monitoring.history.visitedOn', { date: String(e.visitedOn ?? '') })}</span>
            {e.confirmed === true ? (
              <Tag color="red" icon={<CheckCircleOutlined />}>
                {t('monitoring.history.confirmed')}
              </Tag>
            ) : (
              <Tag>{t('monitoring.history.notConfirmed')}</Tag>
            )}
          </Space>
        ),
      });
    }
    if (e.action === 'open_procedure' && text(e.procedureId)) {
      lines.push({ key: 'procedure', node: <Link to={`/procedures/${String(e.procedureId)}`}>{t('monitoring.toProcedure')}</Link> });
    }
    for (const key of ['findings', 'reason', 'note'] as const) {
      const value = text(e[key]);
      if (value) lines.push({ key, node: <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span> });
    }
    return lines;
  };
  const items = [
    {
      key: 'raised',
      color: 'red',
      title: <span style={{ whiteSpace: 'nowrap' }}>{a.raisedOn}</span>,
      content: (
        <Typography.Text strong>
          {t('monitoring.history.raised', { origin: t(ORIGIN_LABELS[a.origin] ?? 'monitoring.origin.feed') })}
        </Typography.Text>
      ),
    },
    ...a.history.map((e, i) => ({
      key: String(i),
      color: e.action === 'dismiss' ? 'gray' : e.action === 'verify' ? 'blue' : 'green',
      title: <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</span>,
      content: (
        <Flex vertical gap={2} data-testid="alert-history-entry">
          <Space size={6} wrap>
            <Typography.Text strong>{actionName(e.action)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.by?.name}
              {e.by?.role ? ` · ${roleLabel(e.by.role as Role, lang)}` : ''}
            </Typography.Text>
          </Space>
          {detail(e).map((l) => (
            <div key={l.key}>{l.node}</div>
          ))}
        </Flex>
      ),
    })),
  ];
  return <Timeline data-testid="alert-history" items={items} />;
}

const ACTION_NAMES: Record<string, MessageKey> = {
  assign: 'monitoring.action.assign.button',
  verify: 'monitoring.action.verify.button',
  dismiss: 'monitoring.action.dismiss.button',
  open_procedure: 'monitoring.action.open_procedure.button',
  handled: 'monitoring.action.handled.button',
};
