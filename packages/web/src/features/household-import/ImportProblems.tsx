import { Alert, Button, Flex, Result, Table, Typography, type TableColumnsType } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { downloadImportErrors, type ImportJob, type ImportProblem } from './api.ts';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatNumber } from '../../shared/lib/format.ts';

type Row = ImportProblem & { key: number };

/**
 * Step ③ (or ④ when the check made on confirmation found them): the file's problems, paged, with the
 * marked-up workbook to download and a way back to the upload.
 */
export function ImportProblems({ job, onConfirmation, onReupload }: { job: ImportJob; onConfirmation: boolean; onReupload: () => void }) {
  const { t, lang } = useI18n();
  const count = formatNumber(job.errorCount, lang);
  const rows: Row[] = job.errors.map((p, i) => ({ ...p, key: i }));
  const baseName = job.fileName.replace(/\.xlsx$/i, '');

  const columns: TableColumnsType<Row> = [
    { key: 'sheet', title: t('import.colSheet'), render: (_, p) => p.sheet ?? t('import.wholeFile') },
    { key: 'row', title: t('import.colRow'), align: 'right', render: (_, p) => p.row ?? DASH },
    {
      key: 'cell',
      title: t('import.colCell'),
      render: (_, p) => (p.column || p.cell ? [p.column, p.cell && `(${p.cell})`].filter(Boolean).join(' ') : DASH),
    },
    {
      key: 'message',
      title: t('import.colMessage'),
      render: (_, p) => (
        <Typography.Text style={{ whiteSpace: 'normal' }}>
          {p.message}
          {p.detail ? `(${p.detail})` : ''}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="import-invalid">
      <Result
        status="error"
        style={{ padding: '16px 0' }}
        title={t(onConfirmation ? 'import.invalidOnConfirmTitle' : 'import.invalidTitle', { count })}
        subTitle={t(onConfirmation ? 'import.invalidOnConfirmHint' : 'import.invalidHint')}
        extra={
          <Flex wrap gap={8} justify="center">
            <DownloadButton
              type="primary"
              load={() => downloadImportErrors(job.id)}
              fallbackName={t('import.reportFileName', { file: baseName })}
              data-testid="import-download-report"
            >
              {t('import.downloadReport')}
            </DownloadButton>
            <Button icon={<UploadOutlined />} onClick={onReupload} data-testid="import-reupload">
              {t('import.reupload')}
            </Button>
          </Flex>
        }
      />
      {job.errorCount > job.errors.length && (
        <Alert
          type="info"
          showIcon
          title={t('import.problemsShown', { shown: formatNumber(job.errors.length, lang), total: count })}
        />
      )}
      <Table<Row>
        size="small"
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => t('import.problemsTotal', { total }) }}
        data-testid="import-problems"
      />
    </Flex>
  );
}
