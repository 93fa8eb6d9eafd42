// Training data from the database: human consensus per comparison, the distinct responses as the item table,
// their texts (for the featurizer) or embeddings, and splits grouped by prompt so no prompt's responses sit
// on both sides of a split.
import type Database from 'better-sqlite3';
import { shuffledIndices } from './recipe';

/**
 * Consensus of a comparison's human verdicts (skips, retracted judgments, judgments excluded from training and
 * position-check repeats ignored; imported judgments count when their evaluator's kind is 'human'): target 1 if A has more votes than B and ties, 0 for B likewise,
 * 0.5 when ties outnumber both or A and B are level.
 */
export function consensusTarget(votesA: number, votesB: number, votesTie: number): number {
  if (votesTie > Math.max(votesA, votesB) || votesA === votesB) return 0.5;
  return votesA > votesB ? 1 : 0;
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
  /** consensus targets (NaN where a comparison has no human verdicts) and the number of human verdicts */
  target: Float32Array;
  votes: Uint32Array;
  judgmentCount: number;
  /** The judgments behind the targets, for the model's provenance. */
  judgmentIds: string[];
  evaluatorIds: string[];
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

/** Every comparison (optionally of one dataset) with its consensus; `judgedOnly` keeps those with human verdicts. */
export function loadComparisons(db: Database.Database, options: { judgedOnly: boolean; datasetId?: string; comparisonIds?: ReadonlySet<string> }): ComparisonTable {
  const usable = `FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id
        WHERE e.kind = 'human' AND j.choice IN ('A', 'B', 'tie') AND j.retracted_at IS NULL AND j.excluded_at IS NULL AND j.repeat_of IS NULL`;
  const votes = db
    .prepare(`SELECT j.comparison_id AS id, j.choice AS choice, j.evaluator_id AS evaluator, COUNT(*) AS n ${usable} GROUP BY j.comparison_id, j.choice, j.evaluator_id`)
    .all() as { id: string; choice: 'A' | 'B' | 'tie'; evaluator: string; n: number }[];
  const inScope = (comparisonId: string) => !options.comparisonIds || options.comparisonIds.has(comparisonId);
  const judgmentIds = (db.prepare(`SELECT j.id, j.comparison_id AS comparisonId ${usable} ORDER BY j.id`).all() as { id: string; comparisonId: string }[])
    .filter((r) => inScope(r.comparisonId))
    .map((r) => r.id);
  const tally = new Map<string, { A: number; B: number; tie: number }>();
  const evaluators = new Set<string>();
  let judgmentCount = 0;
  for (const v of votes) {
    if (!inScope(v.id)) continue;
    const t = tally.get(v.id) ?? { A: 0, B: 0, tie: 0 };
    t[v.choice] += v.n;
    tally.set(v.id, t);
    evaluators.add(v.evaluator);
    judgmentCount += v.n;
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
        ${options.datasetId ? 'WHERE c.id IN (SELECT comparison_id FROM dataset_items WHERE dataset_id = ?)' : ''}
        ORDER BY c.id`,
    )
    .all(...(options.datasetId ? [options.datasetId] : [])) as Row[];
  const selected = options.comparisonIds ? rows.filter((r) => options.comparisonIds!.has(r.id)) : rows;
  const table: ComparisonTable = {
    comparisonIds: [], group: new Uint32Array(0), prompts: [], responses: [], responseIds: [], promptIndex: new Uint32Array(0),
    embeddings: null, a: new Uint32Array(0), b: new Uint32Array(0), target: new Float32Array(0), votes: new Uint32Array(0),
    judgmentCount, judgmentIds, evaluatorIds: [...evaluators].sort(),
  };
  const promptOf = new Map<string, number>(), itemOf = new Map<string, number>();
  const itemPrompt: number[] = [], group: number[] = [], a: number[] = [], b: number[] = [], target: number[] = [], count: number[] = [];
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
    count.push(t ? t.A + t.B + t.tie : 0);
  }
  table.group = Uint32Array.from(group);
  table.promptIndex = Uint32Array.from(itemPrompt);
  table.a = Uint32Array.from(a);
  table.b = Uint32Array.from(b);
  table.target = Float32Array.from(target);
  table.votes = Uint32Array.from(count);
  const dim = dims[0];
  if (dim && dims.every((d, i) => d === dim && embeddings[i]?.length === 4 * dim)) {
    const data = new Float32Array(dims.length * dim);
    embeddings.forEach((e, i) => data.set(new Float32Array(e!.buffer.slice(e!.byteOffset, e!.byteOffset + e!.length)), i * dim));
    table.embeddings = { dim, data };
  }
  return table;
}

/** Comparison indices split by prompt group: about `fraction` of the comparisons (whole prompts) go to the second part. */
export function splitByPrompt(group: Uint32Array, fraction: number, seed: number): { train: Uint32Array; test: Uint32Array } {
  const groups = Math.max(0, ...group) + 1;
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
  const groups = Math.max(0, ...group) + 1;
  const foldOf = new Uint32Array(groups);
  shuffledIndices(groups, seed).forEach((g, i) => (foldOf[g] = i % k));
  return Uint32Array.from(group, (g) => foldOf[g]);
}
