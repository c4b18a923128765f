import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Descriptions, Empty, Flex, Form, Input, Tag, Typography } from 'antd';
import { ExportOutlined, MessageOutlined } from '@ant-design/icons';
import { calendarDaysBetween } from '@jingzhun/domain';
import { fileObjection, resolveObjection, type ObjectionView, type ProcedureView } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { handlesObjections } from './labels.ts';
import { AttachmentLinks, ObjectionItem } from './RecordsTimeline.tsx';

interface Props {
  view: ProcedureView;
  onChanged: (view: ProcedureView, text: string) => void;
}

/**
 * 公示: the notice now posted (period, phone for objections, photos), the objections received, and for
 * the village and township the forms to record an objection and to answer one.
 */
export function NoticeBlock({ view, onChanged }: Props) {
  const me = useMe();
  const { t } = useI18n();
  const [dialog, setDialog] = useState<{ kind: 'file' } | { kind: 'resolve'; objection: ObjectionView } | null>(null);
  const notice = view.notice;
  if (!notice) return null;
  const today = chinaDate();
  const days = calendarDaysBetween(notice.startsOn, notice.endsOn) + 1;
  const running = today >= notice.startsOn && today <= notice.endsOn;
  const phase = today < notice.startsOn ? 'upcoming' : running ? 'running' : 'ended';
  const live = view.state === 'open' && view.currentStep === 'notice';
  const handles = live && handlesObjections(me.role);

  return (
    <Flex vertical gap={12} data-testid="notice-block">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'period',
            label: t('procedures.notice.period'),
            children: (
              <span data-testid="notice-period">
                {notice.startsOn} ~ {notice.endsOn} ({t('procedures.notice.days', { days })})
              </span>
            ),
          },
          {
            key: 'phase',
            label: t('procedures.notice.phase'),
            children: <Tag color={phase === 'running' ? 'processing' : phase === 'upcoming' ? 'default' : 'green'}>{t(`procedures.notice.${phase}`)}</Tag>,
          },
          { key: 'phone', label: t('procedures.notice.complaintPhone'), children: view.complaintPhone ?? '—' },
          {
            key: 'photos',
            label: t('procedures.notice.photos'),
            children: notice.attachments.length > 0 ? <AttachmentLinks ids={notice.attachments} /> : '—',
          },
          {
            key: 'public',
            label: t('procedures.notice.publicPage'),
            children: (
              <Link to={`/public/notices/${view.household.villageCode}`} target="_blank" data-testid="notice-public-link">
                {t('procedures.notice.openPublicPage')} <ExportOutlined />
              </Link>
            ),
          },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text strong>{t('procedures.objection.title', { count: view.objections.length })}</Typography.Text>
        {handles && phase !== 'upcoming' && (
          <Button icon={<MessageOutlined />} onClick={() => setDialog({ kind: 'file' })} data-testid="objection-file-open">
            {t('procedures.objection.file')}
          </Button>
        )}
      </Flex>
      {view.objections.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('procedures.objection.none')} />
      ) : (
        <div>
          {view.objections.map((o) => (
            <ObjectionItem
              key={o.id}
              objection={o}
              action={
                handles && !o.resolution ? (
                  <Button size="small" type="primary" ghost onClick={() => setDialog({ kind: 'resolve', objection: o })} data-testid="objection-resolve-open">
                    {t('procedures.objection.resolve')}
                  </Button>
                ) : undefined
              }
            />
          ))}
        </div>
      )}
      {dialog?.kind === 'file' && <FileObjectionModal view={view} onClose={() => setDialog(null)} onChanged={onChanged} />}
      {dialog?.kind === 'resolve' && (
        <ResolveObjectionModal view={view} objection={dialog.objection} onClose={() => setDialog(null)} onChanged={onChanged} />
      )}
    </Flex>
  );
}

interface FileValues {
  text?: string;
  filedOn?: string;
  by?: string;
  contact?: string;
}

/** 登记异议: an objection received by phone, in person or in the letter box, on a day the notice runs. */
function FileObjectionModal({ view, onClose, onChanged }: Props & { onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<FileValues>();
  const today = chinaDate();
  const notice = view.notice;
  const min = notice?.startsOn;
  const max = notice && notice.endsOn < today ? notice.endsOn : today;

  const submit = async (values: FileValues) => {
    const by = values.by?.trim();
    const contact = values.contact?.trim();
    const next = await fileObjection(view.id, {
      text: (values.text ?? '').trim(),
      ...(values.filedOn ? { filedOn: values.filedOn } : {}),
      ...(by ? { by } : {}),
      ...(contact ? { contact } : {}),
    });
    onClose();
    onChanged(next, t('procedures.objection.filed'));
  };

  return (
    <FormModal<FileValues>
      title={t('procedures.objection.file')}
      width={560}
      form={form}
      onSubmit={submit}
      fieldNames={['text', 'filedOn', 'by', 'contact']}
      codeFields={{ notice_not_running: 'filedOn' }}
      initialValues={{ filedOn: max }}
      testId="objection-file-form"
      onClose={onClose}
    >
      <Form.Item
        name="text"
        label={t('procedures.objection.text')}
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { min: 2, max: 4000, message: t('procedures.length', { min: 2, max: 4000 }) },
        ]}
      >
        <Input.TextArea rows={4} maxLength={4000} showCount data-testid="objection-text" />
      </Form.Item>
      <Form.Item name="filedOn" label={t('procedures.objection.filedOn')} rules={[{ required: true, message: t('common.required') }]}>
        <Input type="date" min={min} max={max} style={{ maxWidth: 220 }} />
      </Form.Item>
      <Flex wrap gap={16}>
        <Form.Item name="by" label={t('procedures.objection.by')} rules={[{ max: 40, message: t('procedures.length', { min: 1, max: 40 }) }]} style={{ flex: '1 1 200px' }}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="contact" label={t('procedures.objection.contact')} rules={[{ max: 60, message: t('procedures.length', { min: 1, max: 60 }) }]} style={{ flex: '1 1 200px' }}>
          <Input maxLength={60} />
        </Form.Item>
      </Flex>
      <Typography.Text type="secondary">{t('procedures.objection.anonymousHint')}</Typography.Text>
    </FormModal>
  );
}

interface ResolveValues {
  resolution?: string;
  resolvedOn?: string;
}

/** 处理异议: how the objection was looked into and what was found; the notice cannot close before. */
function ResolveObjectionModal({ view, objection, onClose, onChanged }: Props & { objection: ObjectionView; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ResolveValues>();
  const today = chinaDate();

  const submit = async (values: ResolveValues) => {
    const next = await resolveObjection(view.id, objection.id, { resolution: (values.resolution ?? '').trim(), resolvedOn: values.resolvedOn ?? '' });
    onClose();
    onChanged(next, t('procedures.objection.resolvedDone', { id: objection.id }));
  };

  return (
    <FormModal<ResolveValues>
      title={t('procedures.objection.resolveTitle', { id: objection.id })}
      width={560}
      form={form}
      onSubmit={submit}
      fieldNames={['resolution', 'resolvedOn']}
      initialValues={{ resolvedOn: today }}
      testId="objection-resolve-form"
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
        {objection.text}
      </Typography.Paragraph>
      <Form.Item
        name="resolution"
        label={t('procedures.objection.resolution')}
        extra={t('procedures.objection.resolutionHint')}
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { min: 2, max: 4000, message: t('procedures.length', { min: 2, max: 4000 }) },
        ]}
      >
        <Input.TextArea rows={4} maxLength={4000} showCount data-testid="objection-resolution" />
      </Form.Item>
      <Form.Item
        name="resolvedOn"
        label={t('procedures.objection.resolvedOn')}
        rules={[
          { required: true, message: t('common.required') },
          {
            validator: (_, v: string | undefined) =>
              !v || (v >= objection.filedOn && v <= today) ? Promise.resolve() : Promise.reject(new Error(t('procedures.objection.resolvedOnRange', { from: objection.filedOn, to: today }))),
          },
        ]}
      >
        <Input type="date" min={objection.filedOn} max={today} style={{ maxWidth: 220 }} />
      </Form.Item>
    </FormModal>
  );
}
