// Real data: PandaLM's human-annotated test set. Consensus of the three annotators (majority; ties and
// three-way splits left out), text featurizer, the CLI's training recipe, 5-fold cross-validation grouped by
// prompt (170 prompts; the same responses recur across a prompt's comparisons, so pair-level folds would leak). The
// accuracy is reported next to always-prefer-the-longer-response on the same folds; the test asserts it beats it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featurize, train } from '../../electron/core/engine';
import { pairMetrics } from '../../electron/core/engine/metrics';
import { judgmentFeaturizer, judgmentTraining, shuffledIndices } from '../../electron/core/engine/recipe';
import { sharedDataDir } from '../helpers/store';

const dataDir = sharedDataDir();
const file = dataDir ? join(dataDir, 'pandalm', 'testset-v1.json') : null;

interface Record {
  instruction: string;
  input: string;
  response1: unknown;
  response2: unknown;
  annotator1: number;
  annotator2: number;
  annotator3: number;
}

describe.skipIf(!file)('PandaLM (real human judgments)', () => {
  if (!file) console.log('skipped: ../shared/data/pandalm is absent (set RUNG_SHARED_DATA)');

  it('5-fold CV accuracy of the text model beats always-prefer-the-longer-response', async () => {
    const records = JSON.parse(readFileSync(file!, 'utf8')) as Record[];
    const prompts: string[] = [], responses: string[] = [], target: number[] = [], group: number[] = [];
    const promptIds = new Map<string, number>();
    for (const r of records) {
      if (typeof r.response1 !== 'string' || typeof r.response2 !== 'string') continue; // 6 records have a boolean response
      const votes = [r.annotator1, r.annotator2, r.annotator3];
      const label = [0, 1, 2].find((l) => votes.filter((v) => v === l).length >= 2);
      if (label === undefined || label === 0) continue;
      const prompt = r.input ? `${r.instruction}\n${r.input}` : r.instruction;
      prompts.push(prompt);
      responses.push(r.response1, r.response2);
      target.push(label === 1 ? 1 : 0);
      if (!promptIds.has(prompt)) promptIds.set(prompt, promptIds.size);
      group.push(promptIds.get(prompt)!);
    }
    const n = target.length;
    const items = await featurize({ prompts, responses, promptIndex: Uint32Array.from(responses, (_, i) => i >> 1) }, judgmentFeaturizer);
    const folds = 5;
    const foldOfGroup = new Uint32Array(promptIds.size);
    shuffledIndices(promptIds.size, 7).forEach((g, i) => (foldOfGroup[g] = i % folds));
    const all = Uint32Array.from({ length: n }, (_, p) => p);
    const prob = new Float64Array(n);
    for (let f = 0; f < folds; f++) {
      const test = all.filter((p) => foldOfGroup[group[p]] === f), trainIdx = all.filter((p) => foldOfGroup[group[p]] !== f);
      const pairs = (idx: Uint32Array) => ({
        a: idx.map((p) => 2 * p),
        b: idx.map((p) => 2 * p + 1),
        target: Float32Array.from(idx, (p) => target[p]),
      });
      const { model } = await train(items, pairs(trainIdx), { ...judgmentTraining, seed: 100 + f });
      const scored = await model.scorePairs(items, pairs(test));
      test.forEach((p, i) => (prob[p] = scored.prob[i]));
    }
    const m = pairMetrics(prob, target, Array.from(target, (_, p) => responses[2 * p].length), Array.from(target, (_, p) => responses[2 * p + 1].length));
    console.log(
      `PandaLM, ${n} consensus pairs (ties excluded), 5-fold CV grouped by prompt: accuracy ${(m.accuracy! * 100).toFixed(1)}%, ` +
        `log loss ${m.logLoss!.toFixed(3)}, ECE ${m.ece!.toFixed(3)}; always-prefer-the-longer-response ${(m.lengthBaselineAccuracy! * 100).toFixed(1)}%`,
    );
    expect(m.accuracy!).toBeGreaterThan(m.lengthBaselineAccuracy!);
  });
});
