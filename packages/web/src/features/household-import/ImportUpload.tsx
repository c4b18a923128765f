import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Progress, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { errorMessage } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { IMPORT_MAX_BYTES, uploadHouseholdImport } from './api.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Problem {
  title: string;
  hint?: string;
}

/** Step ①: picks one .xlsx, checks its type and size here first, and uploads it with progress. */
export function ImportUpload({ onUploaded }: { onUploaded: (jobId: string) => void }) {
  const { t, lang } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [uploading, setUploading] = useState<{ name: string; fraction: number } | null>(null);
  const controller = useRef<AbortController | null>(null);
  // Leaving the page stops an upload nobody waits for.
  useEffect(() => () => controller.current?.abort(), []);

  const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

  const send = async (file: File) => {
    setProblem(null);
    if (!/\.xlsx$/i.test(file.name)) {
      setProblem({ title: t('import.notXlsx'), hint: t('import.notXlsxHint', { name: file.name }) });
      return;
    }
    // The server refuses a larger file only after receiving it: on a slow line, say it before sending.
    if (file.size > IMPORT_MAX_BYTES) {
      setProblem({ title: errorMessage('payload_too_large', lang), hint: t('import.tooLargeHint', { size: megabytes(file.size) }) });
      return;
    }
    const own = new AbortController();
    controller.current = own;
    setUploading({ name: file.name, fraction: 0 });
    try {
      const answer = await uploadHouseholdImport(file, (fraction) => setUploading({ name: file.name, fraction }), own.signal);
      onUploaded(String(answer.id));
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      if (isApiError(e)) {
        const details = e.fieldErrors.map((f) => f.message).filter((m) => m !== e.message);
        const hint = e.code === 'payload_too_large' ? t('import.tooLargeHint', { size: megabytes(file.size) }) : details.join(';');
        setProblem({ title: e.message, ...(hint ? { hint } : {}) });
      } else {
        setProblem({ title: t('import.uploadFailed'), hint: e instanceof Error ? e.message : String(e) });
      }
    } finally {
      if (controller.current === own) controller.current = null;
      if (!own.signal.aborted) setUploading(null);
    }
  };

  const cancel = () => {
    controller.current?.abort();
    setUploading(null);
  };

  return (
    <Flex vertical gap={16}>
      <Alert type="info" showIcon title={t('import.intro')} />
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem.title}
          description={problem.hint}
          closable={{ onClose: () => setProblem(null) }}
          data-testid="import-upload-error"
        />
      )}
      {uploading ? (
        <Flex vertical gap={8} style={{ padding: '24px 0' }} data-testid="import-uploading">
          <Typography.Text ellipsis>{t('import.uploading', { name: uploading.name })}</Typography.Text>
          <Progress percent={Math.floor(uploading.fraction * 100)} status="active" />
          <div>
            <Button onClick={cancel}>{t('import.cancelUpload')}</Button>
          </div>
        </Flex>
      ) : (
        <div data-testid="import-upload">
          <Upload.Dragger
            // The picker offers .xlsx only; a dropped file of another type is not filtered out silently but told why.
            accept={{ format: `.xlsx,${XLSX_TYPE}`, filter: 'native' }}
            multiple={false}
            maxCount={1}
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              // The upload is ours (with progress and the API's errors), not the component's.
              return Upload.LIST_IGNORE;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.dragText')}</p>
            <p className="ant-upload-hint">{t('import.dragHint')}</p>
          </Upload.Dragger>
        </div>
      )}
    </Flex>
  );
}
