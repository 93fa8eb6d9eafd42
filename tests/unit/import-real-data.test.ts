// Imports the real shared data sets (PandaLM test set, LLMBar Natural) and checks counts against the files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { countRows } from '../../electron/core/db/stats';
import { sharedDataDir, tempStore, type TempStore } from '../helpers/store';

const data = sharedDataDir();
if (!data) console.warn('skipping real-data import tests: ../shared/data (or $RUNG_SHARED_DATA) is absent');

describe.skipIf(!data)('real data import', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  it('imports PandaLM: every record a comparison, every annotator label a judgment by its own evaluator', async () => {
    const path = join(data!, 'pandalm', 'testset-v1.json');
    const rows = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
    const labels = rows.flatMap((r) => Object.keys(r).filter((k) => /^annotator\d+$/.test(k)).map((k) => r[k]));

    const summary = await importDataset(t.store, { path });
    expect(summary.format).toBe('pandalm');
    expect(summary.records).toBe(rows.length);
    expect(summary.comparisonsAdded).toBe(999);
    expect(summary.judgmentsAdded).toBe(2997);
    expect(summary.judgmentsAdded).toBe(labels.length);
    expect(summary.evaluatorsAdded).toBe(3);
    // The file stores a few responses as JSON booleans; they are kept as text and reported.
    const booleans = rows.flatMap((r) => ['response1', 'response2'].filter((k) => typeof r[k] === 'boolean'));
    expect(summary.warnings).toHaveLength(booleans.length);
    expect(summary.warnings[0]).toMatch(/testset-v1\.json:\d+: response[12]: boolean true read as the text "true"/);

    const db = t.store.db;
    const byChoice = Object.fromEntries(
      (db.prepare('SELECT choice, count(*) AS n FROM judgments GROUP BY choice').all() as { choice: string; n: number }[]).map((r) => [r.choice, r.n]),
    );
    expect(byChoice).toEqual({
      tie: labels.filter((l) => l === 0).length,
      A: labels.filter((l) => l === 1).length,
      B: labels.filter((l) => l === 2).length,
    });
    // Spot-check one record end to end: its text and its three labels.
    const first = rows[0];
    const stored = db
      .prepare(
        `SELECT ra.text AS a, rb.text AS b, group_concat(e.name || '=' || j.choice, ',') AS labels
         FROM comparisons c JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id
         JOIN judgments j ON j.comparison_id = c.id JOIN evaluators e ON e.id = j.evaluator_id
         WHERE json_extract(c.metadata, '$.idx') = ? GROUP BY c.id`,
      )
      .get(first.idx) as { a: string; b: string; labels: string };
    expect(stored.a).toBe(first.response1);
    expect(stored.b).toBe(first.response2);
    const choice = (l: unknown) => ({ 0: 'tie', 1: 'A', 2: 'B' })[l as 0 | 1 | 2];
    expect(stored.labels.split(',').sort()).toEqual([
      `testset-v1 annotator1=${choice(first.annotator1)}`,
      `testset-v1 annotator2=${choice(first.annotator2)}`,
      `testset-v1 annotator3=${choice(first.annotator3)}`,
    ]);
  });

  it('imports LLMBar Natural with gold labels as ground truth', async () => {
    const path = join(data!, 'llmbar-natural', 'dataset.json');
    const rows = JSON.parse(readFileSync(path, 'utf8')) as { label: number }[];
    const summary = await importDataset(t.store, { path }, { format: 'auto' });
    expect(summary.format).toBe('llmbar');
    expect(summary.comparisonsAdded).toBe(100);
    expect(summary.judgmentsAdded).toBe(100);
    const truth = t.store.db.prepare(`SELECT count(*) AS n FROM comparisons WHERE ground_truth = 'A'`).get() as { n: number };
    expect(truth.n).toBe(rows.filter((r) => r.label === 1).length);
  });

  it('re-importing the same file adds nothing', async () => {
    const path = join(data!, 'llmbar-natural', 'dataset.json');
    await importDataset(t.store, { path });
    const before = countRows(t.store.db);
    const again = await importDataset(t.store, { path });
    expect(again.alreadyImported).toBe(true);
    expect(again.comparisonsAdded).toBe(0);
    expect(countRows(t.store.db)).toEqual(before);
  });
});
