import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Progress, Radio, Result, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { can } from '@jingzhun/domain';
import { downloadBookletJob, startBooklets, type BookletJob } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { isVillageCode, VillagePicker } from '../../shared/components/VillagePicker.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { useBookletJob } from './useBookletJob.ts';

type Kind = BookletJob['kind'];

/** `/assistance/booklets`: a village's booklets (一户一册) or benefit cards (明白卡) made as one PDF in the background. */
export default function BookletsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('assistance.forbidden')} />;
  return <BookletsForm />;
}

function BookletsForm() {
  const { t } = useI18n();
  const { code } = useRegion();
  const [params, setParams] = useSearchParams();
  // The job lives in the URL, so a reload (or a link) comes back to the same batch.
  const jobId = params.get('job');
  const [village, setVillage] = useState<string | undefined>(isVillageCode(code) ? code : undefined);
  const [kind, setKind] = useState<Kind>('booklet');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const { job, error } = useBookletJob(jobId);

  const setJob = (id: string | undefined) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        if (id) copy.set('job', id);
        else copy.delete('job');
        return copy;
      },
      { replace: true },
    );

  const start = async () => {
    if (!village || !isVillageCode(village)) {
      setStartError(t('assistance.booklets.villageRequired'));
      return;
    }
    setStarting(true);
    setStartError(null);
    try {
      const next = await startBooklets(village, kind);
      setJob(next.id);
    } catch (e) {
      setStartError(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  };

  const running = job?.state === 'running';
  return (
    <Flex vertical gap={16}>
      <Card title={t('assistance.booklets.title')}>
        <Typography.Paragraph type="secondary">{t('assistance.booklets.intro')}</Typography.Paragraph>
        <Form layout="vertical" style={{ maxWidth: 520 }} onFinish={() => void start()}>
          <Form.Item label={t('assistance.booklets.village')} required extra={t('assistance.booklets.villageHint')}>
            <VillagePicker value={village ?? ''} onChange={setVillage} />
          </Form.Item>
          <Form.Item label={t('assistance.booklets.kind')}>
            <Radio.Group
              value={kind}
              onChange={(e) => setKind(e.target.value as Kind)}
              options={[
                { value: 'booklet', label: t('assistance.booklets.kindBooklet') },
                { value: 'card', label: t('assistance.booklets.kindCard') },
              ]}
              data-testid="booklets-kind"
            />
          </Form.Item>
          {startError && <Alert type="error" showIcon title={startError} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" icon={<FilePdfOutlined />} loading={starting} disabled={running} data-testid="booklets-start">
            {t('assistance.booklets.start')}
          </Button>
        </Form>
      </Card>
      {jobId && (
        <Card title={t('assistance.booklets.jobTitle')}>
          {error !== undefined ? <ErrorResult error={error} /> : <JobProgress job={job} onClear={() => setJob(undefined)} />}
        </Card>
      )}
    </Flex>
  );
}

/** Where a batch stands: progress while it runs, the download once done, the reason when it failed. */
function JobProgress({ job, onClear }: { job: BookletJob | undefined; onClear: () => void }) {
  const { t } = useI18n();
  if (!job) return <Progress percent={0} status="active" />;
  const kindLabel = job.kind === 'card' ? t('assistance.booklets.kindCard') : t('assistance.booklets.kindBooklet');
  if (job.state === 'failed') {
    return (
      <Result
        status="error"
        title={t('assistance.booklets.failed')}
        subTitle={job.error === 'interrupted' ? t('assistance.booklets.interrupted') : (job.error ?? undefined)}
        extra={<Button onClick={onClear}>{t('assistance.booklets.again')}</Button>}
        data-testid="booklets-failed"
      />
    );
  }
  if (job.state === 'done') {
    return (
      <Result
        status="success"
        title={t('assistance.booklets.done', { kind: kindLabel, total: job.total })}
        subTitle={job.total === 0 ? t('assistance.booklets.noHouseholds') : undefined}
        extra={
          <Flex gap={8} justify="center" wrap>
            <DownloadButton type="primary" load={() => downloadBookletJob(job.id)} fallbackName={`${kindLabel}.pdf`} data-testid="booklets-download">
              {t('assistance.booklets.download')}
            </DownloadButton>
            <Button onClick={onClear}>{t('assistance.booklets.again')}</Button>
          </Flex>
        }
      />
    );
  }
  const percent = Math.floor(job.progress * 100);
  return (
    <Flex vertical gap={8} data-testid="booklets-running">
      <Progress percent={percent} status="active" format={() => (job.phase === 'rendering' ? t('assistance.booklets.rendering') : `${job.done} / ${job.total}`)} />
      <Typography.Text type="secondary">{t('assistance.booklets.running', { kind: kindLabel })}</Typography.Text>
    </Flex>
  );
}
