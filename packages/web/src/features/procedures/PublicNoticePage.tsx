import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Empty, Flex, Form, Grid, Input, Layout, Modal, Result, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { MessageOutlined, PrinterOutlined } from '@ant-design/icons';
import { calendarDaysBetween, procedureKindLabel } from '@jingzhun/domain';
import { filePublicObjection, getPublicNotices, type PublicNoticeItem } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { ErrorResult } from '../../shared/components/ErrorResult.tsx';
import { LanguageSwitch } from '../../shared/components/LanguageSwitch.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { showFormError } from '../../shared/lib/formErrors.ts';

// Printed, the notice is a sheet of paper for the village board: no buttons, no page chrome.
const PRINT_CSS = `
@media print {
  .no-print { display: none !important; }
  .public-notice { padding: 0 !important; background: #fff !important; }
  .public-notice .ant-card { box-shadow: none !important; border: none !important; }
  .public-notice .ant-table { font-size: 12pt; }
  .public-notice .ant-table-cell { padding: 4pt 6pt !important; }
}
`;

/**
 * `/public/notices/:villageCode`, outside the sign-in: the village's households under public notice
 * (公示) with masked IDs, the decision and the period, printable for the notice board; anyone may
 * object to a running one, by name or anonymously.
 */
export default function PublicNoticePage() {
  const { villageCode = '' } = useParams();
  const { t, lang } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const valid = /^\d{12}$/.test(villageCode);
  const notices = useApi((signal) => getPublicNotices(villageCode, signal), [villageCode], !valid);
  const [objecting, setObjecting] = useState<PublicNoticeItem | null>(null);
  const data = notices.data?.village.code === villageCode ? notices.data : undefined;

  // The tab (and a printed page's header) names the village; the app's own title comes back on leaving.
  useEffect(() => {
    if (!data) return;
    const before = document.title;
    document.title = `${t('notice.pageTitle', { village: data.village.name })} · ${t('app.short')}`;
    return () => {
      document.title = before;
    };
  }, [data, t]);

  const period = (item: PublicNoticeItem) =>
    `${item.startsOn} ~ ${item.endsOn} (${t('procedures.notice.days', { days: calendarDaysBetween(item.startsOn, item.endsOn) + 1 })})`;
  const objectButton = (item: PublicNoticeItem) =>
    item.running ? (
      <Button size="small" icon={<MessageOutlined />} onClick={() => setObjecting(item)} className="no-print" data-testid="public-object">
        {t('notice.object')}
      </Button>
    ) : (
      <Tag className="no-print">{t('notice.ended')}</Tag>
    );

  const columns: TableColumnsType<PublicNoticeItem> = [
    { key: 'no', dataIndex: 'householdNo', title: t('notice.householdNo'), render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> },
    { key: 'head', dataIndex: 'headName', title: t('notice.headName') },
    { key: 'id', dataIndex: 'headIdNumber', title: t('notice.idNumber'), render: (v: string | null) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v ?? '—'}</span> },
    { key: 'members', dataIndex: 'members', title: t('notice.members'), align: 'right' },
    { key: 'kind', title: t('notice.decision'), render: (_, item) => procedureKindLabel(item.kind, lang) },
    { key: 'period', title: t('notice.period'), render: (_, item) => period(item) },
    { key: 'phone', dataIndex: 'complaintPhone', title: t('notice.complaintPhone'), render: (v: string | null) => v ?? '—' },
    { key: 'action', title: <span className="no-print">{t('common.actions')}</span>, className: 'no-print', render: (_, item) => objectButton(item) },
  ];

  return (
    <Layout className="public-notice" style={{ minHeight: '100vh', padding: phone ? 8 : 24, background: '#f5f5f5' }}>
      <style>{PRINT_CSS}</style>
      <Flex vertical gap={16} style={{ maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Flex justify="space-between" align="center" gap={8} className="no-print">
          <Typography.Text strong style={{ color: '#b71c1c', letterSpacing: 2 }}>
            {t('app.name')}
          </Typography.Text>
          <LanguageSwitch />
        </Flex>
        {!valid ? (
          <Result status="404" title={t('notice.badVillage')} />
        ) : notices.error !== undefined && !data ? (
          <ErrorResult error={notices.error} onRetry={notices.reload} />
        ) : !data ? (
          <PageLoading />
        ) : (
          <Card>
            <Flex vertical gap={12}>
              <Flex justify="space-between" align="flex-start" wrap gap={12}>
                <Flex vertical gap={4}>
                  <Typography.Title level={phone ? 4 : 3} style={{ margin: 0 }} data-testid="public-village">
                    {t('notice.pageTitle', { village: data.village.name })}
                  </Typography.Title>
                  <Typography.Text type="secondary">{t('notice.asOf', { date: data.today })}</Typography.Text>
                </Flex>
                <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="no-print" data-testid="public-print">
                  {t('notice.print')}
                </Button>
              </Flex>
              <Typography.Paragraph style={{ margin: 0 }}>{t('notice.intro')}</Typography.Paragraph>
              {data.items.length === 0 ? (
                <Empty description={t('notice.none')} data-testid="public-empty" />
              ) : phone ? (
                // On a phone each household is a card: a seven-column table does not fit 375 pixels.
                <Flex vertical gap={8} data-testid="public-notices">
                  {data.items.map((item) => (
                    <Card key={item.procedureId} size="small" data-testid="public-notice-item">
                      <Flex vertical gap={4}>
                        <Flex justify="space-between" align="center" gap={8}>
                          <Typography.Text strong>{item.headName}</Typography.Text>
                          <Tag color="blue">{procedureKindLabel(item.kind, lang)}</Tag>
                        </Flex>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('notice.householdNo')} {item.householdNo} · {t('notice.members')} {item.members}
                        </Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('notice.idNumber')} {item.headIdNumber ?? '—'}
                        </Typography.Text>
                        <Typography.Text style={{ fontSize: 13 }}>
                          {t('notice.period')}: {period(item)}
                        </Typography.Text>
                        <Typography.Text style={{ fontSize: 13 }}>
                          {t('notice.complaintPhone')}: {item.complaintPhone ? <a href={`tel:${item.complaintPhone}`}>{item.complaintPhone}</a> : '—'}
                        </Typography.Text>
                        <div>{objectButton(item)}</div>
                      </Flex>
                    </Card>
                  ))}
                </Flex>
              ) : (
                <Table<PublicNoticeItem>
                  rowKey="procedureId"
                  size="middle"
                  columns={columns}
                  dataSource={data.items}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  data-testid="public-notices"
                />
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('notice.footer')}
              </Typography.Text>
              {/* Hardship in the family: the village's own form for it (自主申报). */}
              <Link
                to={`/public/report?village=${data.village.code}&name=${encodeURIComponent(data.village.name)}`}
                className="no-print"
                data-testid="public-report-link"
              >
                {t('publicReport.fromNotice')}
              </Link>
            </Flex>
          </Card>
        )}
      </Flex>
      {objecting && data && <ObjectionModal villageCode={data.village.code} item={objecting} onClose={() => setObjecting(null)} />}
    </Layout>
  );
}

interface ObjectionValues {
  text?: string;
  by?: string;
  contact?: string;
}

/** 提出异议: what is wrong (required); name and contact only if the person wishes. */
function ObjectionModal({ villageCode, item, onClose }: { villageCode: string; item: PublicNoticeItem; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ObjectionValues>();
  const [saving, setSaving] = useState(false);
  const [sent, setSent] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: ObjectionValues) => {
    setSaving(true);
    setFormError(null);
    try {
      const by = values.by?.trim();
      const contact = values.contact?.trim();
      await filePublicObjection(villageCode, {
        procedureId: item.procedureId,
        text: (values.text ?? '').trim(),
        ...(by ? { by } : {}),
        ...(contact ? { contact } : {}),
      });
      setSent(true);
      void message.success(t('notice.objectionSent'));
    } catch (e) {
      showFormError(form, e, setFormError, { fieldNames: ['text', 'by', 'contact'] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('notice.objectTitle', { name: item.headName, kind: procedureKindLabel(item.kind, lang) })}
      onCancel={onClose}
      mask={{ closable: false }}
      width={520}
      footer={
        sent ? (
          <Button type="primary" onClick={onClose}>
            {t('notice.close')}
          </Button>
        ) : (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="public-objection-submit">
              {t('notice.send')}
            </Button>
          </Flex>
        )
      }
    >
      {sent ? (
        <Result status="success" title={t('notice.objectionSent')} subTitle={t('notice.objectionSentHint')} data-testid="public-objection-sent" />
      ) : (
        <Form<ObjectionValues> form={form} layout="vertical" onFinish={submit} autoComplete="off" data-testid="public-objection-form">
          {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
          <Alert type="info" showIcon title={t('notice.anonymousNote')} style={{ marginBottom: 16 }} />
          <Form.Item
            name="text"
            label={t('notice.objectionText')}
            rules={[
              { required: true, whitespace: true, message: t('notice.objectionTextRequired') },
              { min: 2, max: 4000, message: t('procedures.length', { min: 2, max: 4000 }) },
            ]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount data-testid="public-objection-text" />
          </Form.Item>
          <Form.Item name="by" label={t('notice.yourName')} rules={[{ max: 40, message: t('procedures.length', { min: 1, max: 40 }) }]}>
            <Input maxLength={40} autoComplete="name" />
          </Form.Item>
          <Form.Item name="contact" label={t('notice.yourContact')} rules={[{ max: 60, message: t('procedures.length', { min: 1, max: 60 }) }]}>
            <Input maxLength={60} inputMode="tel" autoComplete="tel" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
