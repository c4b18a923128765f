import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Flex, Form, Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { can } from '@jingzhun/domain';
import { listAlerts, raiseAlert, type Alert } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult } from '../../shared/components/ErrorResult.tsx';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH } from '../../shared/lib/format.ts';
import { ALERT_STATE_COLORS, alertStateLabel, evidenceSummary, SEVERITY_COLORS, severityLabel } from './labels.ts';

/**
 * 预警: a household's alerts in any state, newest concerns first, each linking to its page; those who
 * visit households raise one here for a risk they found (走访发现风险).
 */
export function HouseholdAlertsTab({ householdId, headName, readOnly }: { householdId: string; headName: string; readOnly: boolean }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const alerts = useApi((signal) => listAlerts({ householdId, sort: 'raised_on', page: 1, pageSize: 100 }, signal), [householdId]);
  const [raising, setRaising] = useState(false);
  const mayRaise = !readOnly && can(me.role, 'logVisits');

  const columns: TableColumnsType<Alert> = [
    {
      key: 'rule',
      title: t('monitoring.col.rule'),
      render: (_, a) => (
        <Link to={`/alerts/${a.id}`} data-testid="household-alert-link">
          {a.ruleLabel}
        </Link>
      ),
    },
    { key: 'severity', title: t('monitoring.col.severity'), render: (_, a) => <Tag color={SEVERITY_COLORS[a.severity]}>{severityLabel(a.severity, lang)}</Tag> },
    { key: 'subject', title: t('monitoring.col.subject'), render: (_, a) => a.subject ?? DASH },
    {
      key: 'evidence',
      title: t('monitoring.col.evidence'),
      render: (_, a) => {
        const summary = evidenceSummary(a, lang, t);
        return (
          <Typography.Text ellipsis={{ tooltip: summary }} style={{ maxWidth: 320 }}>
            {summary}
          </Typography.Text>
        );
      },
    },
    { key: 'state', title: t('monitoring.col.state'), render: (_, a) => <Tag color={ALERT_STATE_COLORS[a.state]}>{alertStateLabel(a.state, lang)}</Tag> },
    { key: 'raisedOn', dataIndex: 'raisedOn', title: t('monitoring.raisedOn') },
    {
      key: 'dueOn',
      title: t('monitoring.col.dueOn'),
      render: (_, a) => (a.overdue ? <Typography.Text type="danger">{a.dueOn}</Typography.Text> : a.closedOn ? DASH : a.dueOn),
    },
    { key: 'assignee', title: t('monitoring.col.assignee'), render: (_, a) => a.assignee?.name ?? DASH },
  ];

  return (
    <Flex vertical gap={12} data-testid="household-alerts">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('monitoring.household.hint')}</Typography.Text>
        {mayRaise && (
          <Button icon={<AlertOutlined />} onClick={() => setRaising(true)} data-testid="household-raise-alert">
            {t('monitoring.household.raise')}
          </Button>
        )}
      </Flex>
      {alerts.error !== undefined ? (
        <ErrorResult error={alerts.error} onRetry={alerts.reload} />
      ) : (
        <Table<Alert>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={alerts.data?.items ?? []}
          loading={alerts.loading}
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: t('monitoring.household.none') }}
          data-testid="household-alerts-table"
        />
      )}
      {raising && (
        <FormModal<{ what?: string }>
          title={t('monitoring.household.raiseTitle', { name: headName })}
          okText={t('monitoring.household.raiseOk')}
          fieldNames={['what']}
          codeFields={{ household_closed: 'what', conflict: 'what' }}
          testId="household-raise-form"
          onClose={() => setRaising(false)}
          onSaved={() => {
            setRaising(false);
            void message.success(t('monitoring.household.raised'));
            alerts.reload();
          }}
          onSubmit={(v) => raiseAlert({ householdId, what: (v.what ?? '').trim() })}
        >
          <Form.Item
            name="what"
            label={t('monitoring.household.what')}
            extra={t('monitoring.household.whatHint')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 5, max: 2000, message: t('monitoring.length', { min: 5, max: 2000 }) }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}
