// PandaLM's human-annotated test set as comparisons for accuracy measurements: the three annotators' consensus
// (majority; ties and three-way splits left out), responses in pairs, grouped by prompt; 5-fold cross-validation by
// prompt (the same responses recur across a prompt's comparisons, so pair-level folds would leak) with the CLI's
// training recipe, and both length heuristics on the same pairs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { train, type Items, type TrainOptions } from '../../electron/core/engine';
import { pairMetrics, type PairMetrics } from '../../electron/core/engine/metrics';
import { judgmentTraining, shuffledIndices } from '../../electron/core/engine/recipe';
import { sharedDataDir } from './store';

interface PandaRecord {
  instruction: string;
  input: string;
  response1: unknown;
  response2: unknown;
  annotator1: number;
  annotator2: number;
  annotator3: number;
}

/** Pair p compares responses[2p] (A) and responses[2p + 1] (B) under prompts[p]; target 1 when A won. */
export interface PandaPairs {
  prompts: string[];
  responses: string[];
  target: number[];
  group: number[];
  groups: number;
}

/** ../shared/data/pandalm/testset-v1.json, or null where the shared data is absent. */
export function pandalmFile(): string | null {
  const dir = sharedDataDir();
  return dir ? join(dir, 'pandalm', 'testset-v1.json') : null;
}

export function pandalmPairs(file: string): PandaPairs {
  const records = JSON.parse(readFileSync(file, 'utf8')) as PandaRecord[];
  const out: PandaPairs = { prompts: [], responses: [], target: [], group: [], groups: 0 };
  const promptIds = new Map<string, number>();
  for (const r of records) {
    if (typeof r.response1 !== 'string' || typeof r.response2 !== 'string') continue; // 6 records have a boolean response
    const votes = [r.annotator1, r.annotator2, r.annotator3];
    const label = [0, 1, 2].find((l) => votes.filter((v) => v === l).length >= 2);
    if (label === undefined || label === 0) continue;
    const prompt = r.input ? `${r.instruction}\n${r.input}` : r.instruction;
    out.prompts.push(prompt);
    out.responses.push(r.response1, r.response2);
    out.target.push(label === 1 ? 1 : 0);
    if (!promptIds.has(prompt)) promptIds.set(prompt, promptIds.size);
    out.group.push(promptIds.get(prompt)!);
  }
  out.groups = promptIds.size;
  return out;
}

/** Response i answers prompts[i >> 1]. */
export const promptIndexOf = (data: PandaPairs): Uint32Array => Uint32Array.from(data.responses, (_, i) => i >> 1);

/** Out-of-fold P(A ≻ B) of every pair, 5 folds by prompt, and its metrics (lengthBaselineAccuracy: prefer the longer). */
export async function crossValidate(items: Items, data: PandaPairs, folds = 5, recipe: TrainOptions = judgmentTraining): Promise<PairMetrics> {
  const n = data.target.length;
  const foldOfGroup = new Uint32Array(data.groups);
  shuffledIndices(data.groups, 7).forEach((g, i) => (foldOfGroup[g] = i % folds));
  const all = Uint32Array.from({ length: n }, (_, p) => p);
  const prob = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const test = all.filter((p) => foldOfGroup[data.group[p]] === f), trainIdx = all.filter((p) => foldOfGroup[data.group[p]] !== f);
    const pairs = (idx: Uint32Array) => ({ a: idx.map((p) => 2 * p), b: idx.map((p) => 2 * p + 1), target: Float32Array.from(idx, (p) => data.target[p]) });
    const { model } = await train(items, pairs(trainIdx), { ...recipe, seed: 100 + f });
    const scored = await model.scorePairs(items, pairs(test));
    test.forEach((p, i) => (prob[p] = scored.prob[i]));
  }
  return pairMetrics(prob, data.target, Array.from(data.target, (_, p) => data.responses[2 * p].length), Array.from(data.target, (_, p) => data.responses[2 * p + 1].length));
}

/** Accuracy of always preferring the longer, and the shorter, response (a tie in length counts half). */
export function lengthHeuristics(data: PandaPairs): { longer: number; shorter: number } {
  let longer = 0;
  data.target.forEach((t, p) => {
    const a = data.responses[2 * p].length, b = data.responses[2 * p + 1].length;
    longer += a === b ? 0.5 : (a > b) === (t === 1) ? 1 : 0;
  });
  const n = data.target.length;
  return { longer: longer / n, shorter: 1 - longer / n };
}
