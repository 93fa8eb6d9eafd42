// Training data for a rung's reward model, from the database: per comparison a target P(A ≻ B) from the verdicts of the chosen sources
// (people; simulated evaluators and model auto-labels only when asked), combined by majority or by evaluator
// reliability, each verdict counting with its strength; a pair weight per comparison (its layer's weight);
// the distinct responses as the item table with their texts or embeddings (engine/pair-table.ts).
//
// Rules (what a model's provenance refers to):
// - Usable verdicts: A, B or tie; not skipped, retracted, excluded from training, nor a position-check repeat.
// - Sources: an evaluator of kind 'model' is a model (auto-labels); kind 'human' with `simulated` set is a
//   simulated evaluator; other 'human' evaluators are people (imported labels included). Only people count
//   unless includeSimulated / includeModelJudgments are set.
// - Vote weight of a verdict = strength (1 slightly, 2 clearly, 3 much; unspecified counts as 2) × the
//   evaluator's weight (1 under 'majority'; its reliability under 'reliability', see evaluatorReliability).
// - Target (hard, the consensus, ladder/consensus.ts): with W_A, W_B, W_tie the summed vote weights, 0.5 when W_tie > max(W_A, W_B) or
//   W_A = W_B, else 1 if W_A > W_B and 0 if W_B > W_A (consensusTarget on the weights). Hard targets keep
//   "consensus" meaning the same everywhere (held-out accuracy, checks, deferral calibration); strength and
//   reliability decide contested comparisons, and a tie-dominated comparison trains towards 0.5.
// - Criterion (a run's rubric): each verdict's choice and strength are its verdict on that criterion
//   (judgment_criteria), so consensus and reliability are the criterion's; a verdict without one is left out (counted).
import type Database from 'better-sqlite3';
import { criterionChoices } from '../db/criterion-verdicts';
import { eachComparisonItemRow, eachUsableVerdict } from '../db/training-data';
import type { PairTable } from '../engine/pair-table';
import { consensusTarget, evaluatorReliability, type Combine, type Source, type Verdict } from './consensus';
import { onCriterion } from './criterion';

/** The engine's pair table (engine/pair-table.ts) with the verdicts behind each target. */
export interface ComparisonTable extends PairTable {
  /** The number of verdicts behind each target. */
  votes: Uint32Array;
  judgmentCount: number;
  /** The judgments behind the targets, for the model's provenance, and the comparison each one judges. */
  judgmentIds: string[];
  judgmentComparisonIds: string[];
  evaluatorIds: string[];
  /** Judgments used per source, and usable judgments in scope left out because their source was not included (or,
   *  training on a criterion, because they have no verdict on it). */
  sources: Record<Source, number>;
  leftOut: { simulated: number; model: number; withoutCriterion: number };
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
  /** Labels from this criterion of the run's rubric instead of the judgments' own choices. */
  criterion?: { runId: string; key: string };
}

/** The order of ids, as SQLite's ORDER BY id would sort them (ids are ASCII); rows come in rowid order (db/training-data.ts). */
const idOrder = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** The usable verdicts in scope, each with its source, by judgment id. */
function usableVerdicts(db: Database.Database, inScope: (comparisonId: string) => boolean, comparisonIds?: readonly string[]): Verdict[] {
  const verdicts: Verdict[] = [];
  eachUsableVerdict(db, comparisonIds, ([judgmentId, comparisonId, evaluatorId, choice, strength, source]) => {
    if (inScope(comparisonId)) verdicts.push({ judgmentId, comparisonId, evaluatorId, choice, strength: strength ?? 2, source });
  });
  return verdicts.sort((x, y) => idOrder(x.judgmentId, y.judgmentId));
}

/** The comparisons kept, in store order, compactly: each one's id, and its prompt and responses as rows of tables of
 *  the distinct ones read (a text shared by several comparisons is held once; no object per comparison is kept). */
interface KeptComparisons {
  ids: string[];
  prompt: number[];
  a: number[];
  b: number[];
  promptTexts: string[];
  items: { ids: string[]; texts: string[]; embeddings: (Buffer | null)[]; dims: (number | null)[] };
}

/** The row of `key` in `rows` (rows are numbered as keys first come), `add`ing its data the first time. */
function rowOf(rows: Map<string, number>, key: string, add: () => void): number {
  let row = rows.get(key);
  if (row === undefined) {
    rows.set(key, (row = rows.size));
    add();
  }
  return row;
}

/** Reads the comparisons `keep` accepts, one row at a time. */
function keptComparisons(db: Database.Database, datasetId: string | undefined, listed: readonly string[] | undefined, keep: (comparisonId: string) => boolean): KeptComparisons {
  const kept: KeptComparisons = { ids: [], prompt: [], a: [], b: [], promptTexts: [], items: { ids: [], texts: [], embeddings: [], dims: [] } };
  const { items } = kept;
  const promptRow = new Map<string, number>(), itemRow = new Map<string, number>();
  const itemRowOf = (id: string, text: string, emb: Buffer | null, dim: number | null) =>
    rowOf(itemRow, id, () => {
      items.ids.push(id);
      items.texts.push(text);
      items.embeddings.push(emb);
      items.dims.push(dim);
    });
  eachComparisonItemRow(db, datasetId, listed, ([id, promptId, prompt, aId, aText, aEmb, aDim, bId, bText, bEmb, bDim]) => {
    if (!keep(id)) return;
    kept.ids.push(id);
    kept.prompt.push(rowOf(promptRow, promptId, () => kept.promptTexts.push(prompt)));
    kept.a.push(itemRowOf(aId, aText, aEmb, aDim));
    kept.b.push(itemRowOf(bId, bText, bEmb, bDim));
  });
  return kept;
}

/** Every comparison (optionally of one dataset, or of the given ids) with its target; `judgedOnly` keeps those with usable verdicts. */
export function loadComparisons(db: Database.Database, options: LoadOptions): ComparisonTable {
  const weightOf = (comparisonId: string) => options.comparisonWeight?.get(comparisonId) ?? 1;
  const inScope = (comparisonId: string) => (!options.comparisonIds || options.comparisonIds.has(comparisonId)) && weightOf(comparisonId) > 0;
  // Given ids are looked up, not filtered out of a pass over the whole store.
  const listed = options.comparisonIds ? [...options.comparisonIds] : undefined;
  const all = usableVerdicts(db, inScope, listed);
  const included = (v: Verdict) => v.source === 'human' || (v.source === 'simulated' && !!options.includeSimulated) || (v.source === 'model' && !!options.includeModelJudgments);
  const sourced = all.filter(included);
  // on a criterion, its verdict's strength weighs the vote (unspecified counts 2)
  const verdicts = options.criterion
    ? onCriterion(sourced, criterionChoices(db, options.criterion.runId, options.criterion.key), (v, on) => ({ ...v, choice: on.choice, strength: on.strength ?? 2 }))
    : sourced;
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
  const kept = keptComparisons(db, options.datasetId, listed, (id) => inScope(id) && (!options.judgedOnly || tally.has(id)));
  const evaluatorIds = [...evaluators].sort();
  const table: ComparisonTable = {
    comparisonIds: [], group: new Uint32Array(0), prompts: [], responses: [], responseIds: [], promptIndex: new Uint32Array(0),
    embeddings: null, a: new Uint32Array(0), b: new Uint32Array(0), target: new Float32Array(0), votes: new Uint32Array(0),
    weight: new Float32Array(0), judgmentCount: verdicts.length, judgmentIds: verdicts.map((v) => v.judgmentId),
    judgmentComparisonIds: verdicts.map((v) => v.comparisonId), evaluatorIds, sources,
    leftOut: {
      simulated: all.filter((v) => v.source === 'simulated' && !options.includeSimulated).length,
      model: all.filter((v) => v.source === 'model' && !options.includeModelJudgments).length,
      withoutCriterion: sourced.length - verdicts.length,
    },
    evaluatorWeights: Object.fromEntries(evaluatorIds.map((id) => [id, evaluatorWeight(id)])),
  };
  // In id order, prompts and items numbered as they first appear.
  const { items, promptTexts } = kept;
  const byIdOrder = Uint32Array.from(kept.ids.keys()).sort((x, y) => idOrder(kept.ids[x], kept.ids[y]));
  const promptIndexOf = new Int32Array(promptTexts.length).fill(-1), itemIndexOf = new Int32Array(items.ids.length).fill(-1);
  const itemPrompt: number[] = [], group: number[] = [], a: number[] = [], b: number[] = [], target: number[] = [], count: number[] = [], weight: number[] = [];
  const embeddings: (Buffer | null)[] = [], dims: (number | null)[] = [];
  const item = (row: number, prompt: number) => {
    if (itemIndexOf[row] < 0) {
      itemIndexOf[row] = table.responses.length;
      table.responses.push(items.texts[row]);
      table.responseIds.push(items.ids[row]);
      itemPrompt.push(prompt);
      embeddings.push(items.embeddings[row]);
      dims.push(items.dims[row]);
    }
    return itemIndexOf[row];
  };
  for (const k of byIdOrder) {
    const id = kept.ids[k];
    const t = tally.get(id);
    const row = kept.prompt[k];
    if (promptIndexOf[row] < 0) {
      promptIndexOf[row] = table.prompts.length;
      table.prompts.push(promptTexts[row]);
    }
    const p = promptIndexOf[row];
    table.comparisonIds.push(id);
    group.push(p);
    a.push(item(kept.a[k], p));
    b.push(item(kept.b[k], p));
    target.push(t ? consensusTarget(t.A, t.B, t.tie) : NaN);
    count.push(t ? t.n : 0);
    weight.push(weightOf(id));
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
