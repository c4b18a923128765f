import { useEffect } from 'react';
import { Button, Card, Col, Flex, Form, Input, Row, Tag, Typography, type TableColumnsType } from 'antd';
import { can } from '@jingzhun/domain';
import { listAudit, type AuditEvent } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';

interface Filters {
  entity?: string;
  id?: string;
}

const FILTER_KEYS = ['entity', 'id'];

/** `/audit`: who changed what, newest first; a row opens the record before and after. */
export default function AuditPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readAudit')) return <ForbiddenResult message={t('audit.forbidden')} />;
  return <AuditTable />;
}

function AuditTable() {
  const { t } = useI18n();
  const [form] = Form.useForm<Filters>();
  const events = useListPage(
    { filters: FILTER_KEYS },
    (paging, params, signal) => listAudit({ ...paging, entity: params.get('entity') ?? undefined, id: params.get('id') ?? undefined }, signal),
  );
  const entity = events.params.get('entity') ?? '';
  const id = events.params.get('id') ?? '';
  useEffect(() => form.setFieldsValue({ entity, id }), [entity, id]); // `form` is stable.

  const columns: TableColumnsType<AuditEvent> = [
    { key: 'at', dataIndex: 'at', title: t('audit.at'), width: 180, render: (v: string) => formatDateTime(v) },
    {
      key: 'actor',
      title: t('audit.actor'),
      render: (_, e) => e.actorName ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    { key: 'action', dataIndex: 'action', title: t('audit.action'), render: (v: string) => <Tag color={actionColor(v)}>{v}</Tag> },
    { key: 'entity', dataIndex: 'entity', title: t('audit.entity') },
    {
      key: 'entityId',
      dataIndex: 'entityId',
      title: t('audit.entityId'),
      render: (v: string | null) => (v ? <Typography.Text code copyable={{ text: v }}>{v}</Typography.Text> : '—'),
    },
    { key: 'region', dataIndex: 'regionCode', title: t('audit.region'), render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Card title={t('audit.title')}>
      <Form<Filters> form={form} layout="inline" onFinish={(v) => events.update({ entity: v.entity?.trim(), id: v.id?.trim() })} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="entity">
          <Input allowClear placeholder={t('audit.entityPlaceholder')} aria-label={t('audit.entity')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="id">
          <Input allowClear placeholder={t('audit.idPlaceholder')} aria-label={t('audit.entityId')} style={{ width: 280 }} />
        </Form.Item>
        <Form.Item>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button onClick={events.resetFilters}>{t('common.reset')}</Button>
          </Flex>
        </Form.Item>
      </Form>
      <ListTable
        list={events}
        columns={columns}
        expandable={{
          expandedRowRender: (e) => <BeforeAfter before={e.before} after={e.after} />,
          rowExpandable: (e) => e.before !== null || e.after !== null,
          expandRowByClick: true,
        }}
      />
    </Card>
  );
}

function actionColor(action: string): string {
  if (/delete|remove|disable|lock/i.test(action)) return 'red';
  if (/create|insert|add/i.test(action)) return 'green';
  if (/update|change|edit|patch|reset/i.test(action)) return 'blue';
  return 'default';
}

type Json = Record<string, unknown>;

/** The record before and after side by side, with the keys that changed marked. */
function BeforeAfter({ before, after }: { before: Json | null; after: Json | null }) {
  const { t } = useI18n();
  const changed = new Set<string>();
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    if (JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])) changed.add(key);
  }
  const side = (title: string, value: Json | null, testId: string) => (
    <Col xs={24} md={12}>
      <Typography.Text strong>{title}</Typography.Text>
      <pre
        data-testid={testId}
        style={{ background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, padding: 12, margin: '8px 0 0', overflow: 'auto', maxHeight: 400, fontSize: 12 }}
      >
        {value === null ? (
          <Typography.Text type="secondary">{t('audit.none')}</Typography.Text>
        ) : (
          <JsonLines value={value} changed={changed} />
        )}
      </pre>
    </Col>
  );
  return (
    <Row gutter={16}>
      {side(t('audit.before'), before, 'audit-before')}
      {side(t('audit.after'), after, 'audit-after')}
    </Row>
  );
}

function JsonLines({ value, changed }: { value: Json; changed: Set<string> }) {
  const keys = Object.keys(value);
  return (
    <>
      {'{\n'}
      {keys.map((key, i) => {
        const text = `  ${JSON.stringify(key)}: ${JSON.stringify(value[key], null, 2)?.replace(/\n/g, '\n  ') ?? 'undefined'}${i < keys.length - 1 ? ',' : ''}\n`;
        return changed.has(key) ? (
          <mark key={key} style={{ background: '#fff1b8', padding: 0 }}>
            {text}
          </mark>
        ) : (
          <span key={key}>{text}</span>
        );
      })}
      {'}'}
    </>
  );
}
