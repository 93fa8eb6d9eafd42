// What a simulation knows and a lab cannot: each layer's labels against the demo's ground truth (simulated verdicts
// with and without assistance, RMk's auto-labels, the final labels), how far a planted RM0 bias reaches (the share of
// each kind of label that follows it where it is wrong), and which checks flagged the wrong final labels.
import type Database from 'better-sqlite3';
import { flagKindsOfComparisons } from '../db/flags';
import { usableVerdictRows } from '../db/training-data';
import { loadJudgedVerdicts } from '../db/verdicts';
import { withModelFeatures } from '../encoders/features';
import { cachedModel } from '../engine/model-cache';
import { scoreComparisons } from '../engine/pipeline';
import { majority } from '../checks/verdicts';
import { biasSide, type BiasItem, type Rm0BiasKind } from './rm0-bias';
import { loadComparisons } from './training-data';
import { trainedComparisonIds, type TrainedOn } from './trained-on';

type Side = 'A' | 'B';
type Label = Side | 'tie';

/** A share with what it is a share of. */
export interface Share {
  rate: number | null;
  of: number;
}

/** How far the planted bias reaches on one layer: on its bias items (where the biased side is the wrong one), the share of each kind of label that takes the biased side. */
export interface BiasReach {
  /** Comparisons of the layer the bias could lead astray: its side is not the ground truth's. */
  items: number;
  /** The consensus of the seed set RMk learned from (layer 0 is where the bias is planted). */
  seedLabels: Share;
  /** RMk's preference on the bias items it never trained on. */
  rm: Share;
  assistedVerdicts: Share;
  unassistedVerdicts: Share;
  autoLabels: Share;
  /** The layer's labels: the human consensus where there is one, else the auto-label. */
  labels: Share;
}

export interface LayerTruth {
  /** Against the ground truth; accuracies over verdicts (a tie is right only on a tie), errors over decisive items. */
  assistedGroundTruthAccuracy: Share;
  unassistedGroundTruthAccuracy: Share;
  autoLabelGroundTruthError: Share;
  labelGroundTruthAccuracy: Share;
  bias: BiasReach | null;
  /** The final labels that are wrong (decisive items), how many of them a check flagged (by kind), and how many flagged comparisons there are. */
  checks: { wrongLabels: number; flaggedWrongLabels: number; flaggedComparisons: number; byKind: Record<string, number> };
}

const share = (hits: number, of: number): Share => ({ rate: of === 0 ? null : hits / of, of });

function count<T>(items: readonly T[], hit: (item: T) => boolean): Share {
  return share(items.filter(hit).length, items.length);
}

/** RMk's P(A ≻ B) on these comparisons. */
async function modelProbabilities(db: Database.Database, modelId: string, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const stored = cachedModel(db, modelId);
  const table = loadComparisons(db, { judgedOnly: false, comparisonIds: new Set(ids) });
  const { prob } = await scoreComparisons(await withModelFeatures(db, stored.config, table), stored.model);
  return new Map(table.comparisonIds.map((id, i) => [id, prob[i]]));
}

export interface LayerTruthInput {
  layerIds: readonly string[];
  /** The seed set RMk learned from (judged before it was trained). */
  seedIds: ReadonlySet<string>;
  items: ReadonlyMap<string, BiasItem>;
  biasKind: Rm0BiasKind;
  modelId: string | null;
}

export async function layerTruth(db: Database.Database, input: LayerTruthInput): Promise<LayerTruth> {
  const truthOf = (id: string) => input.items.get(id)!.groundTruth;
  const verdicts = loadJudgedVerdicts(db, input.layerIds).filter((v) => v.simulated);
  const autoLabel = new Map(usableVerdictRows(db, input.layerIds).filter((v) => v.source === 'model').map((v) => [v.comparisonId, v.choice as Side]));
  const byComparison = new Map<string, Label[]>();
  for (const v of verdicts) byComparison.set(v.comparisonId, [...(byComparison.get(v.comparisonId) ?? []), v.choice]);
  const label = (id: string): Label | null => {
    const human = byComparison.get(id);
    return human ? majority(human) : (autoLabel.get(id) ?? null);
  };
  const decisive = input.layerIds.filter((id) => truthOf(id) !== 'tie');
  const assisted = verdicts.filter((v) => v.mode === 'assisted');
  const unassisted = verdicts.filter((v) => v.mode !== 'assisted');
  const labelled = input.layerIds.filter((id) => label(id) !== null);
  const wrong = decisive.filter((id) => label(id) !== null && label(id) !== truthOf(id));

  const flags = flagKindsOfComparisons(db, input.layerIds);
  const flaggedIds = new Set(flags.map((f) => f.comparisonId));
  const wrongSet = new Set(wrong);
  const byKind: Record<string, number> = {};
  for (const kind of new Set(flags.filter((f) => wrongSet.has(f.comparisonId)).map((f) => f.kind))) {
    byKind[kind] = new Set(flags.filter((f) => f.kind === kind && wrongSet.has(f.comparisonId)).map((f) => f.comparisonId)).size;
  }

  return {
    assistedGroundTruthAccuracy: count(assisted, (v) => v.choice === truthOf(v.comparisonId)),
    unassistedGroundTruthAccuracy: count(unassisted, (v) => v.choice === truthOf(v.comparisonId)),
    autoLabelGroundTruthError: count(decisive.filter((id) => autoLabel.has(id)), (id) => autoLabel.get(id) !== truthOf(id)),
    labelGroundTruthAccuracy: count(labelled, (id) => label(id) === truthOf(id)),
    bias: input.biasKind === 'none' ? null : await biasReach(db, input, label, verdicts, autoLabel),
    checks: { wrongLabels: wrong.length, flaggedWrongLabels: wrong.filter((id) => flaggedIds.has(id)).length, flaggedComparisons: flaggedIds.size, byKind },
  };
}

async function biasReach(
  db: Database.Database,
  input: LayerTruthInput,
  label: (id: string) => Label | null,
  verdicts: ReturnType<typeof loadJudgedVerdicts>,
  autoLabel: ReadonlyMap<string, Side>,
): Promise<BiasReach> {
  const sideOf = new Map<string, Side>();
  for (const id of input.layerIds) {
    const item = input.items.get(id)!;
    const side = biasSide(input.biasKind, item);
    if (side !== null && item.groundTruth !== 'tie' && side !== item.groundTruth) sideOf.set(id, side);
  }
  const ids = [...sideOf.keys()];
  const follows = (id: string, choice: Label | null | undefined) => choice === sideOf.get(id);
  const onItems = verdicts.filter((v) => sideOf.has(v.comparisonId));
  let rm = share(0, 0);
  if (input.modelId) {
    const trained = trainedComparisonIds(db, cachedModel(db, input.modelId).trainedOn as TrainedOn);
    const untrained = ids.filter((id) => !trained.has(id));
    const p = await modelProbabilities(db, input.modelId, untrained);
    rm = count(untrained, (id) => p.get(id) !== 0.5 && ((p.get(id)! > 0.5 ? 'A' : 'B') === sideOf.get(id)));
  }
  const seeds = ids.filter((id) => input.seedIds.has(id) && label(id) !== null);
  return {
    items: ids.length,
    seedLabels: count(seeds, (id) => follows(id, label(id))),
    rm,
    assistedVerdicts: count(onItems.filter((v) => v.mode === 'assisted'), (v) => follows(v.comparisonId, v.choice)),
    unassistedVerdicts: count(onItems.filter((v) => v.mode !== 'assisted'), (v) => follows(v.comparisonId, v.choice)),
    autoLabels: count(ids.filter((id) => autoLabel.has(id)), (id) => follows(id, autoLabel.get(id))),
    labels: count(ids.filter((id) => label(id) !== null), (id) => follows(id, label(id))),
  };
}
