import { useState } from 'react';
import { App, Alert, Button, Card, Flex, Form, Input, Popconfirm, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { KIN_RELATIONS, type KinRelation } from '@jingzhun/domain';
import { addRelative, listRelatives, removeRelative, setOwnIdNumber, type Relative } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { ErrorResult } from '../../shared/components/ErrorResult.tsx';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { showFormError } from '../../shared/lib/formErrors.ts';

/** A resident ID as typed: 18 characters, digits with a final digit or X (the server checks the rest). */
const ID_PATTERN = /^\d{17}[\dXx]$/;

interface RelativeValues {
  name: string;
  idNumber: string;
  relation: KinRelation;
}

/**
 * `/account/relatives` (我的近亲属): any signed-in user registers their close relatives and their own
 * resident ID, so that the inspectors' audit can find the cases they decided on for their kin (优亲厚友).
 */
export default function RelativesPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useApi((signal) => listRelatives({}, signal), []);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);

  const remove = async (r: Relative) => {
    setRemoving(r.id);
    try {
      await removeRelative(r.id);
      void message.success(t('audits.relatives.removed', { name: r.name }));
      list.reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setRemoving(null);
    }
  };

  const columns: TableColumnsType<Relative> = [
    { key: 'name', dataIndex: 'name', title: t('audits.relatives.name') },
    { key: 'idNumber', title: t('audits.relatives.idNumber'), render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{r.idNumber}</span> },
    { key: 'relation', dataIndex: 'relationLabel', title: t('audits.relatives.relation') },
    {
      key: 'actions',
      title: t('audits.relatives.actions'),
      render: (_, r) => (
        <Popconfirm title={t('audits.relatives.removeConfirm', { name: r.name })} okButtonProps={{ danger: true }} onConfirm={() => remove(r)}>
          <Button type="link" danger size="small" loading={removing === r.id} data-testid="relative-remove">
            {t('audits.relatives.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('audits.relatives.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="relative-add">
            {t('audits.relatives.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('audits.relatives.why')}</Typography.Paragraph>
        {list.error !== undefined ? (
          <ErrorResult error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Relative>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            pagination={false}
            locale={{ emptyText: t('audits.relatives.empty') }}
            data-testid="relatives-table"
          />
        )}
      </Card>
      <OwnIdNumberCard />
      {adding && (
        <FormModal<RelativeValues, { id: string }>
          title={t('audits.relatives.add')}
          onSubmit={(v) => addRelative({ name: v.name.trim(), idNumber: v.idNumber.trim().toUpperCase(), relation: v.relation })}
          onSaved={() => {
            setAdding(false);
            void message.success(t('audits.relatives.added'));
            list.reload();
          }}
          onClose={() => setAdding(false)}
          fieldNames={['name', 'idNumber', 'relation']}
          codeFields={{ conflict: 'idNumber' }}
          testId="relative-form"
        >
          <Form.Item name="name" label={t('audits.relatives.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 40 }]}>
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('audits.relatives.idNumber')}
            rules={[
              { required: true, message: t('common.required') },
              { pattern: ID_PATTERN, message: t('audits.idNumber.invalid') },
            ]}
          >
            <Input maxLength={18} autoComplete="off" style={{ fontVariantNumeric: 'tabular-nums' }} />
          </Form.Item>
          <Form.Item name="relation" label={t('audits.relatives.relation')} rules={[{ required: true, message: t('common.required') }]}>
            <Select<KinRelation> options={(Object.keys(KIN_RELATIONS) as KinRelation[]).map((k) => ({ value: k, label: KIN_RELATIONS[k][lang] }))} />
          </Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}

/** One's own resident ID: write-only here (the server keeps it and answers it masked). */
function OwnIdNumberCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ idNumber: string }>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);

  const save = async (idNumber: string | null) => {
    setSaving(true);
    setFailure(null);
    try {
      const res = await setOwnIdNumber(idNumber);
      setSaved(res.idNumber);
      form.resetFields();
      void message.success(idNumber === null ? t('audits.idNumber.cleared') : t('audits.idNumber.saved'));
    } catch (e) {
      showFormError(form, e, setFailure, { fieldNames: ['idNumber'] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('audits.idNumber.title')}>
      <Typography.Paragraph type="secondary">{t('audits.idNumber.why')}</Typography.Paragraph>
      {saved !== undefined && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={saved === null ? t('audits.idNumber.cleared') : t('audits.idNumber.now', { idNumber: saved })}
        />
      )}
      {failure && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={failure} />}
      <Form form={form} name="ownIdNumber" layout="inline" onFinish={(v) => void save(v.idNumber.trim().toUpperCase())}>
        <Form.Item
          name="idNumber"
          label={t('audits.idNumber.label')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: ID_PATTERN, message: t('audits.idNumber.invalid') },
          ]}
        >
          <Input maxLength={18} autoComplete="off" style={{ width: 220, fontVariantNumeric: 'tabular-nums' }} data-testid="own-id-number" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('common.save')}
          </Button>
          <Popconfirm title={t('audits.idNumber.clearConfirm')} onConfirm={() => save(null)}>
            <Button disabled={saving}>{t('audits.idNumber.clear')}</Button>
          </Popconfirm>
        </Space>
      </Form>
    </Card>
  );
}
