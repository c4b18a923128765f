import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Flex, Progress, Result, Typography } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import type { StatJob } from '@jingzhun/domain';
import { isApiError } from '../../api/client.ts';
import { getRollup, listRollups, startRollup } from '../../api/stats.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { usePolledJob } from '../../lib/usePolledJob.ts';

const POLL_MS = 1_000;
const isRunning = (job: StatJob) => job.state === 'running';

/**
 * The rollup (汇总) of a region above the county: started here, followed while it runs (a run already going
 * is picked up), and `onDone` when it has finished so the overview is read again.
 */
function useRollup(region: string, year: number | undefined, onDone: () => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { job } = usePolledJob(jobId, getRollup, isRunning, POLL_MS);

  useEffect(() => {
    setJobId(null);
    const controller = new AbortController();
    listRollups(region, year, controller.signal).then(
      (items) => {
        const running = items.find(isRunning);
        if (running) setJobId(running.id);
      },
      () => undefined, // Only a convenience: the button still works.
    );
    return () => controller.abort();
  }, [region, year]);

  const finished = useRef<string | null>(null);
  useEffect(() => {
    if (!job || job.state === 'running' || finished.current === job.id) return;
    finished.current = job.id;
    if (job.state === 'done') {
      void message.success(t('stats.rollup.done'));
      onDone();
    } else void message.error(t('stats.rollup.failed', { error: job.error ?? '' }));
  }, [job, message, onDone, t]);

  const start = async (y: number) => {
    setStarting(true);
    try {
      const started = await startRollup(region, y);
      finished.current = null;
      setJobId(started.id);
    } catch (e) {
      const running = isApiError(e) ? (e.details as { jobId?: unknown } | undefined)?.jobId : undefined;
      if (isApiError(e) && e.code === 'conflict' && typeof running === 'string') setJobId(running);
      else void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  };
  return { job: job?.state === 'running' ? job : undefined, starting, start };
}

function RollupProgress({ job }: { job: StatJob }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={4} style={{ width: '100%', maxWidth: 480 }} data-testid="stats-rollup-progress">
      <Typography.Text>{t('stats.rollup.running')}</Typography.Text>
      <Progress percent={Math.floor((job.progress ?? 0) * 100)} status="active" />
    </Flex>
  );
}

/** A city, province or the country never rolled up for the year: what that means and the button that does it. */
export function RollupNeeded({ region, year, onDone }: { region: string; year: number; onDone: () => void }) {
  const { t } = useI18n();
  const rollup = useRollup(region, year, onDone);
  return (
    <Card>
      <Result
        status="info"
        title={t('stats.rollup.needed', { year })}
        subTitle={t('stats.rollup.hint')}
        extra={
          rollup.job ? (
            <Flex justify="center">
              <RollupProgress job={rollup.job} />
            </Flex>
          ) : (
            <Button type="primary" icon={<SyncOutlined />} loading={rollup.starting} onClick={() => void rollup.start(year)} data-testid="stats-rollup-run">
              {t('stats.rollup.run')}
            </Button>
          )
        }
      />
    </Card>
  );
}

/** Rolls the figures shown (a snapshot) up again. */
export function RollupAgain({ region, year, onDone, compact }: { region: string; year: number; onDone: () => void; compact: boolean }) {
  const { t } = useI18n();
  const rollup = useRollup(region, year, onDone);
  if (rollup.job) return <RollupProgress job={rollup.job} />;
  return (
    <Button icon={<SyncOutlined />} loading={rollup.starting} onClick={() => void rollup.start(year)} aria-label={t('stats.rollup.again')} title={t('stats.rollup.again')} data-testid="stats-rollup-again">
      {!compact && t('stats.rollup.again')}
    </Button>
  );
}
