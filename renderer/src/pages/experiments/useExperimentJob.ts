// The experiment job this page follows: the running one found on load (listExperimentJobs), or the one it starts;
// kept current by the pushed 'experiment-job' events and, while it runs, by asking for it now and then.
import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import type { ApiError } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';
import { subscribeEvents } from '../../lib/events';

export type ExperimentJob = Result<'getExperimentJob'>;

const POLL_MS = 2_000;

export function useExperimentJob(onFinished: (job: ExperimentJob) => void) {
  const [job, setJob] = useState<ExperimentJob>();

  useEffect(() => {
    let current = true;
    void getClient()
      .listExperimentJobs({})
      .then((result) => {
        if (current && result.ok) setJob(result.value.find((j) => j.status === 'running') ?? result.value[result.value.length - 1]);
      });
    return () => {
      current = false;
    };
  }, []);

  const update = useCallback(
    (next: ExperimentJob) =>
      setJob((before) => {
        if (before && before.id !== next.id) return before;
        if (before?.status === 'running' && next.status !== 'running') onFinished(next);
        return next;
      }),
    [onFinished],
  );

  useEffect(() => subscribeEvents((event) => void (event.kind === 'experiment-job' && update(event.job))), [update]);

  const runningId = job?.status === 'running' ? job.id : undefined;
  useEffect(() => {
    if (!runningId) return;
    const timer = setInterval(() => {
      void getClient()
        .getExperimentJob({ jobId: runningId })
        .then((result) => result.ok && update(result.value));
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [runningId, update]);

  const start = async (params: { preset: 'quick' | 'full'; seeds?: number; scale?: number }): Promise<ApiError | undefined> => {
    const result = await getClient().startExperiment(params);
    if (!result.ok) return result.error;
    setJob(result.value);
    return undefined;
  };

  const cancel = async (): Promise<ApiError | undefined> => {
    if (!job) return undefined;
    const result = await getClient().cancelExperiment({ jobId: job.id });
    if (!result.ok) return result.error;
    update(result.value);
    return undefined;
  };

  return { job, start, cancel };
}
