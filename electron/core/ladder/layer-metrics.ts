// Per-layer report of a run (issue #6 "Metrics", the Ladder page's report, `rung metrics`, `rung demo --simulate --json`):
// labels used and saved by deferral, people's accuracy with and without assistance, time per judgment, over-trust,
// and the layer's active RMk on its held-out comparisons (accuracy, calibration, cost curve) and on lower layers.
//
// Definitions:
// - Human verdicts: usable verdicts of evaluators of kind 'human' (people and the simulated evaluators that stand
//   in for them): A, B or tie, not retracted, not excluded, not a position-check repeat.
// - Truth of a verdict: ground truth (A/B) where known, else the majority of the other human verdicts (metrics/judged-verdicts.ts).
//   Assisted = assistance mode 'assisted', unassisted = mode 'control' (randomised control trials); humanAccuracy is over all.
// - Consensus of a comparison: the strict majority (A or B) of its human verdicts.
// - RMk: the layer's active model, scored on its held-out comparisons (trained_on.heldOutComparisonIds) of this layer
//   only (RMk trains on layers 0..k; lower layers' held-out pairs are not this layer's): heldOutComparisons counts them,
//   rmAccuracy is against consensus (its total: the consensus-decided ones), rmGroundTruthAccuracy against ground
//   truth; ECE and reliability bins over the consensus-decided ones. An external model (a lab's imported scores) never
//   trained on Rung's verdicts: every comparison of the layer is held out for it, and heldOutComparisons counts those
//   its file scored (its coverage); the figures, and agreement with lower layers, are over the comparisons it scored.
// - Agreement with lower layers: RMk against the established judgments of layers < k (ground truth A/B, else ≥ 2
//   human verdicts all on one side), on the comparisons RMk never trained on (agreementWithLowerLayers) and, apart,
//   on its own training comparisons (agreementWithLowerLayersTrained), never mixed.
// - Labels saved: comparisons whose latest deferral routed them 'auto' with a live auto-label; audited error: share of
//   'audit' auto-labels that disagree with the human consensus reached since.
// - A model trained on a criterion of the run's rubric (its trained_on criterion, modelCriterion) is measured on that
//   criterion: consensus, the established judgments of lower layers and the cost curve's human correctness read each
//   verdict's verdict on it (db/criterion-verdicts.ts, as training reads them; verdicts without one are left out).
//   Ground truth is a verdict on the comparison as a whole, which the judgment's own choice (the verdict on the first
//   criterion) stands for: it counts for a model on the first criterion only; on a later one rmGroundTruthAccuracy is
//   null and truth is the consensus on it. People's own figures (accuracy, time, over-trust) stay overall.
// - Cost curve (metrics/cost-curve.ts) on the held-out comparisons with a truth (ground truth, else consensus):
//   human correctness of a comparison = share of its human verdicts equal to that truth.
// Computed layer by layer from SQL-side tallies (db/layer-tallies.ts): people's figures from the layer's verdicts read one
// at a time (ladder/layer-people.ts), the model's from pages of comparisons scored in batches (ladder/layer-model-part.ts).
import type { Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { extendLayerMembers, layerMemberIdsAmong } from '../db/layer-members';
import { layerMemberCount } from '../db/layer-tallies';
import { layerDeferrals } from '../db/deferrals';
import { runLayers } from '../db/runs';
import { auditOutcomes, standingAutoLabels } from './standing-auto-labels';
import { modelPart } from './layer-model-part';
import { peoplePart } from './layer-people';
import type { Store } from '../store';

/** One layer's figures (the contract's getLayerMetrics rows, documented in api/metrics.ts). */
export type LayerMetrics = Result<'getLayerMetrics'>[number];

/** The run's layers' figures; `pageSize`: comparisons read and scored at a time for the model's figures (default ladder/layer-model-part.ts PAGE_SIZE). */
export async function layerMetrics(store: Store, runId: string, options: { pageSize?: number } = {}): Promise<LayerMetrics[]> {
  const db = store.db;
  const layers = runLayers(db, runId);
  if (layers.length === 0) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  extendLayerMembers(db, layers.map((l) => l.id));
  const out: LayerMetrics[] = [];
  for (const [i, l] of layers.entries()) {
    // The layer's deferred comparisons only: standingAutoLabels asks which of them are members.
    const layerRounds = layerDeferrals(db, runId, l.idx);
    const deferred = new Set(layerMemberIdsAmong(db, l.id, [...new Set(layerRounds.map((d) => d.comparisonId))]));
    const deferrals = standingAutoLabels(layerRounds, deferred);
    const audits = auditOutcomes(db, deferrals);
    const { humanLabels, simulatedLabels, ...people } = peoplePart(db, l.id);
    out.push({
      layer: l.idx,
      layerName: l.name,
      comparisons: layerMemberCount(db, l.id),
      humanLabels,
      simulatedLabels,
      autoLabelled: deferrals.length,
      humanLabelsSaved: deferrals.filter((d) => d.route === 'auto').length,
      auditedAutoLabels: audits.answered,
      auditedAutoLabelError: audits.answered ? audits.errors / audits.answered : null,
      ...(await modelPart(db, runId, l.idx, l.id, layers.slice(0, i).map((lower) => lower.id), options.pageSize)),
      ...people,
    });
  }
  return out;
}
