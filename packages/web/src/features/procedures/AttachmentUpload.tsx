import { useEffect, useRef, useState } from 'react';
import { App, Button, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api/client.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, attachmentUrl, uploadAttachment, type Attachment } from './api.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';

interface Props {
  householdId: string;
  /** The ids of the files uploaded so far (a form control's value). */
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** Told whether a file is still on its way, so the form can wait for it. */
  onBusyChange?: (busy: boolean) => void;
  testId?: string;
}

/**
 * Photos and scans for a step or a notice: each file is stored at once under the household (JPEG, PNG,
 * WebP or PDF, at most 10 MB, checked here before sending), and the form keeps the ids the server gave.
 */
export function AttachmentUpload({ householdId, onChange, onBusyChange, testId }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile<Attachment>[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  // Leaving the form stops uploads nobody waits for.
  useEffect(() => {
    const running = controllers.current;
    return () => running.forEach((c) => c.abort());
  }, []);

  const update = (next: UploadFile<Attachment>[]) => {
    setFiles(next);
    onChange?.(next.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : [])));
    onBusyChange?.(next.some((f) => f.status === 'uploading'));
  };

  return (
    <Upload<Attachment>
      multiple
      listType="picture"
      accept={ATTACHMENT_TYPES.join(',')}
      fileList={files}
      data-testid={testId}
      beforeUpload={(file) => {
        if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) {
          void message.error(t('procedures.upload.wrongType', { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        if (file.size > ATTACHMENT_MAX_BYTES) {
          void message.error(t('procedures.upload.tooLarge', { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        const uid = (file as { uid?: string }).uid ?? String(Math.random());
        const controller = new AbortController();
        controllers.current.set(uid, controller);
        uploadAttachment(householdId, file as Blob, (fraction) => onProgress?.({ percent: Math.round(fraction * 100) }), controller.signal).then(
          (stored) => {
            controllers.current.delete(uid);
            onSuccess?.(stored);
          },
          (e: unknown) => {
            controllers.current.delete(uid);
            if (e instanceof DOMException && e.name === 'AbortError') return;
            const text = isApiError(e) ? e.message : e instanceof Error ? e.message : String(e);
            void message.error(t('procedures.upload.failed', { message: text }));
            onError?.(new Error(text));
          },
        );
      }}
      onChange={({ fileList }) =>
        update(
          fileList.map((f) => (f.status === 'done' && f.response ? { ...f, url: attachmentUrl(f.response.id) } : f)),
        )
      }
      onRemove={(file) => {
        controllers.current.get(file.uid)?.abort();
        controllers.current.delete(file.uid);
        return true;
      }}
    >
      <Button icon={<PaperClipOutlined />}>{t('procedures.upload.button')}</Button>
    </Upload>
  );
}
