import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Grid, Progress, Result, Steps, Typography, type StepsProps } from 'antd';
import { UnorderedListOutlined, UploadOutlined } from '@ant-design/icons';
import { can } from '@jingzhun/domain';
import { downloadHouseholdTemplate, tallyOf, type ImportJob } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatDateTime, formatNumber } from '../../shared/lib/format.ts';
import { ImportProblems } from './ImportProblems.tsx';
import { ImportSummary } from './ImportSummary.tsx';
import { ImportUpload } from './ImportUpload.tsx';
import { useImportJob } from './useImportJob.ts';

/** The wizard's steps: ① upload ② check ③ review ④ write ⑤ done. */
const STEP = { upload: 0, validate: 1, review: 2, write: 3, done: 4 } as const;

/** The import job of `?job=`: only an id the API could have given. */
function jobParam(params: URLSearchParams): string | null {
  const raw = params.get('job');
  return raw !== null && /^\d{1,18}$/.test(raw) ? raw : null;
}

/**
 * Where the wizard stands. A job found `invalid` after the user confirmed it failed the check made on
 * confirmation (someone registered one of its people meanwhile): its write step failed, nothing was written.
 */
function stepOf(jobId: string | null, job: ImportJob | undefined, confirmed: boolean): { current: number; status: StepsProps['status'] } {
  if (jobId === null) return { current: STEP.upload, status: 'process' };
  switch (job?.state) {
    case undefined:
    case 'validating':
      return { current: STEP.validate, status: 'process' };
    case 'invalid':
      return { current: confirmed ? STEP.write : STEP.review, status: 'error' };
    case 'validated':
      return { current: STEP.review, status: 'process' };
    case 'writing':
      return { current: STEP.write, status: 'process' };
    case 'done':
      return { current: STEP.done, status: 'finish' };
    case 'failed':
      return { current: confirmed ? STEP.write : STEP.validate, status: 'error' };
  }
}

/**
 * `/households/import`: the Excel import wizard. The job id lives in the URL (`?job=123`), so a
 * reload, or coming back later, resumes watching the same job.
 */
export default function HouseholdImportPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'writeRegistry')) return <ForbiddenResult message={t('households.writeForbidden')} />;
  return <ImportWizard />;
}

function ImportWizard() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [params, setParams] = useSearchParams();
  const jobId = jobParam(params);
  const { job, error, reconnecting, refresh, assume } = useImportJob(jobId);
  // Jobs this page saw confirmed; the API does not say whether a job was ever confirmed.
  const [confirmedIds, setConfirmedIds] = useState<ReadonlySet<string>>(new Set());
  const markConfirmed = (id: string) => setConfirmedIds((ids) => (ids.has(String(id)) ? ids : new Set(ids).add(String(id))));
  useEffect(() => {
    if (job?.state === 'writing') markConfirmed(job.id);
  }, [job?.state, job?.id]);
  const confirmed = jobId !== null && confirmedIds.has(jobId);

  /** Shows another job, or the upload again (null); a new entry in the history, so Back returns. */
  const openJob = (id: string | null) =>
    setParams((prev) => {
      const copy = new URLSearchParams(prev);
      if (id === null) copy.delete('job');
      else copy.set('job', id);
      return copy;
    });
  const reupload = () => openJob(null);

  const step = stepOf(jobId, job, confirmed);
  const titles = [t('import.stepUpload'), t('import.stepValidate'), t('import.stepReview'), t('import.stepWrite'), t('import.stepDone')];

  const running = (title: string, hint: string, progress: number) => (
    <Flex vertical align="center" gap={12} style={{ padding: '32px 0' }} data-testid="import-running">
      <Typography.Title level={5} style={{ margin: 0, textAlign: 'center', wordBreak: 'break-all' }}>
        {title}
      </Typography.Title>
      <Progress percent={Math.floor(progress * 100)} status="active" style={{ width: '100%', maxWidth: 480 }} />
      <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
        {hint}
      </Typography.Text>
      {reconnecting && <Alert type="warning" showIcon title={t('import.reconnecting')} />}
    </Flex>
  );

  const body = () => {
    if (jobId === null) return <ImportUpload onUploaded={openJob} />;
    if (error !== undefined) {
      return (
        <Result
          status="error"
          title={t('import.loadFailed')}
          subTitle={error instanceof Error ? error.message : String(error)}
          extra={
            <Flex wrap gap={8} justify="center">
              <Button type="primary" onClick={refresh}>
                {t('common.retry')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={reupload}>
                {t('import.reupload')}
              </Button>
            </Flex>
          }
        />
      );
    }
    if (!job) {
      return (
        <>
          {reconnecting && <Alert type="warning" showIcon title={t('import.reconnecting')} />}
          <PageLoading />
        </>
      );
    }
    switch (job.state) {
      case 'validating':
        // Other uploads are being read: this one waits its turn.
        if (job.waiting) return running(t('import.waitingTitle', { name: job.fileName }), t('import.waitingHint', { position: job.queuePosition ?? 1 }), 0);
        return running(t('import.validatingTitle', { name: job.fileName }), t('import.validatingHint'), job.progress);
      case 'writing':
        return running(t('import.writingTitle', { name: job.fileName }), t('import.writingHint'), job.progress);
      case 'invalid':
        return <ImportProblems job={job} onConfirmation={confirmed} onReupload={reupload} />;
      case 'validated':
        return (
          <ImportSummary
            job={job}
            onConfirmed={() => {
              markConfirmed(job.id);
              assume({ state: 'writing', progress: 0 });
              refresh();
            }}
            onStale={(text) => {
              void message.warning(text);
              refresh();
            }}
            onReupload={reupload}
          />
        );
      case 'done': {
        const n = (value: number) => formatNumber(value, lang);
        return (
          <Result
            status="success"
            title={t('import.doneTitle')}
            subTitle={t('import.doneSubtitle', {
              name: job.fileName,
              households: n(tallyOf(job, 'households').new),
              members: n(tallyOf(job, 'members').new),
              incomes: n(tallyOf(job, 'incomes').new),
              changed: n(tallyOf(job, 'households').changed),
              by: job.confirmedBy ?? '—',
              at: formatDateTime(job.confirmedAt),
            })}
            extra={
              <Flex wrap gap={8} justify="center">
                <Button
                  type="primary"
                  icon={<UnorderedListOutlined />}
                  onClick={() => void navigate({ pathname: '/households', search: `?region=${encodeURIComponent(me.region.code)}` })}
                  data-testid="import-to-list"
                >
                  {t('import.toList', { region: me.region.name })}
                </Button>
                <Button icon={<UploadOutlined />} onClick={reupload}>
                  {t('import.another')}
                </Button>
              </Flex>
            }
            data-testid="import-done"
          />
        );
      }
      case 'failed':
        return (
          <Result
            status="error"
            title={t('import.failedTitle')}
            subTitle={
              <Flex vertical gap={4}>
                {job.message && <Typography.Text type="danger">{job.message}</Typography.Text>}
                <span>{t('import.failedHint')}</span>
              </Flex>
            }
            extra={
              <Button type="primary" icon={<UploadOutlined />} onClick={reupload}>
                {t('import.reupload')}
              </Button>
            }
            data-testid="import-failed"
          />
        );
    }
  };

  return (
    <Card
      title={t('import.title')}
      extra={
        <DownloadButton
          load={downloadHouseholdTemplate}
          fallbackName={t('import.templateFileName')}
          aria-label={t('households.downloadTemplate')}
          title={t('households.downloadTemplate')}
          data-testid="import-template"
        >
          {phone ? undefined : t('households.downloadTemplate')}
        </DownloadButton>
      }
      data-testid="import-page"
    >
      <Steps
        size="small"
        responsive={false}
        titlePlacement={phone ? 'vertical' : 'horizontal'}
        current={step.current}
        status={step.status}
        items={titles.map((title) => ({ title }))}
        style={{ marginBottom: 24 }}
        data-testid="import-steps"
      />
      {body()}
    </Card>
  );
}
