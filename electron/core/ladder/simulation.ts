// `rung demo --simulate`: the recursive loop end to end on the demo ladder with simulated evaluators — per layer k
// each of them judges a first share (with RM(k-1)'s assistance from layer 1 on; on layer 0 with RM0's planted bias,
// if any), RMk is trained, the rest is routed by deferral, they all answer the audits and then the human queue; the
// checks run; one row of figures per layer (from layerMetrics, and against the ground truth from simulation-truth).
import { RungError } from '../../api/errors';
import { getQueueStatus, routeLayer, type RouteResult } from './routing';
import { computeAssistance } from './assistance';
import { createSimulatedEvaluator, simulatedParams, simulateVerdict, verdictRandom, type SimulatedParams, type SimulatedItem } from './simulate';
import { comparisonCount, comparisonTexts, comparisonTruths } from '../db/comparisons';
import { runChecks } from '../checks/run';
import { biasedSeedLabel, NO_BIAS, type BiasItem, type Rm0Bias } from './rm0-bias';
import { layerTruth, type LayerTruth, type Share } from './simulation-truth';
import { auditComparisonIds, humanLabelCounts } from '../db/deferrals';
import { submitJudgment } from '../db/judgment-writes';
import { nextComparisons, stableLeftSide } from '../db/queue';
import { runComparisonIds } from '../db/runs';
import { loadDemo } from '../demo';
import type { Device } from '../engine';
import type { Store } from '../store';
import { layerMetrics, type LayerMetrics } from './layer-metrics';
import { createDemoRun } from './runs';
import { trainRung } from './train-rung';
import type { AssistanceShown } from '../../api/assist';

/**
 * The default demo scale for a simulation. At scale 1 (120/80/40 comparisons) the risk bound can never certify a 5%
 * error at 95% confidence: deferral needs at least 72 held-out pairs even without an error (ladder/deferral.ts).
 * At 10 (1200/800/400) the held-out splits can certify it when RMk errs on very few of them; each row says the
 * smallest target its held-out pairs certify.
 */
export const DEFAULT_SIMULATION_SCALE = 10;

/**
 * The share of each layer's seed set RMk does not train on: deferral calibrates on it. 40% rather than the usual 20%:
 * the risk bound certifies 5% at 95% on no fewer than 72 held-out pairs without an error, and on many more with one
 * or two (ladder/deferral.ts); at 20% no layer of the default demo certified it (smallest targets 5.9–6.2%), at 40%
 * the RMs learn the demo as well and deferral saves labels.
 */
const CALIBRATION_SHARE = 0.4;

export interface SimulationOptions {
  scale?: number;
  /** Share of each layer judged before its RM is trained (the rest is routed). Default 0.5. */
  firstShare?: number;
  target?: number;
  confidence?: number;
  auditShare?: number;
  seed?: number;
  device?: Device;
  /** Simulated evaluators (default three, with the default parameters and seeds 1, 2, 3). */
  evaluators?: Partial<SimulatedParams>[];
  /** A bias planted in RM0's seed labels (default none). */
  rm0Bias?: Rm0Bias;
  /** Whether the evaluators see RM(k-1)'s assistance on layers 1 and up (default true; false: nothing is shown). */
  assistance?: boolean;
  actor?: string;
  onStage?: (message: string) => void;
}

/** One layer's figures: layerMetrics' (accuracies as rates; their Wilson intervals are in `metrics`), with the round's. */
export interface SimulationRow {
  layer: number;
  comparisons: number;
  /** Simulated verdicts against the demo's ground truth: all, with assistance shown, and on control trials (nothing shown). */
  humanAccuracy: number | null;
  assistedAccuracy: number | null;
  unassistedAccuracy: number | null;
  /** RMk's accuracy on its held-out comparisons of this layer against the (simulated) consensus. */
  rmAccuracy: number | null;
  modelId: string | null;
  threshold: number | null;
  /** The round's certified bound on the auto-label error (from calibration), null when nothing was certified. */
  thresholdErrorBound: number | null;
  /** The round's held-out pairs and the smallest target they certify (why nothing was certified at a stricter one). */
  calibrationPairs: number;
  smallestCertifiableTarget: number | null;
  autoLabelled: number;
  audits: number;
  auditAnswered: number;
  /** Audited auto-labels the simulated evaluators disagreed with, over those answered; its upper bound at the round's confidence. */
  auditedAutoLabelError: number | null;
  auditedAutoLabelErrorBound: number | null;
  humanLabels: number;
  simulatedLabels: number;
  humanLabelsSaved: number;
  /** Against the demo's ground truth: what only a simulation can know (RMk's on its held-out comparisons of layer k too). */
  truth: LayerTruth & { rmGroundTruthAccuracy: Share };
  /** The full layerMetrics row. */
  metrics: LayerMetrics;
}

export interface SimulationReport {
  runId: string;
  scale: number;
  target: number;
  confidence: number;
  auditShare: number;
  rm0Bias: Rm0Bias;
  simulatedEvaluators: { id: string; name: string; params: SimulatedParams }[];
  /** What the checks found after the last layer (kind → flags). */
  checks: Record<string, number>;
  rounds: RouteResult[];
  rows: SimulationRow[];
}

interface Truth {
  groundTruth: 'A' | 'B' | 'tie';
  steps: number;
  wrong: SimulatedItem['wrong'];
  /** What a planted bias reads of the item. */
  sides: BiasItem;
}

function demoTruth(store: Store, ids: readonly string[]): Map<string, Truth> {
  const rows = comparisonTruths(store.db, ids);
  const truth = new Map<string, Truth>();
  for (const r of rows) {
    const meta = r.metadata ? (JSON.parse(r.metadata) as { steps?: number; wrong?: Truth['wrong'] }) : {};
    if (!r.groundTruth) throw new RungError('CONFLICT', `comparison ${r.id} has no ground truth: simulated evaluators need the demo's`);
    const texts = comparisonTexts(store.db, r.id)!;
    const wrong = meta.wrong ?? null;
    const wrongSegments = wrong ? (JSON.parse((wrong.side === 'A' ? texts.a : texts.b).segments ?? '[]') as string[]) : [];
    const sides: BiasItem = { textA: texts.a.text, textB: texts.b.text, groundTruth: r.groundTruth, wrong: wrong ? { side: wrong.side, stepText: wrongSegments[wrong.step] ?? '' } : null };
    truth.set(r.id, { groundTruth: r.groundTruth, steps: meta.steps ?? 1, wrong, sides });
  }
  return truth;
}

interface Sim {
  id: string;
  name: string;
  params: SimulatedParams;
}

/**
 * One simulated verdict, stored as the app stores a person's: with the assistance shown (RM(k-1)'s, or a control
 * trial); `biased`, a planted bias's label, stands in for the evaluator's own.
 */
async function judge(store: Store, sim: Sim, runId: string, layer: number, comparisonId: string, truth: Truth, biased: 'A' | 'B' | null, assisted: boolean): Promise<void> {
  const computed: AssistanceShown | null = assisted ? await computeAssistance(store.db, { runId, layer, comparisonId, evaluatorId: sim.id }) : null;
  const shown = computed?.mode === 'unscored' ? null : computed; // nothing was shown
  const choice = biased ?? simulateVerdict(sim.params, { ...truth, assistance: shown }, verdictRandom(sim.params, comparisonId));
  submitJudgment(store.db, {
    comparisonId,
    evaluatorId: sim.id,
    choice,
    leftSide: stableLeftSide(sim.id, comparisonId),
    rubricRunId: runId, // judged in the simulation's own run (which has no criteria)
    assistance: shown ? (shown.mode === 'assisted' ? { ...shown, collapsed: false } : shown) : undefined,
  });
}

export async function runSimulation(store: Store, options: SimulationOptions = {}): Promise<SimulationReport> {
  const scale = options.scale ?? DEFAULT_SIMULATION_SCALE;
  const firstShare = options.firstShare ?? 0.5;
  const target = options.target ?? 0.05;
  const confidence = options.confidence ?? 0.95;
  const auditShare = options.auditShare ?? 0.05;
  const seed = options.seed ?? 1;
  const actor = options.actor ?? 'simulation';
  const rm0Bias = options.rm0Bias ?? NO_BIAS;
  const assisted = options.assistance ?? true;
  if (!(rm0Bias.share >= 0 && rm0Bias.share <= 1)) throw new RungError('INVALID_PARAMS', `the RM0 bias share must be between 0 and 1, got ${rm0Bias.share}`);
  const stage = options.onStage ?? (() => undefined);
  if (!(firstShare > 0 && firstShare < 1)) throw new RungError('INVALID_PARAMS', `the first share must be between 0 and 1, got ${firstShare}`);
  const existing = comparisonCount(store.db);
  if (existing > 0) throw new RungError('CONFLICT', `the simulation needs an empty database, and ${store.path} holds ${existing} comparisons: pass --db with a new file`);

  stage(`loading the demo at scale ${scale}`);
  await loadDemo(store, actor, scale);
  const run = createDemoRun(store.db, actor);
  const sims: Sim[] = (options.evaluators ?? [{ seed: 1 }, { seed: 2 }, { seed: 3 }]).map((params, i) => {
    const row = createSimulatedEvaluator(store.db, `Simulated evaluator ${i + 1}`, params);
    return { id: row.id, name: row.name, params: simulatedParams(store.db, row.id) };
  });

  const rounds: RouteResult[] = [];
  const seedSets: Set<string>[] = [];
  const truths: Map<string, Truth>[] = [];
  let turn = 0;
  const nextSim = () => sims[turn++ % sims.length];
  for (const layer of run.layers.map((l) => l.index)) {
    const ids = runComparisonIds(store.db, run.id, layer);
    const truth = demoTruth(store, ids);
    const first = ids.slice(0, Math.ceil(firstShare * ids.length));
    seedSets.push(new Set(first));
    truths.push(truth);
    // The first share is judged by every simulated evaluator, as a lab annotates its seed set several times over: the
    // consensus it gives RMk to learn from and deferral to calibrate on is then far more accurate than one verdict —
    // a 5% auto-label error cannot be certified against labels that are themselves wrong 6% of the time.
    stage(`layer ${layer}: ${sims.length} simulated evaluators each judge ${first.length} of ${ids.length} comparisons${layer > 0 ? ` with RM${layer - 1}'s assistance` : ''}`);
    for (const id of first) {
      const biased = layer === 0 ? biasedSeedLabel(rm0Bias, seed, id, truth.get(id)!.sides) : null;
      for (const sim of sims) await judge(store, sim, run.id, layer, id, truth.get(id)!, biased, assisted);
    }

    stage(`layer ${layer}: training RM${layer}`);
    await trainRung(store, { runId: run.id, layer, holdout: CALIBRATION_SHARE, seed, device: options.device ?? 'auto', actor, includeSimulated: true });

    stage(`layer ${layer}: routing the other ${ids.length - first.length}`);
    const round = await routeLayer(store, { runId: run.id, layer, target, confidence, auditShare, seed, actor, includeSimulated: true });
    rounds.push(round);

    // Audits are answered by every simulated evaluator (one fallible verdict would mostly measure the evaluator's own
    // errors); then they work through the human queue (routed comparisons, most uncertain first), one verdict each.
    stage(`layer ${layer}: answering ${round.audit} audits (each by all ${sims.length}) and ${round.human} queued comparisons`);
    const auditIds = auditComparisonIds(store.db, round.roundId);
    for (const id of auditIds) for (const sim of sims) await judge(store, sim, run.id, layer, id, truth.get(id)!, null, assisted);
    for (;;) {
      const sim = nextSim();
      const [item] = nextComparisons(store.db, sim.id, { runId: run.id, layer, count: 1, positionChecks: false });
      if (!item || humanLabelCounts(store.db, [item.comparison.id]).comparisons.size > 0) break;
      await judge(store, sim, run.id, layer, item.comparison.id, truth.get(item.comparison.id)!, null, assisted);
    }
  }
  stage('running the checks');
  const checked = await runChecks(store, actor);
  stage('measuring each layer');
  const metrics = await layerMetrics(store, run.id);
  const rows: SimulationRow[] = [];
  for (const [i, m] of metrics.entries()) {
    const truth = await layerTruth(store.db, { layerIds: [...truths[i].keys()], seedIds: seedSets[i], items: new Map([...truths[i]].map(([id, t]) => [id, t.sides])), steps: new Map([...truths[i]].map(([id, t]) => [id, t.steps])), modelId: m.modelId });
    rows.push(layerRow(store, run.id, m, rounds[i], truth));
  }
  return { runId: run.id, scale, target, confidence, auditShare, rm0Bias, simulatedEvaluators: sims, checks: checked.found, rounds, rows };
}

/** The row of one layer: layerMetrics' figures, the layer's deferral round, the audited error's bound (queue status) and the ground truth's figures. */
function layerRow(store: Store, runId: string, m: LayerMetrics, round: RouteResult, truth: LayerTruth): SimulationRow {
  const status = getQueueStatus(store, { runId, layer: m.layer });
  return {
    layer: m.layer,
    comparisons: m.comparisons,
    humanAccuracy: m.humanAccuracy?.rate ?? null,
    assistedAccuracy: m.assistedAccuracy?.rate ?? null,
    unassistedAccuracy: m.unassistedAccuracy?.rate ?? null,
    rmAccuracy: m.rmAccuracy?.rate ?? null,
    modelId: m.modelId,
    threshold: round.threshold,
    thresholdErrorBound: round.errorBound,
    calibrationPairs: round.calibrationPairs,
    smallestCertifiableTarget: round.smallestCertifiableTarget,
    autoLabelled: m.autoLabelled,
    audits: m.autoLabelled - m.humanLabelsSaved,
    auditAnswered: m.auditedAutoLabels,
    auditedAutoLabelError: m.auditedAutoLabelError,
    auditedAutoLabelErrorBound: status.estimatedErrorBound,
    humanLabels: m.humanLabels,
    simulatedLabels: m.simulatedLabels,
    humanLabelsSaved: m.humanLabelsSaved,
    truth: { ...truth, rmGroundTruthAccuracy: { rate: m.rmGroundTruthAccuracy?.rate ?? null, of: m.rmGroundTruthAccuracy?.total ?? 0 } },
    metrics: m,
  };
}
