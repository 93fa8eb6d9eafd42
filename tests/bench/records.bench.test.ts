// The Data page's record browser at scale: a store of RUNG_BENCH_RECORDS comparisons (default 1,000,000; the scale
// bench's data: three layers, as many judgments by 20 evaluators) and p50/p95 of listComparisons — a plain page (the
// baseline, beside which the rest print their ratio), pages deep in the store, pages filtered by an index (a run's
// layer, the data's sparse layer 0), filtered per row (an evaluator, their verdict), and text searches (rare: each call
// walks its row budget; common) — and of getComparison. Calls go through dispatch on one thread, as the job thread
// answers them. Prints figures, asserts nothing on time.
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { dispatch } from '../../electron/api';
import { createHandlers } from '../../electron/core/service';
import { openStore } from '../../electron/core/store';
import { tempDir } from '../helpers/store';
import { createScaleEvaluators, fillJudgments, fillScaleComparisons } from './scale-data';
import { fmt, percentile, report } from './stats';

const SCALE = Number(process.env.RUNG_BENCH_RECORDS ?? 1_000_000);
const REPEATS = Number(process.env.RUNG_BENCH_RECORDS_REPEATS ?? 40);

it(`the record browser at ${SCALE.toLocaleString('en-US')} comparisons`, async () => {
  const dir = tempDir();
  const dbPath = join(dir, 'records.db');
  const fillStarted = performance.now();
  fillScaleComparisons(dbPath, SCALE);
  const evaluators = createScaleEvaluators(dbPath, 20);
  fillJudgments(dbPath, evaluators);
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  const store = openStore(dbPath);
  const handlers = createHandlers(store, { mode: 'browser', version: 'bench' });
  const value = async (method: string, params: unknown): Promise<any> => {
    const result = await dispatch(handlers, method, params, () => undefined, { transport: 'http' });
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  try {
    const run = await value('createRun', { name: 'Bench', layers: [0, 1, 2].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })), actor: 'bench' });
    // Cursors spread over the store: call i starts at rowid (i + 0.5) / REPEATS of the way in.
    const cursors = Array.from({ length: REPEATS }, (_, i) => String(Math.floor(((i + 0.5) / REPEATS) * SCALE)));
    const ids = (await value('listComparisons', { limit: REPEATS })).rows.map((r: { id: string }) => r.id);
    const cases: [string, (i: number) => unknown, string][] = [
      ['plain page (first)', () => ({ limit: 50 }), 'listComparisons'],
      ['plain page (deep cursor)', (i) => ({ limit: 50, cursor: cursors[i] }), 'listComparisons'],
      ['run layer 1 (index)', (i) => ({ runId: run.id, layer: 1, limit: 50, cursor: cursors[i] }), 'listComparisons'],
      ['data layer 0, 2% (index)', (i) => ({ layer: 0, limit: 50, cursor: cursors[i] }), 'listComparisons'],
      ['evaluator, 5% (per row)', (i) => ({ evaluatorId: evaluators[i % 20], limit: 50, cursor: cursors[i] }), 'listComparisons'],
      ["evaluator's B verdicts (per row)", (i) => ({ evaluatorId: evaluators[i % 20], verdict: 'B', limit: 50, cursor: cursors[i] }), 'listComparisons'],
      ['text, rare (one budget)', (i) => ({ text: `PROMPT ${SCALE - 1 - i}:`, limit: 50, cursor: cursors[i] }), 'listComparisons'],
      ['text, common', (i) => ({ text: 'step 7', limit: 50, cursor: cursors[i] }), 'listComparisons'],
      ['getComparison', (i) => ({ id: ids[i % ids.length] }), 'getComparison'],
    ];
    const rows: [string, string][] = [];
    let baseline = NaN;
    for (const [name, params, method] of cases) {
      await value(method, params(0)); // warm the statement cache
      const times: number[] = [];
      let examined = 0;
      let found = 0;
      for (let i = 0; i < REPEATS; i++) {
        const started = performance.now();
        const result = await value(method, params(i));
        times.push(performance.now() - started);
        examined += result.examined ?? 0;
        found += result.rows?.length ?? 0;
      }
      times.sort((a, b) => a - b);
      const [p50, p95] = [percentile(times, 50), percentile(times, 95)];
      if (Number.isNaN(baseline)) baseline = p50;
      const walked = method === 'listComparisons' ? `, ${fmt(examined / REPEATS)} examined / ${fmt(found / REPEATS)} rows per call` : '';
      rows.push([name, `p50 ${fmt(p50, 1)} ms, p95 ${fmt(p95, 1)} ms (${fmt(p50 / baseline, 1)}× the plain page)${walked}`]);
    }
    report(`Record browser at ${fmt(SCALE)} comparisons (${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; filled in ${fmt(fillSeconds, 1)} s)`, rows);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
