// The Evaluators page's agreement figures (getEvaluatorStats, and its stored report): one read of the verdicts, as
// columns, serves both all live ones for agreement and the usable ones (not excluded, not a position-check repeat) for
// over-trust. With a run, only the verdicts on its comparisons; with a criterion of its rubric, each verdict is the
// evaluator's verdict on that criterion (verdicts without one are left out) for agreement and self-consistency, while
// over-trust stays on the overall verdict, which assistance and ground truth are about.
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { criterionChoicesBySeq, loadEvaluatorVerdicts, type VerdictColumns } from '../db/evaluator-verdicts';
import { runComparisonIds, runName } from '../db/runs';
import { chosenCriterion } from '../ladder/criterion';
import { columnsReport } from '../metrics/evaluator-stats';
import { pickRows } from '../metrics/verdict-columns';
import type { Store } from '../store';

/** The verdicts the figures read: all, those on the run's comparisons, or those on the run's criterion. */
function scopedVerdicts(store: Store, runId: string | undefined, criterion: string | undefined): { all: VerdictColumns; agreement: VerdictColumns } {
  const chosen = chosenCriterion(store.db, runId, criterion);
  const all = loadEvaluatorVerdicts(store.db);
  if (runId === undefined) return { all, agreement: all };
  if (runName(store.db, runId) === null) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  const inRun = new Set(runComparisonIds(store.db, runId));
  const comparisonInRun = Uint8Array.from(all.comparisonIds, (id) => (inRun.has(id) ? 1 : 0));
  const scoped = pickRows(all, (i) => comparisonInRun[all.comparison[i]] === 1);
  if (!chosen) return { all: scoped, agreement: scoped };
  const choices = criterionChoicesBySeq(store.db, chosen.runId, chosen.key);
  return { all: scoped, agreement: pickRows(scoped, (i) => choices.has(scoped.seq[i]), (i) => choices.get(scoped.seq[i])!) };
}

export function evaluatorStats(store: Store, params: Partial<ParsedParams<'getEvaluatorStats'>> = {}): Result<'getEvaluatorStats'> {
  const { all, agreement } = scopedVerdicts(store, params.runId, params.criterion);
  const report = columnsReport(agreement, pickRows(all, (i) => all.usable[i] === 1));
  const names = new Map(report.evaluators.map((e) => [e.evaluatorId, e.evaluator]));
  return { ...report, pairs: report.pairs.map((p) => ({ ...p, aName: names.get(p.a) ?? '', bName: names.get(p.b) ?? '' })) };
}
