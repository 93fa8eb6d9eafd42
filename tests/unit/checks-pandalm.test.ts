// On the real PandaLM test set: the comparisons where the three annotators disagree come out as
// evaluator-disagreement flags (count computed independently from the file), and the agreement
// statistics match a direct computation from the file's labels.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../electron/core/checks/run';
import { liveHumanVerdicts } from '../../electron/core/db/verdicts';
import { importDataset } from '../../electron/core/datasets/import';
import { agreementReport } from '../../electron/core/metrics/evaluator-stats';
import { sharedDataDir, tempStore, type TempStore } from '../helpers/store';

const data = sharedDataDir();
if (!data) console.warn('skipping PandaLM checks: ../shared/data (or $RUNG_SHARED_DATA) is absent');

type Row = { annotator1: number; annotator2: number; annotator3: number };

describe.skipIf(!data)('checks on PandaLM', () => {
  let t: TempStore;
  let rows: Row[];
  beforeAll(async () => {
    t = tempStore();
    const path = join(data!, 'pandalm', 'testset-v1.json');
    rows = JSON.parse(readFileSync(path, 'utf8')) as Row[];
    await importDataset(t.store, { path });
  });
  afterAll(() => t.cleanup());

  it('flags exactly the records whose annotators disagree', async () => {
    const disagreeing = rows.filter((r) => !(r.annotator1 === r.annotator2 && r.annotator2 === r.annotator3)).length;
    const report = await runChecks(t.store);
    expect(report.found['evaluator-disagreement']).toBe(disagreeing);
    expect(report.byKind['evaluator-disagreement']).toBe(disagreeing);
    // Each annotator labels a record once, and the records compare two responses each: nothing else to flag.
    expect(report.found['self-inconsistency']).toBe(0);
    console.log(`PandaLM: ${disagreeing} of ${rows.length} comparisons have disagreeing annotators; ${report.found['intransitive-cycle']} intransitive cycles`);
  });

  it("agreement statistics match a direct computation from the file", () => {
    const report = agreementReport(liveHumanVerdicts(t.store.db));
    const names = (id: string) => report.evaluators.find((e) => e.evaluatorId === id)!.evaluator;
    const labels = (k: 1 | 2 | 3) => rows.map((r) => r[`annotator${k}` as const]);
    // Cohen's κ for each annotator pair, computed here over the three label values 0, 1, 2.
    for (const pair of report.pairs) {
      const [i, j] = [names(pair.a), names(pair.b)].map((n) => Number(n.slice(-1)) as 1 | 2 | 3);
      const x = labels(i);
      const y = labels(j);
      const po = x.filter((v, k) => v === y[k]).length / x.length;
      const pe = [0, 1, 2].reduce((sum, c) => sum + (x.filter((v) => v === c).length / x.length) * (y.filter((v) => v === c).length / y.length), 0);
      expect(pair.n).toBe(rows.length);
      expect(pair.kappa).toBeCloseTo((po - pe) / (1 - pe), 10);
    }
    expect(report.pairs).toHaveLength(3);
    // Agreement with the other two annotators' consensus, where those two agree.
    for (const e of report.evaluators) {
      const k = Number(e.evaluator.slice(-1)) as 1 | 2 | 3;
      const [o1, o2] = ([1, 2, 3] as const).filter((m) => m !== k);
      const judged = rows.filter((r) => r[`annotator${o1}`] === r[`annotator${o2}`]);
      const agree = judged.filter((r) => r[`annotator${k}`] === r[`annotator${o1}`]).length;
      expect(e.consensusCompared).toBe(judged.length);
      expect(e.consensusAgreement).toBeCloseTo(agree / judged.length, 10);
      expect(e.judgments).toBe(rows.length);
    }
    // Krippendorff's α for three raters with complete data equals 1 − (observed / expected) pairwise disagreement.
    const all = rows.flatMap((r) => [r.annotator1, r.annotator2, r.annotator3]);
    const n = all.length;
    const observed = rows.reduce((sum, r) => {
      const v = [r.annotator1, r.annotator2, r.annotator3];
      let d = 0;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) if (a !== b && v[a] !== v[b]) d++;
      return sum + d / 2;
    }, 0);
    const nc = [0, 1, 2].map((c) => all.filter((v) => v === c).length);
    const expected = nc.reduce((sum, c) => sum + c * (n - c), 0) / (n - 1);
    expect(report.alpha).toBeCloseTo(1 - observed / expected, 10);
    console.log(`PandaLM: Krippendorff's α = ${report.alpha?.toFixed(3)}, κ = ${report.pairs.map((p) => p.kappa?.toFixed(3)).join(', ')}`);
  });
});
