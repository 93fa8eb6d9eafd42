// Merging a results bundle: N judgments (RUNG_BENCH_BUNDLE_JUDGMENTS, default 5,000; the figure is 100,000) into
// a database of C comparisons (RUNG_BENCH_BUNDLE_COMPARISONS, default 50,000; the 1,000,000): verification and
// merge time, judgments/s and peak memory (this process's max RSS), beside a same-run baseline that inserts the same
// rows with one plain INSERT each in one transaction (no checks, no merge rules).
import { cpus } from 'node:os';
import { it } from 'vitest';
import { writeBundle, type BundleRecord } from '../../electron/core/bundles/format';
import { importBundle } from '../../electron/core/bundles/import';
import { generateKeyPair } from '../../electron/core/bundles/signing';
import { tempStore } from '../helpers/store';
import { fmt, report } from './stats';

const N = Number(process.env.RUNG_BENCH_BUNDLE_JUDGMENTS ?? 5_000);
const C = Number(process.env.RUNG_BENCH_BUNDLE_COMPARISONS ?? 50_000);

/** The same ids in both databases: a UUID from a kind digit and a number. */
const seqId = (kind: number, i: number) => `0000000${kind}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** C comparisons written straight to the tables (what an import would leave, minus datasets). */
function fill(db: import('better-sqlite3').Database): string[] {
  const now = new Date().toISOString();
  const ids: string[] = [];
  const prompt = db.prepare('INSERT INTO prompts (id, text, created_at) VALUES (?, ?, ?)');
  const response = db.prepare('INSERT INTO responses (id, prompt_id, text, created_at) VALUES (?, ?, ?, ?)');
  const comparison = db.prepare('INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, layer, created_at) VALUES (?, ?, ?, ?, 0, ?)');
  db.transaction(() => {
    for (let i = 0; i < C; i++) {
      const p = seqId(1, i), a = seqId(2, i), b = seqId(3, i), c = seqId(4, i);
      prompt.run(p, `Question ${i}: what is ${i} plus 7?`, now);
      response.run(a, p, `It is ${i + 7}.`, now);
      response.run(b, p, `It is ${i + 8}.`, now);
      comparison.run(c, p, a, b, now);
      ids.push(c);
    }
  })();
  return ids;
}

function judgmentRows(comparisonIds: string[], evaluatorId: string) {
  return Array.from({ length: N }, (_, i) => ({
    id: globalThis.crypto.randomUUID(),
    comparison_id: comparisonIds[(i * 7919) % comparisonIds.length],
    evaluator_id: evaluatorId,
    choice: i % 3 === 0 ? 'B' : 'A',
    strength: 1 + (i % 3),
    confidence: null,
    rationale: i % 10 === 0 ? `step ${i % 5} is wrong` : null,
    duration_ms: 1500 + (i % 1000),
    left_side: i % 2 ? 'A' : 'B',
    assistance: null,
    sub_judgments: null,
    origin: 'ui',
    dataset_id: null,
    created_at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    retracted_at: i % 50 === 0 ? new Date(1_700_000_000_500 + i * 1000).toISOString() : null,
    request_id: globalThis.crypto.randomUUID(),
    repeat_of: null,
    excluded_at: null,
    excluded_reason: null,
  }));
}

it(`merges a results bundle of ${fmt(N)} judgments into ${fmt(C)} comparisons`, () => {
  const t = tempStore();
  const base = tempStore();
  try {
    const comparisonIds = fill(t.store.db);
    fill(base.store.db);
    const evaluatorId = globalThis.crypto.randomUUID();
    const evaluator = { id: evaluatorId, kind: 'human', name: 'Ada', domains: '[]', source: null, created_at: new Date().toISOString(), simulated: null };
    const rows = judgmentRows(comparisonIds, evaluatorId);
    const signer = { id: globalThis.crypto.randomUUID(), ...generateKeyPair() };
    const records: BundleRecord[] = [{ type: 'evaluators', row: evaluator }, ...rows.map((row) => ({ type: 'judgments', row }))];
    const written = performance.now();
    const bytes = writeBundle({ kind: 'results', evaluator: { id: evaluatorId, name: 'Ada' }, runIds: [], records }, signer, new Date().toISOString()).bytes;
    const writeSeconds = (performance.now() - written) / 1000;
    const rssBefore = process.resourceUsage().maxRSS / 1024;

    const start = performance.now();
    const outcome = importBundle(t.store.db, bytes, 'bench.rungbundle', { trust: true, actor: 'bench' });
    const seconds = (performance.now() - start) / 1000;
    const rssAfter = process.resourceUsage().maxRSS / 1024;
    if (outcome.added.judgments !== N) throw new Error(`merged ${outcome.added.judgments} of ${N} judgments`);

    // Baseline: the same rows, one plain INSERT each, in one transaction.
    base.store.db.prepare(`INSERT INTO evaluators (id, kind, name, domains, source, created_at) VALUES (?, 'human', 'Ada', '[]', NULL, ?)`).run(evaluatorId, evaluator.created_at);
    const columns = Object.keys(rows[0]);
    const insert = base.store.db.prepare(`INSERT INTO judgments (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const baseStart = performance.now();
    base.store.db.transaction(() => {
      for (const row of rows) insert.run(...columns.map((c) => (row as Record<string, unknown>)[c]));
    })();
    const baseSeconds = (performance.now() - baseStart) / 1000;

    report(`bundle merge: ${fmt(N)} judgments into ${fmt(C)} comparisons`, [
      ['CPU', `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`],
      ['bundle size', `${fmt(bytes.length / 1e6, 1)} MB (written in ${fmt(writeSeconds, 2)} s)`],
      ['merge (verify, parse, check, write, commit)', `${fmt(seconds, 2)} s, ${fmt(N / seconds)} judgments/s`],
      ['baseline: plain INSERTs, one transaction', `${fmt(baseSeconds, 2)} s, ${fmt(N / baseSeconds)} judgments/s`],
      ['merge / baseline time', `${fmt(seconds / baseSeconds, 2)}×`],
      ['peak RSS (process max) before → after merge', `${fmt(rssBefore)} → ${fmt(rssAfter)} MB`],
    ]);
  } finally {
    t.cleanup();
    base.cleanup();
  }
}, 3_600_000);
