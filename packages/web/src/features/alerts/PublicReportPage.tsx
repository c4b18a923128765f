import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Grid, Input, Layout, Result, Select, Spin, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { filePublicSelfReport, searchPublicVillages, type PublicVillage } from './api.ts';
import { LanguageSwitch } from '../../shared/components/LanguageSwitch.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { useDebouncedSearch } from '../../shared/lib/useDebouncedSearch.ts';
import { scrollToFirstError, showFormError } from '../../shared/lib/formErrors.ts';

/** A mobile number or a landline with its area code, as the server takes them. */
const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;

interface ReportValues {
  villageCode?: string;
  name?: string;
  phone?: string;
  what?: string;
}

/**
 * `/public/report`, outside the sign-in: anyone tells the village of a hardship (自主申报) — their
 * village, a phone to call back, what happened, a name if they wish. The village's cadres see it in
 * their inbox. `?village=…&name=…` (from the village's notice page) fills in the village.
 */
export default function PublicReportPage() {
  const { t } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const [params] = useSearchParams();
  const [form] = Form.useForm<ReportValues>();
  const [saving, setSaving] = useState(false);
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const givenVillage = params.get('village');
  const given: PublicVillage | undefined =
    givenVillage && /^\d{12}$/.test(givenVillage) ? { code: givenVillage, name: params.get('name')?.slice(0, 60) || givenVillage, path: [] } : undefined;

  useEffect(() => {
    const before = document.title;
    document.title = `${t('publicReport.title')} · ${t('app.short')}`;
    return () => {
      document.title = before;
    };
  }, [t]);

  const submit = async (values: ReportValues) => {
    setSaving(true);
    setFailure(null);
    try {
      const name = values.name?.trim();
      await filePublicSelfReport({ villageCode: values.villageCode ?? '', phone: (values.phone ?? '').trim(), what: (values.what ?? '').trim(), ...(name ? { name } : {}) });
      setSent(true);
    } catch (e) {
      showFormError(form, e, setFailure, { fieldNames: ['villageCode', 'name', 'phone', 'what'], codeFields: { region_not_found: 'villageCode' } });
      scrollToFirstError(form);
    } finally {
      setSaving(false);
    }
  };

  const another = () => {
    form.setFieldsValue({ what: '' });
    setSent(false);
  };

  return (
    <Layout style={{ minHeight: '100vh', padding: phone ? 8 : 24, background: '#f5f5f5' }}>
      <Flex vertical gap={16} style={{ maxWidth: 640, width: '100%', margin: '0 auto' }}>
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text strong style={{ color: '#b71c1c', letterSpacing: 2 }}>
            {t('app.name')}
          </Typography.Text>
          <LanguageSwitch />
        </Flex>
        <Card>
          {sent ? (
            <Result
              status="success"
              title={t('publicReport.sent')}
              subTitle={t('publicReport.sentHint')}
              extra={<Button onClick={another}>{t('publicReport.another')}</Button>}
              data-testid="public-report-sent"
            />
          ) : (
            <Flex vertical gap={12}>
              <Typography.Title level={phone ? 4 : 3} style={{ margin: 0 }}>
                {t('publicReport.title')}
              </Typography.Title>
              <Typography.Paragraph style={{ margin: 0 }}>{t('publicReport.intro')}</Typography.Paragraph>
              <Form<ReportValues>
                form={form}
                layout="vertical"
                onFinish={submit}
                onFinishFailed={() => scrollToFirstError(form)}
                autoComplete="off"
                initialValues={{ villageCode: given?.code }}
                data-testid="public-report-form"
              >
                {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="public-report-error" />}
                <Form.Item name="villageCode" label={t('publicReport.village')} rules={[{ required: true, message: t('publicReport.villageRequired') }]}>
                  <VillageSearch initial={given} />
                </Form.Item>
                <Form.Item
                  name="what"
                  label={t('publicReport.what')}
                  extra={t('publicReport.whatHint')}
                  rules={[
                    { required: true, whitespace: true, message: t('publicReport.whatRequired') },
                    { min: 5, max: 2000, message: t('monitoring.length', { min: 5, max: 2000 }) },
                  ]}
                >
                  <Input.TextArea rows={5} maxLength={2000} showCount data-testid="public-report-what" />
                </Form.Item>
                <Form.Item
                  name="phone"
                  label={t('publicReport.phone')}
                  extra={t('publicReport.phoneHint')}
                  rules={[
                    { required: true, whitespace: true, message: t('publicReport.phoneRequired') },
                    { pattern: PHONE, message: t('publicReport.phoneInvalid') },
                  ]}
                >
                  <Input inputMode="tel" autoComplete="tel" maxLength={13} style={{ maxWidth: 260 }} data-testid="public-report-phone" />
                </Form.Item>
                <Form.Item name="name" label={t('publicReport.name')} extra={t('publicReport.nameHint')} rules={[{ max: 40, message: t('monitoring.length', { min: 1, max: 40 }) }]}>
                  <Input autoComplete="name" maxLength={40} style={{ maxWidth: 260 }} data-testid="public-report-name" />
                </Form.Item>
                <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={saving} block={phone} data-testid="public-report-submit">
                  {t('publicReport.submit')}
                </Button>
              </Form>
            </Flex>
          )}
        </Card>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('publicReport.footer')} <Link to="/login">{t('publicReport.staff')}</Link>
        </Typography.Text>
      </Flex>
    </Layout>
  );
}

/** Finds a village by name or pinyin initials (debounced) and holds its code. */
function VillageSearch({ initial, value, onChange }: { initial: PublicVillage | undefined; value?: string; onChange?: (code: string | undefined) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  // The chosen village stays an option while another search shows others.
  const [chosen, setChosen] = useState<PublicVillage | undefined>(initial);
  const found = useDebouncedSearch(text, (q, signal) => searchPublicVillages(q.slice(0, 40), signal));
  const items = found.data?.items ?? [];
  const hits = chosen && chosen.code === value && !items.some((v) => v.code === chosen.code) ? [chosen, ...items] : items;

  return (
    <Select<string>
      value={value}
      onChange={(code) => {
        setChosen(hits.find((v) => v.code === code));
        onChange?.(code ?? undefined);
      }}
      allowClear
      placeholder={t('publicReport.villagePlaceholder')}
      showSearch={{ filterOption: false, onSearch: setText }}
      notFoundContent={found.searching ? <Spin size="small" /> : (found.failure ?? t('publicReport.villageSearchHint'))}
      options={hits.map((v) => {
        // The township and county tell two villages of one name apart; the province and country add nothing.
        const above = (v.path.at(-1) === v.name ? v.path.slice(0, -1) : v.path).slice(-2);
        return {
          value: v.code,
          label: (
            <span>
              {v.name}
              {above.length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                  {above.join(' ')}
                </Typography.Text>
              )}
            </span>
          ),
        };
      })}
      data-testid="public-report-village"
    />
  );
}
