import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Flex, Form, Input, Progress, Select, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { CloudUploadOutlined, InboxOutlined } from '@ant-design/icons';
import { errorMessage, type FeedKind } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { FEED_MAX_BYTES, getFeedKinds, uploadFeed, type FeedColumnInfo } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { useI18n, type MessageKey } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { scrollToFirstError, showFormError } from '../../shared/lib/formErrors.ts';
import { DateInput } from '../../shared/components/DateInput.tsx';
import { ISO_DATE } from '../../shared/lib/query.ts';
import { PlacePicker } from '../../shared/components/PlacePicker.tsx';

interface UploadValues {
  kind?: FeedKind;
  source?: string;
  asOf?: string;
  regionCode?: string;
  /** Field → the header of the file, where it differs from the usual one. */
  mapping?: Record<string, string | undefined>;
  ignore?: string[];
  /** Written as soon as every row passes, without the summary. */
  confirm?: boolean;
}

const FIELD_NAMES = ['kind', 'source', 'asOf', 'regionCode', 'mapping', 'ignore', 'confirm', 'file'] as const;

const TYPE_LABELS: Record<FeedColumnInfo['type'], MessageKey> = {
  money: 'feeds.type.money',
  int: 'feeds.type.int',
  text: 'feeds.type.text',
  bool: 'feeds.type.bool',
  code: 'feeds.type.code',
};

/**
 * The upload of a department's file: which feed it is (its columns and their usual headers shown), the
 * file's own header for any field that differs, columns to leave aside, the department, the date the data
 * holds on and the region; then the upload with its progress. The server checks every row in the background.
 */
export function FeedUpload({ onUploaded }: { onUploaded: (id: string) => void }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const [form] = Form.useForm<UploadValues>();
  const kinds = useApi((signal) => getFeedKinds(signal), [lang]);
  const kind = Form.useWatch('kind', form);
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const controller = useRef<AbortController | null>(null);
  // Leaving the page stops an upload nobody waits for.
  useEffect(() => () => controller.current?.abort(), []);
  const today = chinaDate();
  const columns = kinds.data?.find((k) => k.kind === kind)?.columns ?? [];

  const pick = (picked: File) => {
    setFileProblem(null);
    if (!/\.(csv|xlsx)$/i.test(picked.name)) {
      setFileProblem(t('feeds.notCsvOrXlsx', { name: picked.name }));
      return;
    }
    // The server refuses a larger file only after receiving it: on a slow line, say it before sending.
    if (picked.size > FEED_MAX_BYTES) {
      setFileProblem(errorMessage('payload_too_large', lang));
      return;
    }
    setFile(picked);
  };

  const submit = async (values: UploadValues) => {
    if (!values.kind) return;
    if (!file) {
      setFileProblem(t('feeds.fileRequired'));
      return;
    }
    setFailure(null);
    const mapping = Object.fromEntries(
      Object.entries(values.mapping ?? {})
        .map(([field, header]) => [field, header?.trim() ?? ''] as const)
        .filter(([field, header]) => header !== '' && header !== columns.find((c) => c.field === field)?.header),
    );
    const own = new AbortController();
    controller.current = own;
    setUploading(0);
    try {
      const answer = await uploadFeed(
        values.kind,
        file,
        {
          source: (values.source ?? '').trim(),
          asOf: values.asOf ?? today,
          regionCode: values.regionCode,
          mapping,
          ignore: (values.ignore ?? []).map((h) => h.trim()).filter(Boolean),
          confirm: values.confirm === true,
        },
        { lang, onProgress: setUploading, signal: own.signal },
      );
      onUploaded(String(answer.id));
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      // `mapping.outOfPocket`-like paths land on the mapping input of that field.
      showFormError(form, e, setFailure, { fieldNames: FIELD_NAMES, codeFields: { region_outside_scope: 'regionCode', region_not_found: 'regionCode' } });
      if (isApiError(e) && e.fieldErrors.some((f) => f.path === 'file')) setFileProblem(e.fieldErrors.find((f) => f.path === 'file')?.message ?? e.message);
      scrollToFirstError(form);
    } finally {
      if (controller.current === own) controller.current = null;
      if (!own.signal.aborted) setUploading(null);
    }
  };

  const columnTable: TableColumnsType<FeedColumnInfo> = [
    {
      key: 'header',
      title: t('feeds.col.header'),
      render: (_, c) => (
        <Flex gap={4} align="center">
          <Typography.Text code>{c.header}</Typography.Text>
          {c.required && <Tag color="red">{t('feeds.required')}</Tag>}
        </Flex>
      ),
    },
    {
      key: 'type',
      title: t('feeds.col.type'),
      render: (_, c) => (
        <Flex vertical gap={0}>
          <span>{t(TYPE_LABELS[c.type])}</span>
          {c.values && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.values.join(' / ')}
            </Typography.Text>
          )}
          {c.field === 'on' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('feeds.dateColumnHint')}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'mapping',
      title: t('feeds.col.mapping'),
      render: (_, c) => (
        <Form.Item name={['mapping', c.field]} style={{ margin: 0 }} rules={[{ max: 100 }]}>
          <Input placeholder={c.header} style={{ width: 200 }} aria-label={t('feeds.mappingFor', { header: c.header })} data-testid={`feed-mapping-${c.field}`} />
        </Form.Item>
      ),
    },
  ];

  if (uploading !== null) {
    return (
      <Flex vertical gap={8} style={{ padding: '24px 0' }} data-testid="feed-uploading">
        <Typography.Text ellipsis>{t('feeds.uploading', { name: file?.name ?? '' })}</Typography.Text>
        <Progress percent={Math.floor(uploading * 100)} status="active" />
        <div>
          <Button onClick={() => controller.current?.abort()}>{t('feeds.cancelUpload')}</Button>
        </div>
      </Flex>
    );
  }

  return (
    <Form<UploadValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      onFinishFailed={() => scrollToFirstError(form)}
      autoComplete="off"
      initialValues={{ asOf: today, regionCode: me.region.code }}
      data-testid="feed-upload-form"
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} closable={{ onClose: () => setFailure(null) }} />}
      <Flex gap={16} wrap>
        <Form.Item name="kind" label={t('feeds.kind')} rules={[{ required: true, message: t('feeds.kindRequired') }]} style={{ minWidth: 300 }}>
          <Select<FeedKind>
            placeholder={t('feeds.kindPlaceholder')}
            loading={kinds.loading}
            options={(kinds.data ?? []).map((k) => ({ value: k.kind, label: k.label }))}
            onChange={() => form.setFieldValue('mapping', {})}
            data-testid="feed-kind"
          />
        </Form.Item>
        <Form.Item
          name="source"
          label={t('feeds.source')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, max: 100, message: t('monitoring.length', { min: 2, max: 100 }) }]}
          style={{ minWidth: 260 }}
        >
          <Input placeholder={t('feeds.sourcePlaceholder')} maxLength={100} data-testid="feed-source" />
        </Form.Item>
        <Form.Item
          name="asOf"
          label={t('feeds.asOf')}
          extra={t('feeds.asOfHint')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: ISO_DATE, message: t('monitoring.dateInvalid') },
            { validator: (_, v: string | undefined) => (!v || v <= today ? Promise.resolve() : Promise.reject(new Error(t('monitoring.dateInFuture')))) },
          ]}
        >
          <DateInput max={today} data-testid="feed-as-of" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('feeds.region')} extra={t('feeds.regionHint')} style={{ minWidth: 260 }}>
          <PlacePicker />
        </Form.Item>
      </Flex>
      {kind && (
        <Flex vertical gap={8} style={{ marginBottom: 16 }}>
          <Typography.Text strong>{t('feeds.columnsTitle')}</Typography.Text>
          <Typography.Text type="secondary">{t('feeds.columnsHint')}</Typography.Text>
          <Table<FeedColumnInfo> rowKey="field" size="small" columns={columnTable} dataSource={columns} pagination={false} scroll={{ x: 'max-content' }} data-testid="feed-columns" />
        </Flex>
      )}
      <Form.Item name="ignore" label={t('feeds.ignore')} extra={t('feeds.ignoreHint')}>
        <Select<string[]> mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ',']} placeholder={t('feeds.ignorePlaceholder')} data-testid="feed-ignore" />
      </Form.Item>
      <Form.Item label={t('feeds.file')} required>
        <div data-testid="feed-file">
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            maxCount={1}
            showUploadList={false}
            beforeUpload={(picked) => {
              pick(picked);
              // The file is sent with the form (fields first), not by the component.
              return Upload.LIST_IGNORE;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{file ? file.name : t('feeds.dragText')}</p>
            <p className="ant-upload-hint">{file ? t('feeds.fileSize', { size: (file.size / 1024).toFixed(1) }) : t('feeds.dragHint')}</p>
          </Upload.Dragger>
        </div>
        {fileProblem && <Typography.Text type="danger">{fileProblem}</Typography.Text>}
      </Form.Item>
      <Form.Item name="confirm" valuePropName="checked" extra={t('feeds.confirmAtOnceHint')}>
        <Checkbox data-testid="feed-confirm-at-once">{t('feeds.confirmAtOnce')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined />} data-testid="feed-submit">
        {t('feeds.upload')}
      </Button>
      {!kind && (
        <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
          {t('feeds.pickKindFirst')}
        </Typography.Text>
      )}
    </Form>
  );
}
