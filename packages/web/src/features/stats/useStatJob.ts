import { useEffect, useRef, useState } from 'react';
import { App } from 'antd';
import type { StatJob } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { getAssessment, getRollup, listAssessments, listRollups, startAssessment, startRollup } from './api.ts';
import { usePolledJob } from '../../shared/lib/usePolledJob.ts';

const POLL_MS = 1_000;
const isRunning = (job: StatJob) => job.state === 'running';

const CALLS = {
  assessment: { get: getAssessment, list: listAssessments, start: startAssessment },
  rollup: { get: getRollup, list: listRollups, start: startRollup },
} as const;

/**
 * A statistics job of a region (a deprivation assessment, or a rollup above the county): started here,
 * followed while it runs (a run already going, started elsewhere or before a reload, is picked up; a start
 * refused because one runs follows that one), and `onDone` once it has finished, or `onFailed` with its error.
 */
export function useStatJob(kind: keyof typeof CALLS, region: string, year: number, handlers: { onDone: () => void; onFailed: (error: string) => void }) {
  const { message } = App.useApp();
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { job } = usePolledJob(jobId, CALLS[kind].get, isRunning, POLL_MS);
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    setJobId(null);
    const controller = new AbortController();
    CALLS[kind].list(region, year, controller.signal).then(
      (items) => {
        const running = items.find(isRunning);
        if (running) setJobId(running.id);
      },
      () => undefined, // Only a convenience: the button still works.
    );
    return () => controller.abort();
  }, [kind, region, year]);

  const finished = useRef<string | null>(null);
  useEffect(() => {
    if (!job || job.state === 'running' || finished.current === job.id) return;
    finished.current = job.id;
    if (job.state === 'done') latest.current.onDone();
    else latest.current.onFailed(job.error ?? '');
  }, [job]);

  const start = async (forYear = year) => {
    setStarting(true);
    try {
      const started = await CALLS[kind].start(region, forYear);
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
