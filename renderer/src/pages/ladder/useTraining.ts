// The Ladder page's training state: the server's jobs (listTrainingJobs on load, so a job that was running
// before a reload is picked up again), updated as the app pushes each job's progress (lib/events.ts) and asked for
// again every RESYNC_MS while running, and the models (listModels), reloaded when a job ends or the active model changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';
import { subscribeEvents } from '../../lib/events';
import { RESYNC_MS, type ModelSummary, type TrainConfig, type TrainingJob } from './jobs';

export interface Training {
  jobs: TrainingJob[];
  jobsError: ApiError | undefined;
  /** The last polling error of a running job (cleared by the next good answer). */
  pollErrors: Record<string, ApiError>;
  models: ModelSummary[] | undefined;
  modelsError: ApiError | undefined;
  reloadModels: () => void;
  start: (runId: string, layer: number, config: TrainConfig) => Promise<{ ok: true; job: TrainingJob } | { ok: false; error: ApiError }>;
  cancel: (jobId: string) => Promise<ApiError | undefined>;
  makeActive: (modelId: string) => Promise<ApiError | undefined>;
}

/** A job never goes back to running: a poll answered before a cancel landed must not undo it. */
function merge(prev: Record<string, TrainingJob>, updates: Record<string, TrainingJob>): Record<string, TrainingJob> {
  const next = { ...prev };
  for (const [id, job] of Object.entries(updates)) {
    if (job.status === 'running' && prev[id] && prev[id].status !== 'running') continue;
    next[id] = job;
  }
  return next;
}

export function useTraining(onJobEnded?: (job: TrainingJob) => void): Training {
  const [jobs, setJobs] = useState<Record<string, TrainingJob>>({});
  const [jobsError, setJobsError] = useState<ApiError>();
  const [pollErrors, setPollErrors] = useState<Record<string, ApiError>>({});
  const [models, setModels] = useState<ModelSummary[]>();
  const [modelsError, setModelsError] = useState<ApiError>();
  const [modelsVersion, setModelsVersion] = useState(0);
  const endedRef = useRef(onJobEnded);
  endedRef.current = onJobEnded;

  const reloadModels = useCallback(() => setModelsVersion((v) => v + 1), []);

  const put = useCallback((job: TrainingJob) => setJobs((prev) => merge(prev, { [job.id]: job })), []);

  const ended = useCallback(
    (job: TrainingJob) => {
      if (job.status === 'done') reloadModels();
      endedRef.current?.(job);
    },
    [reloadModels],
  );

  // The jobs the server knows (a reload resumes polling the running ones).
  useEffect(() => {
    let current = true;
    void getClient()
      .listTrainingJobs({})
      .then((result) => {
        if (!current) return;
        if (!result.ok) return setJobsError(result.error);
        setJobsError(undefined);
        setJobs((prev) => {
          const next = { ...prev };
          for (const job of result.value) if (!next[job.id]) next[job.id] = job;
          return next;
        });
      });
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    let current = true;
    void getClient()
      .listModels({})
      .then((result) => {
        if (!current) return;
        if (!result.ok) return setModelsError(result.error);
        setModelsError(undefined);
        setModels(result.value);
      });
    return () => {
      current = false;
    };
  }, [modelsVersion]);

  // Pushed updates of the jobs this page knows (a job started elsewhere arrives through listTrainingJobs on load).
  useEffect(
    () =>
      subscribeEvents((event) => {
        if (event.kind !== 'training-job') return;
        const job = event.job;
        const before = jobsRef.current[job.id];
        if (!before) return;
        setJobs((prev) => merge(prev, { [job.id]: job }));
        if (before.status === 'running' && job.status !== 'running') {
          jobsRef.current = { ...jobsRef.current, [job.id]: job };
          ended(job);
        }
      }),
    [ended],
  );

  // Ask for every running job again now and then; the loop restarts whenever the set of running jobs changes.
  const running = Object.values(jobs)
    .filter((j) => j.status === 'running')
    .map((j) => j.id)
    .sort()
    .join(',');
  const jobsRef = useRef(jobs);
  jobsRef.current = jobs;
  useEffect(() => {
    if (!running) return;
    const ids = running.split(',');
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const results = await Promise.all(ids.map((jobId) => getClient().getTrainingJob({ jobId })));
      if (stopped) return;
      const finished: TrainingJob[] = [];
      const errors: Record<string, ApiError> = {};
      const updates: Record<string, TrainingJob> = {};
      results.forEach((result, i) => {
        const id = ids[i];
        if (result.ok) {
          updates[id] = result.value;
          if (result.value.status !== 'running' && jobsRef.current[id]?.status === 'running') finished.push(result.value);
        } else if (result.error.code === 'NOT_FOUND') {
          // The server no longer knows the job (it was restarted): stop polling and say so verbatim.
          const lost = { ...jobsRef.current[id], status: 'failed' as const, stage: 'lost', error: result.error.message };
          updates[id] = lost;
        } else {
          errors[id] = result.error;
        }
      });
      setPollErrors(errors);
      setJobs((prev) => merge(prev, updates));
      for (const job of finished) ended(job);
      if (!stopped) timer = setTimeout(tick, RESYNC_MS);
    };
    timer = setTimeout(tick, RESYNC_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [running, ended]);

  const start = useCallback<Training['start']>(
    async (runId, layer, config) => {
      const result = await getClient().startTraining({ runId, layer, ...config });
      if (!result.ok) return { ok: false, error: result.error };
      put(result.value);
      if (result.value.status !== 'running') ended(result.value);
      return { ok: true, job: result.value };
    },
    [put, ended],
  );

  const cancel = useCallback<Training['cancel']>(
    async (jobId) => {
      const result = await getClient().cancelTraining({ jobId });
      if (!result.ok) return result.error;
      const wasRunning = jobsRef.current[jobId]?.status === 'running';
      put(result.value);
      if (wasRunning && result.value.status !== 'running') ended(result.value);
      return undefined;
    },
    [put, ended],
  );

  const makeActive = useCallback<Training['makeActive']>(
    async (modelId) => {
      const result = await getClient().setActiveModel({ modelId });
      reloadModels();
      return result.ok ? undefined : result.error;
    },
    [reloadModels],
  );

  return { jobs: Object.values(jobs), jobsError, pollErrors, models, modelsError, reloadModels, start, cancel, makeActive };
}
