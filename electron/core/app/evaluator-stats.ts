// The Evaluators page's agreement figures (getEvaluatorStats, and its stored report): one read of the verdicts serves
// both all live ones for agreement and the usable ones (not excluded, not a position-check repeat) for over-trust, as
// liveHumanVerdicts and loadJudgedVerdicts select them.
import type { Result } from '../../api/contract';
import { loadEvaluatorVerdicts } from '../db/evaluator-verdicts';
import { agreementReport } from '../metrics/evaluator-stats';
import type { Store } from '../store';

export function evaluatorStats(store: Store): Result<'getEvaluatorStats'> {
  const verdicts = loadEvaluatorVerdicts(store.db);
  const report = agreementReport(verdicts, verdicts.filter((v) => !v.excluded && v.repeatOf === null));
  const names = new Map(report.evaluators.map((e) => [e.evaluatorId, e.evaluator]));
  return { ...report, pairs: report.pairs.map((p) => ({ ...p, aName: names.get(p.a) ?? '', bName: names.get(p.b) ?? '' })) };
}
