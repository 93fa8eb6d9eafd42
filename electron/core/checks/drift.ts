// Drift: for each run and k ≥ 1 with active RMk and RM(k-1), both models score a fixed anchor set and their
// rankings are compared (Spearman ρ); below the threshold is a flag per model pair. Also the per-layer drift
// the Ladder page charts. Anchors: up to `drift.anchors` of the run's layer-0 responses, those with the smallest
// SHA-256 of their id first — deterministic, and unchanged while layer 0 keeps its comparisons.
// An external model's rewards cover the responses its file scored: the two models are compared on the anchors both score.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { modelScorer, type ResponseSet } from '../scoring/scorer';
import { responsesOfComparisons } from '../db/comparisons';
import { activeModelsOfRun } from '../db/models';
import { runComparisonIds, runLayers } from '../db/runs';
import { spearman } from '../metrics/rank-correlation';
import { modelInScope, type CheckContext, type CheckOutcome } from './context';
import type { FlagCandidate } from '../db/flags';
import { activeModels, activePlainModel, plainModelNote } from './model-scores';
import { checkSettings } from './settings';

type Anchors = ResponseSet;

const sha = (id: string) => createHash('sha256').update(id).digest('hex');

/** The run's anchor responses (see the file's header). */
export function anchorSet(db: Database.Database, runId: string): Anchors {
  const ids = runComparisonIds(db, runId, 0);
  const rows = responsesOfComparisons(db, ids);
  const chosen = rows
    .map((r) => ({ ...r, key: sha(r.id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, checkSettings.drift.anchors);
  const promptOf = new Map<string, number>();
  const prompts: string[] = [];
  const promptIndex = chosen.map((r) => {
    let i = promptOf.get(r.promptId);
    if (i === undefined) {
      i = prompts.length;
      promptOf.set(r.promptId, i);
      prompts.push(r.prompt);
    }
    return i;
  });
  const dim = chosen[0]?.dim ?? null;
  let embeddings: Anchors['embeddings'] = null;
  if (dim && chosen.every((r) => r.dim === dim && r.embedding?.length === 4 * dim)) {
    const data = new Float32Array(chosen.length * dim);
    chosen.forEach((r, i) => data.set(new Float32Array(r.embedding!.buffer.slice(r.embedding!.byteOffset, r.embedding!.byteOffset + r.embedding!.length)), i * dim));
    embeddings = { dim, data };
  }
  return { responseIds: chosen.map((r) => r.id), prompts, responses: chosen.map((r) => r.text), promptIndex: Uint32Array.from(promptIndex), embeddings };
}

export interface LayerDrift {
  layer: number;
  modelId: string | null;
  modelName: string | null;
  previousModelId: string | null;
  previousModelName: string | null;
  /** Spearman ρ of the two models' rewards on the anchors; null when it could not be computed (see reason). */
  spearman: number | null;
  anchors: number;
  /** Below the threshold (a drift flag is raised for this pair). */
  drifted: boolean;
  reason: string | null;
}

export interface RunDrift {
  runId: string;
  threshold: number;
  layers: LayerDrift[];
}

/** Drift of each layer k ≥ 1 of a run: RMk against RM(k-1) on the run's anchors. NOT_FOUND for an unknown run. */
export async function getDrift(db: Database.Database, runId: string): Promise<RunDrift> {
  const layers = runLayers(db, runId);
  if (layers.length === 0) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  const s = checkSettings.drift;
  const active = new Map(activeModelsOfRun(db, runId).map((m) => [m.layer, { id: m.modelId, name: m.modelName }]));
  let anchors: Anchors | null = null;
  const rewards = new Map<string, Float64Array>();
  const out: LayerDrift[] = [];
  for (const { idx: layer } of layers.filter((l) => l.idx >= 1)) {
    const cur = active.get(layer) ?? null, prev = active.get(layer - 1) ?? null;
    const row: LayerDrift = {
      layer,
      modelId: cur?.id ?? null,
      modelName: cur?.name ?? null,
      previousModelId: prev?.id ?? null,
      previousModelName: prev?.name ?? null,
      spearman: null,
      anchors: 0,
      drifted: false,
      reason: null,
    };
    out.push(row);
    if (!cur || !prev) {
      row.reason = `no active model at layer ${!cur ? layer : layer - 1}`;
      continue;
    }
    anchors ??= anchorSet(db, runId);
    row.anchors = anchors.responseIds.length;
    if (row.anchors < s.minAnchors) {
      row.reason = `only ${row.anchors} anchor responses in layer 0 (at least ${s.minAnchors} are needed)`;
      continue;
    }
    try {
      for (const id of [prev.id, cur.id]) if (!rewards.has(id)) rewards.set(id, await modelScorer(db, id).responseRewards(anchors));
    } catch (error) {
      row.reason = (error as Error).message;
      continue;
    }
    // An external model has rewards only for the responses its file scored: the two are compared on the anchors both score.
    const [before, after] = [rewards.get(prev.id)!, rewards.get(cur.id)!];
    const both = Uint32Array.from(before.keys()).filter((i) => Number.isFinite(before[i]) && Number.isFinite(after[i]));
    if (both.length < row.anchors) {
      row.anchors = both.length;
      if (both.length < s.minAnchors) {
        row.reason = `both models score only ${both.length} of the anchor responses (at least ${s.minAnchors} are needed)`;
        continue;
      }
    }
    const rho = spearman(Float64Array.from(both, (i) => before[i]), Float64Array.from(both, (i) => after[i]));
    if (rho === null) {
      row.reason = 'a model gives every anchor the same reward';
      continue;
    }
    row.spearman = Math.round(rho * 1e4) / 1e4;
    row.drifted = rho < s.minSpearman;
  }
  return { runId, threshold: s.minSpearman, layers: out };
}

export async function driftFlags(context: Pick<CheckContext, 'store' | 'models'>): Promise<CheckOutcome> {
  const { db } = context.store;
  const s = checkSettings.drift;
  const flags: FlagCandidate[] = [];
  const notes: string[] = [];
  const plain = activePlainModel(db);
  if (plain) notes.push(plainModelNote(plain, 'drift'));
  // the runs of the models checked (after a training: the trained model's run, whose layer pairs it may change)
  const active = activeModels(db);
  const runs = new Map(active.filter((m) => modelInScope(context, m.modelId)).map((m) => [m.runId, m.runName]));
  const kindOf = new Map(active.map((m) => [m.modelId, m.kind]));
  for (const [id, name] of runs) {
    const run = { id, name };
    for (const d of (await getDrift(db, run.id)).layers) {
      if (d.spearman === null) {
        if (d.modelId && d.previousModelId) notes.push(`${run.name} layer ${d.layer}: ${d.reason}`);
        continue;
      }
      if (!d.drifted) continue;
      flags.push({
        kind: 'drift',
        dedupeKey: `drift:${d.previousModelId}:${d.modelId}`,
        severity: Math.min(1, s.minSeverity + (1 - s.minSeverity) * ((s.minSpearman - d.spearman) / (1 + s.minSpearman))),
        comparisonId: null,
        evaluatorIds: [],
        modelIds: [d.previousModelId!, d.modelId!],
        evidence: {
          runId: run.id,
          run: run.name,
          layer: d.layer,
          model: { id: d.modelId, name: d.modelName, kind: kindOf.get(d.modelId!), layer: d.layer },
          previousModel: { id: d.previousModelId, name: d.previousModelName, kind: kindOf.get(d.previousModelId!), layer: d.layer - 1 },
          spearman: d.spearman,
          threshold: s.minSpearman,
          anchors: d.anchors,
          anchorRule: `up to ${s.anchors} of the run's layer-0 responses, smallest SHA-256 of the response id first`,
        },
      });
    }
  }
  if (runs.size === 0 && !plain && !context.models) notes.push('no reward model trained yet: nothing to compare');
  return { flags, notes };
}
