// Each import format on small files written by the test: what lands in the store, and --format auto detection.
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset, type ImportProgress } from '../../electron/core/datasets/import';
import { importProgressLine } from '../../electron/cli/main';
import { countRows } from '../../electron/core/db/stats';
import { listDatasets } from '../../electron/core/db/datasets';
import { contentId } from '../../electron/core/ids';
import { jsonl, tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

const winners = () =>
  t.store.db
    .prepare(
      `SELECT p.text AS prompt, CASE j.choice WHEN 'A' THEN ra.text WHEN 'B' THEN rb.text END AS winner, e.name AS evaluator
       FROM judgments j JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id
       JOIN evaluators e ON e.id = j.evaluator_id ORDER BY p.text`,
    )
    .all() as { prompt: string; winner: string; evaluator: string }[];

describe('TRL JSONL', () => {
  it('stores each line as a comparison and a judgment for the chosen response', async () => {
    const path = t.file(
      'prefs.jsonl',
      jsonl([
        { prompt: 'p1', chosen: 'zzz good', rejected: 'aaa bad' },
        { prompt: 'p2', chosen: 'aaa good', rejected: 'zzz bad' },
      ]),
    );
    const summary = await importDataset(t.store, { path });
    expect(summary).toMatchObject({ format: 'trl', records: 2, comparisonsAdded: 2, judgmentsAdded: 2, evaluatorsAdded: 1 });
    expect(winners()).toEqual([
      { prompt: 'p1', winner: 'zzz good', evaluator: 'prefs (source labels)' },
      { prompt: 'p2', winner: 'aaa good', evaluator: 'prefs (source labels)' },
    ]);
    // The chosen response is not always on side A.
    const sides = t.store.db.prepare('SELECT choice FROM judgments ORDER BY choice').all() as { choice: string }[];
    expect(sides.map((s) => s.choice)).toEqual(['A', 'B']);
  });

  it('reads conversational message lists', async () => {
    const path = t.file(
      'chat.jsonl',
      jsonl([
        {
          prompt: [{ role: 'user', content: 'Hi?' }],
          chosen: [{ role: 'assistant', content: 'Hello!' }],
          rejected: [{ role: 'assistant', content: 'Go away.' }],
        },
      ]),
    );
    await importDataset(t.store, { path });
    expect(winners()).toEqual([{ prompt: 'user: Hi?', winner: 'assistant: Hello!', evaluator: 'chat (source labels)' }]);
  });
});

describe('HH-RLHF', () => {
  it('splits the shared dialogue prefix into the prompt, also from .jsonl.gz', async () => {
    const rows = [
      {
        chosen: '\n\nHuman: What is 2+2?\n\nAssistant: It is 4.',
        rejected: '\n\nHuman: What is 2+2?\n\nAssistant: It is 5.',
      },
      {
        chosen: '\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Bye\n\nAssistant: Goodbye, take care.',
        rejected: '\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Bye\n\nAssistant: Whatever.',
      },
    ];
    const path = t.file('hh.jsonl.gz', gzipSync(jsonl(rows)));
    const summary = await importDataset(t.store, { path });
    expect(summary).toMatchObject({ format: 'hh-rlhf', name: 'hh', comparisonsAdded: 2 });
    expect(winners()).toEqual([
      { prompt: 'Human: Hi\n\nAssistant: Hello\n\nHuman: Bye\n\nAssistant:', winner: 'Goodbye, take care.', evaluator: 'hh (source labels)' },
      { prompt: 'Human: What is 2+2?\n\nAssistant:', winner: 'It is 4.', evaluator: 'hh (source labels)' },
    ]);
  });
});

describe("Rung's own JSONL", () => {
  it('keeps layer, segments, embeddings, ground truth, metadata and judgments', async () => {
    const path = t.file(
      'own.jsonl',
      jsonl([
        {
          id: 'q1',
          prompt: 'Add 2 and 3.',
          response_a: 'Step 1: 2+3=5.',
          response_b: 'Step 1: 2+3=6.',
          layer: 1,
          segments: { a: ['Step 1: 2+3=5.'], b: ['Step 1: 2+3=6.'] },
          embedding: { a: [0.5, -1, 2], b: [1, 0, 0.25] },
          ground_truth: 'A',
          metadata: { topic: 'arithmetic' },
          judgments: [
            { evaluator: 'alice', choice: 'A', strength: 3, confidence: 0.9, rationale: '6 is wrong' },
            { evaluator: 'rm0', kind: 'model', choice: 'tie' },
          ],
        },
      ]),
    );
    const summary = await importDataset(t.store, { path }, { format: 'rung' });
    expect(summary).toMatchObject({ format: 'rung', comparisonsAdded: 1, judgmentsAdded: 2, evaluatorsAdded: 2 });
    const db = t.store.db;
    const c = db.prepare('SELECT layer, ground_truth, metadata FROM comparisons').get() as Record<string, unknown>;
    expect(c).toEqual({ layer: 1, ground_truth: 'A', metadata: '{"topic":"arithmetic"}' });
    const r = db.prepare(`SELECT segments, embedding, embedding_dim FROM responses WHERE text = 'Step 1: 2+3=5.'`).get() as {
      segments: string;
      embedding: Buffer;
      embedding_dim: number;
    };
    expect(JSON.parse(r.segments)).toEqual(['Step 1: 2+3=5.']);
    expect(r.embedding_dim).toBe(3);
    expect(Array.from(new Float32Array(r.embedding.buffer.slice(r.embedding.byteOffset, r.embedding.byteOffset + 12)))).toEqual([0.5, -1, 2]);
    const judgments = db
      .prepare('SELECT e.name, e.kind, j.choice, j.strength, j.confidence, j.rationale, j.origin FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id ORDER BY e.name')
      .all();
    expect(judgments).toEqual([
      { name: 'alice', kind: 'human', choice: 'A', strength: 3, confidence: 0.9, rationale: '6 is wrong', origin: 'import' },
      { name: 'rm0', kind: 'model', choice: 'tie', strength: null, confidence: null, rationale: null, origin: 'import' },
    ]);
  });

  it('joins imported judgments onto an evaluator that already exists by name', async () => {
    const first = t.file('a.jsonl', jsonl([{ prompt: 'p', response_a: 'x', response_b: 'y', judgments: [{ evaluator: 'alice', choice: 'A' }] }]));
    const second = t.file('b.jsonl', jsonl([{ prompt: 'q', response_a: 'x', response_b: 'y', judgments: [{ evaluator: 'alice', choice: 'B' }] }]));
    await importDataset(t.store, { path: first });
    const summary = await importDataset(t.store, { path: second });
    expect(summary.evaluatorsAdded).toBe(0);
    expect(summary.judgmentsAdded).toBe(1);
    expect(countRows(t.store.db).evaluators).toBe(1);
  });
});

describe('identity and idempotency', () => {
  it('a second file sharing comparisons adds only the new ones', async () => {
    const a = t.file('one.jsonl', jsonl([{ prompt: 'p', chosen: 'x', rejected: 'y' }]));
    const b = t.file('two.jsonl', jsonl([{ prompt: 'p', chosen: 'x', rejected: 'y' }, { prompt: 'p', chosen: 'x', rejected: 'z' }]));
    await importDataset(t.store, { path: a });
    const summary = await importDataset(t.store, { path: b });
    expect(summary).toMatchObject({ alreadyImported: false, comparisonsAdded: 1, comparisonsExisting: 1 });
    expect(countRows(t.store.db).comparisons).toBe(2);
    expect(countRows(t.store.db).datasets).toBe(2);
    // Both files hold the shared comparison: the first as its origin, the second through dataset_items.
    expect(listDatasets(t.store.db).map((d) => [d.name, d.comparisons])).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
    expect(t.store.db.prepare('SELECT dataset_id, line FROM dataset_items').all()).toEqual([{ dataset_id: summary.datasetId, line: 1 }]);
  });

  it('a record repeated within a file is one comparison of that file, at its first line', async () => {
    const file = t.file('twice.jsonl', jsonl([{ prompt: 'p', chosen: 'x', rejected: 'y' }, { prompt: 'q', chosen: 'x', rejected: 'y' }, { prompt: 'p', chosen: 'x', rejected: 'y' }]));
    const summary = await importDataset(t.store, { path: file });
    expect(summary).toMatchObject({ records: 3, comparisonsAdded: 2, comparisonsExisting: 1 });
    expect(t.store.db.prepare('SELECT line FROM comparisons ORDER BY line').all()).toEqual([{ line: 1 }, { line: 2 }]);
    expect(t.store.db.prepare('SELECT count(*) AS n FROM dataset_items').get()).toEqual({ n: 0 });
    expect(listDatasets(t.store.db).map((d) => d.comparisons)).toEqual([2]);
  });

  it('skips, with a warning, a record whose two responses are the same text, in every format', async () => {
    const files = [
      t.file('t.jsonl', jsonl([{ prompt: 'p', chosen: 'x', rejected: 'y' }, { prompt: 'p', chosen: 'same', rejected: 'same' }])),
      t.file('h.jsonl', jsonl([{ chosen: '\n\nHuman: hi\n\nAssistant: hello', rejected: '\n\nHuman: hi\n\nAssistant: hello' }, { chosen: '\n\nHuman: hi\n\nAssistant: a', rejected: '\n\nHuman: hi\n\nAssistant: b' }])),
      t.file('r.jsonl', jsonl([{ prompt: 'p', response_a: 'r', response_b: 'r', judgments: [{ evaluator: 'ann', choice: 'A' }] }, { prompt: 'p', response_a: 'r', response_b: 's' }])),
      t.file('l.json', JSON.stringify([{ input: 'i', output_1: 'o', output_2: 'o', label: 1 }, { input: 'i', output_1: 'o', output_2: 'q', label: 2 }])),
      t.file('pl.json', JSON.stringify([{ idx: 1, instruction: 'i', input: '', response1: 'z', response2: 'z', annotator1: 1, annotator2: 0, annotator3: 1 }, { idx: 2, instruction: 'i', input: '', response1: 'z', response2: 'w', annotator1: 1, annotator2: 2, annotator3: 1 }])),
    ];
    const expected = [
      ['t', 'trl', 2, 'rejected', 'chosen'],
      ['h', 'hh-rlhf', 1, 'rejected', 'chosen'],
      ['r', 'rung', 1, 'response_b', 'response_a'],
      ['l', 'llmbar', 1, 'output_2', 'output_1'],
      ['pl', 'pandalm', 1, 'response2', 'response1'],
    ] as const;
    for (const [i, [name, format, line, field, other]] of expected.entries()) {
      const summary = await importDataset(t.store, { path: files[i] });
      expect(summary, name).toMatchObject({ format, records: 2, recordsSkipped: 1, comparisonsAdded: 1, comparisonsExisting: 0 });
      expect(summary.warnings).toEqual([`${files[i]}:${line}: ${field}: the same text as ${other}: nothing to compare; record skipped`]);
    }
    // no comparison of a response with itself was stored, nor the judgments that came with one
    expect(t.store.db.prepare('SELECT count(*) AS n FROM comparisons WHERE response_a_id = response_b_id').get()).toEqual({ n: 0 });
    expect(countRows(t.store.db)).toMatchObject({ comparisons: 5 });
    expect(t.store.db.prepare("SELECT count(*) AS n FROM evaluators WHERE name = 'ann'").get()).toEqual({ n: 0 });
  });

  it('refuses a file whose every record compares a response with itself, keeping nothing', async () => {
    const path = t.file('self.jsonl', jsonl([{ prompt: 'p', chosen: 'x', rejected: 'x' }, { prompt: 'q', chosen: 'y', rejected: 'y' }]));
    await expect(importDataset(t.store, { path })).rejects.toThrow(`${path}: each of its 2 records compares a response with itself: nothing to import`);
    expect(countRows(t.store.db)).toMatchObject({ comparisons: 0, judgments: 0, evaluators: 0 });
    expect(listDatasets(t.store.db)).toEqual([]);
  });

  it('records of millions of characters import whole, over several staging batches, with the ids contentId gives', async () => {
    const long = (i: number, side: string) => `${side}${i} `.repeat(1_500_000); // ~6M characters
    const rows = [0, 1, 2, 3].map((i) => ({ prompt: `long ${i}`, chosen: long(i, 'yes'), rejected: long(i, 'no') }));
    const summary = await importDataset(t.store, { path: t.file('long.jsonl', jsonl(rows)) });
    expect(summary).toMatchObject({ records: 4, comparisonsAdded: 4, judgmentsAdded: 4 });
    const stored = t.store.db.prepare('SELECT r.id, length(r.text) AS n FROM responses r ORDER BY n').all() as { id: string; n: number }[];
    expect(stored.map((r) => r.n)).toEqual([...rows.flatMap((r) => [r.chosen.length, r.rejected.length])].sort((x, y) => x - y));
    const promptId = contentId('prompt', 'long 2');
    expect(stored.map((r) => r.id)).toContain(contentId('response', promptId, rows[2].chosen));
  });

  it('ids are derived from content, so two databases agree on them', async () => {
    const rows = jsonl([{ prompt: 'p', chosen: 'x', rejected: 'y' }]);
    await importDataset(t.store, { fileName: 'x.jsonl', bytes: Buffer.from(rows) });
    const other = tempStore();
    try {
      await importDataset(other.store, { fileName: 'x.jsonl', bytes: Buffer.from(rows) });
      const ids = (s: TempStore) => s.store.db.prepare('SELECT id FROM comparisons UNION ALL SELECT id FROM judgments').all();
      expect(ids(other)).toEqual(ids(t));
    } finally {
      other.cleanup();
    }
  });

  it('reads a JSON array file and a JSONL file with blank lines and a BOM', async () => {
    const arr = t.file('arr.json', JSON.stringify([{ prompt: 'p', chosen: 'x', rejected: 'y' }, { prompt: 'q', chosen: 'x', rejected: 'y' }], null, 2));
    const lines = t.file('lines.jsonl', '\ufeff' + jsonl([{ prompt: 'r', chosen: 'x', rejected: 'y' }]) + '\n\n' + jsonl([{ prompt: 's', chosen: 'x', rejected: 'y' }]));
    expect((await importDataset(t.store, { path: arr })).comparisonsAdded).toBe(2);
    expect((await importDataset(t.store, { path: lines })).comparisonsAdded).toBe(2);
  });
});

describe('progress', () => {
  it('reports records and bytes as it reads, then the writing phase with the records written, and the CLI turns them into one status line', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ prompt: `p${i}`, chosen: `yes ${i}`, rejected: `no ${i}` }));
    const path = t.file('progress.jsonl', jsonl(rows));
    const size = statSync(path).size;
    const seen: ImportProgress[] = [];
    await importDataset(t.store, { path }, { onProgress: (p) => seen.push(p) });
    // the writing phase starts with nothing written and ends with every record written
    const writing = seen.filter((p) => p.phase === 'writing');
    expect(writing[0]).toEqual({ phase: 'writing', records: 3000, bytes: size, totalBytes: size });
    expect(seen.at(-1)).toEqual({ phase: 'writing', records: 3000, bytes: size, totalBytes: size, written: 3000 });
    expect(seen.findIndex((p) => p.phase === 'writing')).toBe(seen.length - writing.length); // no reading after writing
    for (const [i, p] of seen.entries()) {
      expect(p.totalBytes).toBe(size);
      expect(p.bytes).toBeLessThanOrEqual(size);
      if (i > 0) expect(p.records).toBeGreaterThanOrEqual(seen[i - 1].records);
      if (i > 0 && p.written !== undefined) expect(p.written).toBeGreaterThanOrEqual(seen[i - 1].written ?? 0);
    }
    expect(importProgressLine('big.jsonl', { phase: 'reading', records: 120_000, bytes: 31_000_000, totalBytes: 48_500_000 })).toBe(
      'big.jsonl: 120,000 records read, 31.0 of 48.5 MB (63%)',
    );
    expect(importProgressLine('big.jsonl', { phase: 'writing', records: 200_000, bytes: 48_500_000, totalBytes: 48_500_000 })).toBe(
      'big.jsonl: writing 200,000 records to the database…',
    );
    expect(importProgressLine('big.jsonl', { phase: 'writing', records: 200_000, bytes: 48_500_000, totalBytes: 48_500_000, written: 120_000 })).toBe(
      'big.jsonl: writing 200,000 records to the database… 120,000 written (60%)',
    );
  });
});
