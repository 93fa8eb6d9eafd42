// The agreement figures the Evaluators page shows: the stored report over every verdict, or, for a run or a criterion
// of its rubric (AgreementScope), a plain getEvaluatorStats call shaped like a report without an age (Recompute asks again).
import type { Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
import { useResource } from '../../lib/useResource';
import { useStoredReport, type StoredReport } from '../../lib/useStoredReport';
import type { AgreementScopeValue } from './AgreementScope';

type Stats = Result<'getEvaluatorStats'>;

export function useAgreementStats(scope: AgreementScopeValue, version: number): StoredReport<Stats> {
  const stored = useStoredReport<Stats>(
    async () => {
      const result = await getClient().getEvaluatorStatsReport({});
      return result.ok ? { ok: true as const, value: { ...result.value, value: result.value.stats } } : result;
    },
    { kind: 'evaluator-stats' },
    version,
  );
  const scoped = useResource<Stats | null>(
    async () =>
      scope.runId === ''
        ? { ok: true as const, value: null }
        : getClient().getEvaluatorStats({ runId: scope.runId, criterion: scope.criterion === '' ? undefined : scope.criterion }),
    `${version}|${scope.runId}|${scope.criterion}`,
  );
  if (scope.runId === '') return stored;
  return {
    value: scoped.value ?? undefined,
    error: scoped.error,
    loading: scoped.loading,
    reload: scoped.reload,
    computedAt: null,
    stale: false,
    computing: false,
    recompute: scoped.reload,
    recomputing: scoped.loading,
    recomputeError: undefined,
  };
}
