// The Evaluators page's agreement figures (getEvaluatorStats, and its stored report): one read of the verdicts serves
// both all live ones for agreement and the usable ones (not excluded, not a position-check repeat) for over-trust, as
// liveHumanVerdicts and loadJudgedVerdicts select them. With a run, only the verdicts on its comparisons; with a
// criterion of its rubric, each verdict is the evaluator's verdict on that criterion (verdicts without one are left
// out) for agreement and self-consistency, while over-trust stays on the overall verdict, which assistance and
// ground truth are about.
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { criterionChoices } from '../db/criterion-verdicts';
import { loadEvaluatorVerdicts, type EvaluatorVerdict } from '../db/evaluator-verdicts';
import { runComparisonIds, runName } from '../db/runs';
import { chosenCriterion, onCriterion } from '../ladder/criterion';
import { agreementReport } from '../metrics/evaluator-stats';
import type { Store } from '../store';

/** The verdicts the figures read: all, those on the run's comparisons, or those on the run's criterion. */
function scopedVerdicts(store: Store, runId: string | undefined, criterion: string | undefined): { all: EvaluatorVerdict[]; agreement: EvaluatorVerdict[] } {
  const chosen = chosenCriterion(store.db, runId, criterion);
  const all = loadEvaluatorVerdicts(store.db);
  if (runId === undefined) return { all, agreement: all };
  if (runName(store.db, runId) === null) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  const inRun = new Set(runComparisonIds(store.db, runId));
  const scoped = all.filter((v) => inRun.has(v.comparisonId));
  if (!chosen) return { all: scoped, agreement: scoped };
  return { all: scoped, agreement: onCriterion(scoped, criterionChoices(store.db, chosen.runId, chosen.key)) };
}

export function evaluatorStats(store: Store, params: Partial<ParsedParams<'getEvaluatorStats'>> = {}): Result<'getEvaluatorStats'> {
  const { all, agreement } = scopedVerdicts(store, params.runId, params.criterion);
  const report = agreementReport(agreement, all.filter((v) => !v.excluded && v.repeatOf === null));
  const names = new Map(report.evaluators.map((e) => [e.evaluatorId, e.evaluator]));
  return { ...report, pairs: report.pairs.map((p) => ({ ...p, aName: names.get(p.a) ?? '', bName: names.get(p.b) ?? '' })) };
}
