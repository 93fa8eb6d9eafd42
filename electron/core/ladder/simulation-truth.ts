// What a simulation knows and a lab cannot: each layer's labels against the demo's ground truth (simulated verdicts
// with and without assistance, RMk's auto-labels, the final labels), how far each kind of RM0 bias reaches, planted
// or not (the share of each kind of label that takes its side where it is wrong: without a bias, the baseline a
// planted one is measured against), and which checks flagged the wrong final labels.
import type Database from 'better-sqlite3';
import { flagKindsOfComparisons } from '../db/flags';
import { usableVerdictRows } from '../db/training-data';
import { loadJudgedVerdicts } from '../db/verdicts';
import { modelScorer } from '../scoring/scorer';
import { majority } from '../checks/verdicts';
import { biasSide, type BiasItem } from './rm0-bias';
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
  /** Of the labels that take the bias's side, the share a check flagged. */
  flaggedFollowing: Share;
}

/** The kinds of bias measured on every layer. */
export const MEASURED_BIASES = ['length', 'step-blind'] as const;
export type MeasuredBias = (typeof MEASURED_BIASES)[number];

export interface LayerTruth {
  /** Against the ground truth: verdicts' accuracies over all verdicts (a tie is right only on a tie); auto-labels' error and the final labels' accuracy over decisive items (an A/B label on a tie is neither). */
  assistedGroundTruthAccuracy: Share;
  unassistedGroundTruthAccuracy: Share;
  autoLabelGroundTruthError: Share;
  labelGroundTruthAccuracy: Share;
  bias: Record<MeasuredBias, BiasReach>;
  /** The layer's comparisons with a decisive ground truth, by their number of solution steps (what an evaluator's error rate depends on). */
  decisiveBySteps: Record<string, number>;
  /** The final labels that are wrong (decisive items), how many of them a check flagged (by kind), and how many flagged comparisons there are. */
  checks: { wrongLabels: number; flaggedWrongLabels: number; flaggedComparisons: number; byKind: Record<string, number> };
}

const share = (hits: number, of: number): Share => ({ rate: of === 0 ? null : hits / of, of });

function count<T>(items: readonly T[], hit: (item: T) => boolean): Share {
  return share(items.filter(hit).length, items.length);
}

function tally(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = (out[key] ?? 0) + 1;
  return out;
}

/** RMk's P(A ≻ B) on these comparisons (those it scores). */
async function modelProbabilities(db: Database.Database, modelId: string, ids: readonly string[]): Promise<Map<string, number>> {
  const scores = await modelScorer(db, modelId).scoreIds(new Set(ids));
  return new Map([...scores].map(([id, score]) => [id, score.pA]));
}

export interface LayerTruthInput {
  layerIds: readonly string[];
  /** Each comparison's number of solution steps. */
  steps: ReadonlyMap<string, number>;
  /** The seed set RMk learned from (judged before it was trained). */
  seedIds: ReadonlySet<string>;
  items: ReadonlyMap<string, BiasItem>;
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
  const labelled = decisive.filter((id) => label(id) !== null);
  const wrong = decisive.filter((id) => label(id) !== null && label(id) !== truthOf(id));

  const flags = flagKindsOfComparisons(db, input.layerIds);
  const flaggedIds = new Set(flags.map((f) => f.comparisonId));
  const wrongSet = new Set(wrong);
  const byKind: Record<string, number> = {};
  for (const kind of new Set(flags.filter((f) => wrongSet.has(f.comparisonId)).map((f) => f.kind))) {
    byKind[kind] = new Set(flags.filter((f) => f.kind === kind && wrongSet.has(f.comparisonId)).map((f) => f.comparisonId)).size;
  }

  const trained = input.modelId ? trainedComparisonIds(db, modelScorer(db, input.modelId).trainedOn as TrainedOn) : new Set<string>();
  const untrained = input.layerIds.filter((id) => !trained.has(id));
  const p = input.modelId ? await modelProbabilities(db, input.modelId, untrained) : new Map<string, number>();
  const seen: Seen = { label, verdicts, autoLabel, rmProbability: p, flagged: flaggedIds };
  return {
    assistedGroundTruthAccuracy: count(assisted, (v) => v.choice === truthOf(v.comparisonId)),
    unassistedGroundTruthAccuracy: count(unassisted, (v) => v.choice === truthOf(v.comparisonId)),
    autoLabelGroundTruthError: count(decisive.filter((id) => autoLabel.has(id)), (id) => autoLabel.get(id) !== truthOf(id)),
    labelGroundTruthAccuracy: count(labelled, (id) => label(id) === truthOf(id)),
    bias: { length: biasReach('length', input, seen), 'step-blind': biasReach('step-blind', input, seen) },
    decisiveBySteps: tally(decisive.map((id) => String(input.steps.get(id)!))),
    checks: { wrongLabels: wrong.length, flaggedWrongLabels: wrong.filter((id) => flaggedIds.has(id)).length, flaggedComparisons: flaggedIds.size, byKind },
  };
}

/** What each kind of label said on the layer: the final label, the verdicts, the auto-labels, RMk's P(A ≻ B) where it never trained, and the flagged comparisons. */
interface Seen {
  label: (id: string) => Label | null;
  verdicts: ReturnType<typeof loadJudgedVerdicts>;
  autoLabel: ReadonlyMap<string, Side>;
  rmProbability: ReadonlyMap<string, number>;
  flagged: ReadonlySet<string>;
}

function biasReach(kind: MeasuredBias, input: LayerTruthInput, seen: Seen): BiasReach {
  const sideOf = new Map<string, Side>();
  for (const id of input.layerIds) {
    const item = input.items.get(id)!;
    const side = biasSide(kind, item);
    if (side !== null && item.groundTruth !== 'tie' && side !== item.groundTruth) sideOf.set(id, side);
  }
  const ids = [...sideOf.keys()];
  const follows = (id: string, choice: Label | null | undefined) => choice === sideOf.get(id);
  const onItems = seen.verdicts.filter((v) => sideOf.has(v.comparisonId));
  const rmSide = (id: string) => {
    const p = seen.rmProbability.get(id)!;
    return p === 0.5 ? null : p > 0.5 ? 'A' : 'B';
  };
  const following = ids.filter((id) => follows(id, seen.label(id)));
  return {
    items: ids.length,
    seedLabels: count(
      ids.filter((id) => input.seedIds.has(id) && seen.label(id) !== null),
      (id) => follows(id, seen.label(id)),
    ),
    rm: count(
      ids.filter((id) => seen.rmProbability.has(id)),
      (id) => follows(id, rmSide(id)),
    ),
    assistedVerdicts: count(
      onItems.filter((v) => v.mode === 'assisted'),
      (v) => follows(v.comparisonId, v.choice),
    ),
    unassistedVerdicts: count(
      onItems.filter((v) => v.mode !== 'assisted'),
      (v) => follows(v.comparisonId, v.choice),
    ),
    autoLabels: count(
      ids.filter((id) => seen.autoLabel.has(id)),
      (id) => follows(id, seen.autoLabel.get(id)),
    ),
    labels: count(
      ids.filter((id) => seen.label(id) !== null),
      (id) => follows(id, seen.label(id)),
    ),
    flaggedFollowing: count(following, (id) => seen.flagged.has(id)),
  };
}
