// React hook for a stored report (getLayerMetricsReport, getQueueStatusReport, getEvaluatorStatsReport): the value as
// last computed, with its age; asks again every second while it is being recomputed, and recompute() computes it now.
import { useCallback, useEffect, useState } from 'react';
import type { ParsedParams } from '../../../electron/api/contract';
import type { ApiError, ApiResult } from '../../../electron/api/errors';
import { getClient } from './client';
import { useResource, type Resource } from './useResource';

export type ReportSpec = ParsedParams<'recomputeReport'>['report'];

/** A report as served: its value (null until first computed) and how old it is. */
export interface Served<T> {
  value: T | null;
  computedAt: string | null;
  stale: boolean;
  computing: boolean;
}

export interface StoredReport<T> extends Resource<T> {
  computedAt: string | null;
  stale: boolean;
  computing: boolean;
  /** Computes the report now (on a job thread) and shows the result. */
  recompute: () => void;
  recomputing: boolean;
  recomputeError: ApiError | undefined;
}

const POLL_MS = 1_000;

export function useStoredReport<T>(load: () => Promise<ApiResult<Served<T>>>, spec: ReportSpec | null, reloadKey: unknown = 0): StoredReport<T> {
  const served = useResource(load, reloadKey);
  const [recomputing, setRecomputing] = useState(false);
  const [recomputeError, setRecomputeError] = useState<ApiError>();
  const computing = served.value?.computing ?? false;
  const { reload } = served;

  useEffect(() => {
    if (!computing || served.loading) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [computing, served.loading, served.value, reload]);

  const specKey = spec ? JSON.stringify(spec) : null;
  const recompute = useCallback(() => {
    if (!specKey) return;
    setRecomputing(true);
    setRecomputeError(undefined);
    void getClient()
      .recomputeReport({ report: JSON.parse(specKey) as ReportSpec })
      .then((result) => {
        setRecomputing(false);
        if (!result.ok) setRecomputeError(result.error);
        reload();
      });
  }, [specKey, reload]);

  return {
    value: served.value?.value ?? undefined,
    error: served.error,
    loading: served.loading,
    reload,
    computedAt: served.value?.computedAt ?? null,
    stale: served.value?.stale ?? false,
    computing,
    recompute,
    recomputing,
    recomputeError,
  };
}
