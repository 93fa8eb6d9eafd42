// Training data from the database: per comparison a target P(A ≻ B) from the verdicts of the chosen sources
// (people; simulated evaluators and model auto-labels only when asked), combined by majority or by evaluator
// reliability, each verdict counting with its strength; a pair weight per comparison (its layer's weight);
// the distinct responses as the item table with their texts or embeddings; splits grouped by prompt.
//
// Rules (what a model's provenance refers to):
// - Usable verdicts: A, B or tie; not skipped, retracted, excluded from training, nor a position-check repeat.
// - Sources: an evaluator of kind 'model' is a model (auto-labels); kind 'human' with `simulated` set is a
//   simulated evaluator; other 'human' evaluators are people (imported labels included). Only people count
//   unless includeSimulated / includeModelJudgments are set.
// - Vote weight of a verdict = strength (1 slightly, 2 clearly, 3 much; unspecified counts as 2) × the
//   evaluator's weight (1 under 'majority'; its reliability under 'reliability', see evaluatorReliability).
// - Target (hard, the consensus): with W_A, W_B, W_tie the summed vote weights, 0.5 when W_tie > max(W_A, W_B) or
//   W_A = W_B, else 1 if W_A > W_B and 0 if W_B > W_A (consensusTarget on the weights). Hard targets keep
//   "consensus" meaning the same everywhere (held-out accuracy, checks, deferral calibration); strength and
//   reliability decide contested comparisons, and a tie-dominated comparison trains towards 0.5.
import type Database from 'better-sqlite3';
import { shuffledIndices } from './recipe';
import { inDatasetSql } from '../db/membership';

/** Consensus of a comparison's (weighted) votes: 0.5 when ties outweigh both sides or A and B are level, else the heavier side (1 for A, 0 for B). */
export function consensusTarget(votesA: number, votesB: number, votesTie: number): number {
  if (votesTie > Math.max(votesA, votesB) || votesA === votesB) return 0.5;
  return votesA > votesB ? 1 : 0;
}


export type Combine = 'majority' | 'reliability';
export type Source = 'human' | 'simulated' | 'model';

export interface Verdict {
  judgmentId: string;
  comparisonId: string;
  evaluatorId: string;
  choice: 'A' | 'B' | 'tie';
  /** 1..3; unspecified counts as 2 */
  strength: number;
  source: Source;
}

/** Pseudo-items of perfect agreement added to each evaluator's record (shrinks weights towards 1 when few items are shared). */
export const RELIABILITY_PRIOR_ITEMS = 5;

/**
 * Reliability weight of each evaluator, from leave-one-out agreement: on every comparison the evaluator shares
 * with others, the others' strength-weighted consensus (without this evaluator) is compared with their verdict —
 * agreement 1 when both pick the same side, 0 when opposite sides, ½ when exactly one of them is a tie;
 * comparisons where the others reach no side (consensus ½) are skipped. With agreement rate a over n such items,
 * informativeness is max(0, 2a − 1) (0 for a coin flip or a contrarian, 1 for perfect agreement), and the weight
 * is (n · max(0, 2a − 1) + m) / (n + m) with m = RELIABILITY_PRIOR_ITEMS, so an evaluator with few shared items
 * keeps a weight near 1.
 */
export function evaluatorReliability(verdicts: readonly Verdict[]): Map<string, number> {
  const byComparison = new Map<string, Verdict[]>();
  for (const v of verdicts) {
    const list = byComparison.get(v.comparisonId);
    if (list) list.push(v);
    else byComparison.set(v.comparisonId, [v]);
  }
  const record = new Map<string, { agree: number; n: number }>();
  const side = (x: number) => (x > 0.5 ? 'A' : x < 0.5 ? 'B' : 'tie');
  for (const list of byComparison.values()) {
    for (const v of list) {
      const w = { A: 0, B: 0, tie: 0 };
      for (const o of list) if (o.evaluatorId !== v.evaluatorId) w[o.choice] += o.strength;
      const others = w.A + w.B + w.tie > 0 ? consensusTarget(w.A, w.B, w.tie) : NaN;
      const r = record.get(v.evaluatorId) ?? { agree: 0, n: 0 };
      record.set(v.evaluatorId, r);
      if (Number.isNaN(others) || others === 0.5) continue;
      r.n++;
      r.agree += v.choice === side(others) ? 1 : v.choice === 'tie' ? 0.5 : 0;
    }
  }
  const weights = new Map<string, number>();
  for (const [evaluator, { agree, n }] of record) {
    const informativeness = n ? Math.max(0, (2 * agree) / n - 1) : 1;
    weights.set(evaluator, (n * informativeness + RELIABILITY_PRIOR_ITEMS) / (n + RELIABILITY_PRIOR_ITEMS));
  }
  return weights;
}

export interface ComparisonTable {
  comparisonIds: string[];
  /** prompt group of each comparison (index into the distinct prompts) */
  group: Uint32Array;
  /** items: distinct responses; item i answers prompts[promptIndex[i]] */
  prompts: string[];
  responses: string[];
  responseIds: string[];
  promptIndex: Uint32Array;
  /** embeddings of every item when all have one of the same dimension, else null */
  embeddings: { dim: number; data: Float32Array } | null;
  a: Uint32Array;
  b: Uint32Array;
  /** targets P(A ≻ B) (NaN where a comparison has no usable verdict), the number of verdicts, and each pair's weight */
  target: Float32Array;
  votes: Uint32Array;
  weight: Float32Array;
  judgmentCount: number;
  /** The judgments behind the targets, for the model's provenance, and the comparison each one judges. */
  judgmentIds: string[];
  judgmentComparisonIds: string[];
  evaluatorIds: string[];
  /** Judgments used per source, and usable judgments in scope left out because their source was not included. */
  sources: Record<Source, number>;
  leftOut: { simulated: number; model: number };
  /** Each evaluator's vote weight (1 under 'majority'). */
  evaluatorWeights: Record<string, number>;
}

export interface LoadOptions {
  judgedOnly: boolean;
  datasetId?: string;
  comparisonIds?: ReadonlySet<string>;
  includeSimulated?: boolean;
  includeModelJudgments?: boolean;
  combine?: Combine;
  /** Pair weight per comparison id (default 1); comparisons with weight 0 are left out. */
  comparisonWeight?: ReadonlyMap<string, number>;
}

interface Row {
  id: string;
  prompt_id: string;
  prompt: string;
  a_id: string;
  a_text: string;
  a_emb: Buffer | null;
  a_dim: number | null;
  b_id: string;
  b_text: string;
  b_emb: Buffer | null;
  b_dim: number | null;
}

/** Order by id, as SQLite's ORDER BY id would (ids are ASCII). Tables are read in rowid order and sorted here: the
 *  joins then follow the order rows were written in, not random ids (200,000 comparisons: 8 s → 2.5 s). */
const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** The usable verdicts in scope, each with its source, by judgment id. */
function usableVerdicts(db: Database.Database, inScope: (comparisonId: string) => boolean): Verdict[] {
  const rows = db
    .prepare(
      `SELECT j.id, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, j.choice, j.strength,
              CASE WHEN e.kind = 'model' THEN 'model' WHEN e.simulated IS NOT NULL THEN 'simulated' ELSE 'human' END AS source
         FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id
        WHERE j.choice IN ('A', 'B', 'tie') AND j.retracted_at IS NULL AND j.excluded_at IS NULL AND j.repeat_of IS NULL
        ORDER BY j.rowid`,
    )
    .all() as { id: string; comparisonId: string; evaluatorId: string; choice: Verdict['choice']; strength: number | null; source: Source }[];
  return rows
    .filter((r) => inScope(r.comparisonId))
    .sort(byId)
    .map((r) => ({ judgmentId: r.id, comparisonId: r.comparisonId, evaluatorId: r.evaluatorId, choice: r.choice, strength: r.strength ?? 2, source: r.source }));
}

/** Every comparison (optionally of one dataset, or of the given ids) with its target; `judgedOnly` keeps those with usable verdicts. */
export function loadComparisons(db: Database.Database, options: LoadOptions): ComparisonTable {
  const weightOf = (comparisonId: string) => options.comparisonWeight?.get(comparisonId) ?? 1;
  const inScope = (comparisonId: string) => (!options.comparisonIds || options.comparisonIds.has(comparisonId)) && weightOf(comparisonId) > 0;
  const all = usableVerdicts(db, inScope);
  const included = (v: Verdict) => v.source === 'human' || (v.source === 'simulated' && !!options.includeSimulated) || (v.source === 'model' && !!options.includeModelJudgments);
  const verdicts = all.filter(included);
  const reliability = options.combine === 'reliability' ? evaluatorReliability(verdicts) : null;
  const evaluatorWeight = (id: string) => reliability?.get(id) ?? 1;
  const tally = new Map<string, { A: number; B: number; tie: number; n: number }>();
  const evaluators = new Set<string>();
  const sources: Record<Source, number> = { human: 0, simulated: 0, model: 0 };
  for (const v of verdicts) {
    const t = tally.get(v.comparisonId) ?? { A: 0, B: 0, tie: 0, n: 0 };
    t[v.choice] += v.strength * evaluatorWeight(v.evaluatorId);
    t.n++;
    tally.set(v.comparisonId, t);
    evaluators.add(v.evaluatorId);
    sources[v.source]++;
  }
  const rows = db
    .prepare(
      `SELECT c.id, c.prompt_id, p.text AS prompt,
              ra.id AS a_id, ra.text AS a_text, ra.embedding AS a_emb, ra.embedding_dim AS a_dim,
              rb.id AS b_id, rb.text AS b_text, rb.embedding AS b_emb, rb.embedding_dim AS b_dim
         FROM comparisons c
         JOIN prompts p ON p.id = c.prompt_id
         JOIN responses ra ON ra.id = c.response_a_id
         JOIN responses rb ON rb.id = c.response_b_id
        ${options.datasetId ? `WHERE ${inDatasetSql('c', '= ?')}` : ''}
        ORDER BY c.rowid`,
    )
    .all(...(options.datasetId ? [options.datasetId, options.datasetId] : [])) as Row[];
  const selected = rows.filter((r) => inScope(r.id)).sort(byId);
  const evaluatorIds = [...evaluators].sort();
  const table: ComparisonTable = {
    comparisonIds: [], group: new Uint32Array(0), prompts: [], responses: [], responseIds: [], promptIndex: new Uint32Array(0),
    embeddings: null, a: new Uint32Array(0), b: new Uint32Array(0), target: new Float32Array(0), votes: new Uint32Array(0),
    weight: new Float32Array(0), judgmentCount: verdicts.length, judgmentIds: verdicts.map((v) => v.judgmentId),
    judgmentComparisonIds: verdicts.map((v) => v.comparisonId), evaluatorIds, sources,
    leftOut: { simulated: all.filter((v) => v.source === 'simulated').length - sources.simulated, model: all.filter((v) => v.source === 'model').length - sources.model },
    evaluatorWeights: Object.fromEntries(evaluatorIds.map((id) => [id, evaluatorWeight(id)])),
  };
  const promptOf = new Map<string, number>(), itemOf = new Map<string, number>();
  const itemPrompt: number[] = [], group: number[] = [], a: number[] = [], b: number[] = [], target: number[] = [], count: number[] = [], weight: number[] = [];
  const embeddings: (Buffer | null)[] = [], dims: (number | null)[] = [];
  const item = (id: string, text: string, prompt: number, emb: Buffer | null, dim: number | null) => {
    let i = itemOf.get(id);
    if (i === undefined) {
      i = table.responses.length;
      itemOf.set(id, i);
      table.responses.push(text);
      table.responseIds.push(id);
      itemPrompt.push(prompt);
      embeddings.push(emb);
      dims.push(dim);
    }
    return i;
  };
  for (const r of selected) {
    const t = tally.get(r.id);
    if (options.judgedOnly && !t) continue;
    let p = promptOf.get(r.prompt_id);
    if (p === undefined) {
      p = table.prompts.length;
      promptOf.set(r.prompt_id, p);
      table.prompts.push(r.prompt);
    }
    table.comparisonIds.push(r.id);
    group.push(p);
    a.push(item(r.a_id, r.a_text, p, r.a_emb, r.a_dim));
    b.push(item(r.b_id, r.b_text, p, r.b_emb, r.b_dim));
    target.push(t ? consensusTarget(t.A, t.B, t.tie) : NaN);
    count.push(t ? t.n : 0);
    weight.push(weightOf(r.id));
  }
  table.group = Uint32Array.from(group);
  table.promptIndex = Uint32Array.from(itemPrompt);
  table.a = Uint32Array.from(a);
  table.b = Uint32Array.from(b);
  table.target = Float32Array.from(target);
  table.votes = Uint32Array.from(count);
  table.weight = Float32Array.from(weight);
  const dim = dims[0];
  if (dim && dims.every((d, i) => d === dim && embeddings[i]?.length === 4 * dim)) {
    const data = new Float32Array(dims.length * dim);
    embeddings.forEach((e, i) => data.set(new Float32Array(e!.buffer.slice(e!.byteOffset, e!.byteOffset + e!.length)), i * dim));
    table.embeddings = { dim, data };
  }
  return table;
}

/** How many prompt groups `group` numbers (its largest entry + 1); a loop, since spreading 10^5+ values into Math.max overflows the stack. */
function groupCount(group: Uint32Array): number {
  let largest = -1;
  for (const g of group) if (g > largest) largest = g;
  return largest + 1;
}

/** Comparison indices split by prompt group: about `fraction` of the comparisons (whole prompts) go to the second part. */
export function splitByPrompt(group: Uint32Array, fraction: number, seed: number): { train: Uint32Array; test: Uint32Array } {
  const groups = groupCount(group);
  const inTest = new Uint8Array(groups);
  const size = new Uint32Array(groups);
  group.forEach((g) => size[g]++);
  let taken = 0;
  for (const g of shuffledIndices(groups, seed)) {
    if (taken >= fraction * group.length) break;
    inTest[g] = 1;
    taken += size[g];
  }
  const all = Uint32Array.from(group, (_, i) => i);
  return { train: all.filter((i) => !inTest[group[i]]), test: all.filter((i) => inTest[group[i]] === 1) };
}

/** k folds grouped by prompt: fold of each comparison. */
export function foldsByPrompt(group: Uint32Array, k: number, seed: number): Uint32Array {
  const groups = groupCount(group);
  const foldOf = new Uint32Array(groups);
  shuffledIndices(groups, seed).forEach((g, i) => (foldOf[g] = i % k));
  return Uint32Array.from(group, (g) => foldOf[g]);
}
