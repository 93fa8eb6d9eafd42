// Merging a results bundle: N judgments (RUNG_BENCH_BUNDLE_JUDGMENTS, default 5,000; the figure is 100,000) into
// a database of C comparisons (RUNG_BENCH_BUNDLE_COMPARISONS, default 50,000; the 1,000,000): verification and
// merge time, judgments/s and peak memory (this process's max RSS), beside a same-run baseline that inserts the same
// rows with one plain INSERT each in one transaction (no checks, no merge rules). The bundle is written and read by path,
// streamed, and nothing here holds the rows: the peak RSS growth over the merge's start, printed at two bundle sizes
// (say N and 4N), shows whether memory stays flat over bundle size.
import { join } from 'node:path';
import { cpus } from 'node:os';
import { it } from 'vitest';
import type { BundleRecord } from '../../electron/core/bundles/format';
import { importBundle } from '../../electron/core/bundles/import';
import { generateKeyPair } from '../../electron/core/bundles/signing';
import { writeBundleFile } from '../../electron/core/bundles/write';
import { tempStore } from '../helpers/store';
import { fmt, report } from './stats';

const N = Number(process.env.RUNG_BENCH_BUNDLE_JUDGMENTS ?? 5_000);
const C = Number(process.env.RUNG_BENCH_BUNDLE_COMPARISONS ?? 50_000);

/** The same ids in both databases: a UUID from a kind digit and a number. */
const seqId = (kind: number, i: number) => `0000000${kind}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
/** i scattered over 32 bits (a bijection), so that ids land in the indexes in random order, as random UUIDs do. */
const scatter = (i: number, odd: number) => Math.imul(i, odd) >>> 0;

/** C comparisons written straight to the tables (what an import would leave, minus datasets); comparison i's id is seqId(4, i). */
function fill(db: import('better-sqlite3').Database): void {
  const now = new Date().toISOString();
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
    }
  })();
}

/** Judgment i of the bundle, the same every time it is asked for (the bundle and the baseline stream them, neither holds them). */
function judgmentRow(i: number, evaluatorId: string) {
  return {
    id: seqId(5, scatter(i, 0x9e3779b1)),
    comparison_id: seqId(4, (i * 7919) % C),
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
    request_id: seqId(6, scatter(i, 0x85ebca6b)),
    repeat_of: null,
    excluded_at: null,
    excluded_reason: null,
  };
}

const mb = (bytes: number) => bytes / 1024 / 1024;
/** This process's peak RSS so far, MB. */
const peakRss = () => process.resourceUsage().maxRSS / 1024;

it(`merges a results bundle of ${fmt(N)} judgments into ${fmt(C)} comparisons`, async () => {
  const t = tempStore();
  const base = tempStore();
  try {
    fill(t.store.db);
    fill(base.store.db);
    const evaluatorId = globalThis.crypto.randomUUID();
    const evaluator = { id: evaluatorId, kind: 'human', name: 'Ada', domains: '[]', source: null, created_at: new Date().toISOString(), simulated: null };
    const signer = { id: globalThis.crypto.randomUUID(), ...generateKeyPair() };
    function* records(): Generator<BundleRecord> {
      yield { type: 'evaluators', row: evaluator };
      for (let i = 0; i < N; i++) yield { type: 'judgments', row: judgmentRow(i, evaluatorId) };
    }
    const path = join(t.dir, 'bench.rungbundle');
    const written = performance.now();
    const { bytes } = writeBundleFile({ kind: 'results', evaluator: { id: evaluatorId, name: 'Ada' }, runIds: [], records: records() }, signer, new Date().toISOString(), path);
    const writeSeconds = (performance.now() - written) / 1000;

    const rssStart = mb(process.memoryUsage().rss);
    const peakBefore = peakRss();
    const start = performance.now();
    const outcome = await importBundle(t.store.db, path, 'bench.rungbundle', { trust: true, actor: 'bench' });
    const seconds = (performance.now() - start) / 1000;
    const peakAfter = peakRss();
    if (outcome.added.judgments !== N) throw new Error(`merged ${outcome.added.judgments} of ${N} judgments`);
    // The merge's own peak shows only when it set a new one for the process; else it stayed under the earlier peak.
    const growth = peakAfter > peakBefore ? `${fmt(peakAfter - rssStart)} MB` : `≤ ${fmt(peakBefore - rssStart)} MB (no new process peak)`;

    // Baseline: the same rows, one plain INSERT each, in one transaction.
    base.store.db.prepare(`INSERT INTO evaluators (id, kind, name, domains, source, created_at) VALUES (?, 'human', 'Ada', '[]', NULL, ?)`).run(evaluatorId, evaluator.created_at);
    const columns = Object.keys(judgmentRow(0, evaluatorId));
    const insert = base.store.db.prepare(`INSERT INTO judgments (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const baseStart = performance.now();
    base.store.db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const row = judgmentRow(i, evaluatorId) as Record<string, unknown>;
        insert.run(...columns.map((c) => row[c]));
      }
    })();
    const baseSeconds = (performance.now() - baseStart) / 1000;

    report(`bundle merge: ${fmt(N)} judgments into ${fmt(C)} comparisons`, [
      ['CPU', `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`],
      ['bundle size', `${fmt(bytes / 1e6, 1)} MB (written, streamed, in ${fmt(writeSeconds, 2)} s)`],
      ['merge (verify, decompress, parse, check, write, commit)', `${fmt(seconds, 2)} s, ${fmt(N / seconds)} judgments/s`],
      ['baseline: plain INSERTs, one transaction', `${fmt(baseSeconds, 2)} s, ${fmt(N / baseSeconds)} judgments/s`],
      ['merge / baseline time', `${fmt(seconds / baseSeconds, 2)}×`],
      ['RSS at merge start; process peak before → after merge', `${fmt(rssStart)} MB; ${fmt(peakBefore)} → ${fmt(peakAfter)} MB`],
      ['peak RSS growth over the merge start', growth],
    ]);
  } finally {
    t.cleanup();
    base.cleanup();
  }
}, 3_600_000);
