// Every numbered migration has a test that migrates a database of the previous version holding data.
// A new migration must add its case here; the first test fails until it does.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/db/migrations';
import { latestVersion, migrate, schemaVersion } from '../../electron/core/db/migrate';
import { extendLayerMembers, layerCounts, layerMemberIds } from '../../electron/core/db/layer-members';
import { datasetSizeSql, inDatasetSql } from '../../electron/core/db/membership';
import { activeModelId, activeModelsOfRun } from '../../electron/core/db/models';
import { openStore } from '../../electron/core/store';
import { tempDir } from '../helpers/store';

/** Per migration: fill a database at version N-1 with data, then check it after migrating to N. */
const cases: Record<string, { seed: (db: Database.Database) => void; check: (db: Database.Database) => void }> = {
  '0001-initial': {
    // Version 0 is a blank file that another tool may already have opened; it holds an unrelated table.
    seed: (db) => db.exec(`CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept');`),
    check: (db) => {
      expect(db.prepare('SELECT text FROM notes').get()).toEqual({ text: 'kept' });
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
      for (const table of ['runs', 'layers', 'datasets', 'dataset_items', 'prompts', 'responses', 'comparisons', 'evaluators', 'judgments', 'models', 'flags', 'audit_log']) {
        expect(tables).toContain(table);
      }
      db.prepare(`INSERT INTO audit_log (at, actor, action, entity) VALUES ('t', 'a', 'x', 'y')`).run();
      expect(() => db.prepare('UPDATE audit_log SET actor = ?').run('b')).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    },
  },
  '0002-judging': {
    // A version 1 database with a comparison and a judgment made in the app.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e1', 'human', 'Ada', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, left_side, duration_ms, origin, created_at)
          VALUES ('j1', 'c1', 'e1', 'A', 'B', 1500, 'ui', 't');`),
    check: (db) => {
      // The old judgment is kept as it was, live (not retracted), with no request id and no repeat link.
      expect(db.prepare('SELECT choice, left_side, duration_ms, retracted_at, request_id, repeat_of FROM judgments').get()).toEqual({
        choice: 'A', left_side: 'B', duration_ms: 1500, retracted_at: null, request_id: null, repeat_of: null,
      });
      // Request ids are unique per evaluator; repeats link to their original; position checks and settings exist.
      db.prepare(`UPDATE judgments SET request_id = 'r1' WHERE id = 'j1'`).run();
      const insert = db.prepare(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, request_id, repeat_of) VALUES (?, 'c1', 'e1', 'B', 'ui', 't', ?, ?)`);
      expect(() => insert.run('j2', 'r1', null)).toThrow(/UNIQUE/);
      insert.run('j2', 'r2', 'j1');
      db.prepare(`INSERT INTO position_checks VALUES ('pc1', 'e1', 'c1', 'j1', 'A', 4, 't')`).run();
      expect(() => db.prepare(`INSERT INTO position_checks VALUES ('pc2', 'e1', 'c1', 'j1', 'A', 4, 't')`).run()).toThrow(/UNIQUE/);
      db.prepare(`INSERT INTO settings VALUES ('positionCheckShare', '0.1', 't')`).run();
    },
  },
  '0003-flags': {
    // A version 2 database holding a flag and a judgment.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e1', 'human', 'Ada', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j1', 'c1', 'e1', 'A', 'ui', 't');
        INSERT INTO flags (id, kind, dedupe_key, severity, comparison_id, created_at) VALUES ('f1', 'evaluator-disagreement', 'k1', 0.5, 'c1', 't');`),
    check: (db) => {
      expect(db.prepare('SELECT kind, status, evaluator_ids, model_ids, updated_at FROM flags').get()).toEqual({
        kind: 'evaluator-disagreement', status: 'open', evaluator_ids: '[]', model_ids: '[]', updated_at: null,
      });
      expect(db.prepare('SELECT choice, excluded_at, excluded_reason FROM judgments').get()).toEqual({ choice: 'A', excluded_at: null, excluded_reason: null });
      db.pragma('foreign_keys = ON');
      db.prepare(`INSERT INTO relabel_requests (id, comparison_id, evaluator_id, flag_id, requested_by, created_at) VALUES ('r1', 'c1', 'e1', 'f1', 'Ada', 't')`).run();
      expect(() => db.prepare(`INSERT INTO relabel_requests (id, comparison_id, requested_by, created_at) VALUES ('r2', 'nope', 'Ada', 't')`).run()).toThrow(/FOREIGN KEY/);
    },
  },
  '0004-ladder': {
    // A version 3 database with a person's judgment and a trained model of a run's layer.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e1', 'human', 'Ada', 't'), ('m1', 'model', 'RM0', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j1', 'c1', 'e1', 'A', 'ui', 't');
        INSERT INTO runs VALUES ('run1', 'demo', '', 't');
        INSERT INTO layers (id, run_id, idx, created_at) VALUES ('l0', 'run1', 0, 't');
        INSERT INTO models (id, run_id, layer_id, name, config, engine_version, device, blob, blob_sha256, created_at)
          VALUES ('model1', 'run1', 'l0', 'RM0', '{}', '1', 'cpu', x'00', 'h', 't');`),
    check: (db) => {
      // Existing evaluators are people or models, not simulations.
      expect(db.prepare('SELECT id, simulated FROM evaluators ORDER BY id').all()).toEqual([{ id: 'e1', simulated: null }, { id: 'm1', simulated: null }]);
      db.pragma('foreign_keys = ON');
      db.prepare(`INSERT INTO evaluators (id, kind, name, simulated, created_at) VALUES ('s1', 'human', 'Sim', '{"baseError":0.05}', 't')`).run();
      const round = db.prepare(
        `INSERT INTO deferral_rounds (id, run_id, layer, model_id, model_evaluator_id, target, confidence, audit_share, threshold,
           calibration_pairs, calibration_errors, error_bound, seed, created_by, created_at) VALUES (?, 'run1', 1, 'model1', 'm1', ?, 0.95, 0.05, 0.9, 80, 1, 0.04, 1, 'Ada', 't')`,
      );
      round.run('d1', 0.05);
      expect(() => round.run('d2', 1.5)).toThrow(/CHECK/);
      const route = db.prepare(`INSERT INTO deferrals (round_id, comparison_id, p_a, spread, route, judgment_id) VALUES ('d1', ?, 0.97, 0.01, ?, ?)`);
      route.run('c1', 'auto', 'j1');
      expect(() => route.run('c1', 'human', null)).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(() => db.prepare(`INSERT INTO deferrals (round_id, comparison_id, p_a, spread, route) VALUES ('d1', 'nope', 0.5, 0, 'human')`).run()).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare(`INSERT INTO deferrals (round_id, comparison_id, p_a, spread, route) VALUES ('d1', 'c1', 0.5, 0, 'maybe')`).run()).toThrow(/CHECK|UNIQUE/);
    },
  },
  '0005-import-indexes': {
    // A version 4 database with a prompt and its two responses.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');`),
    check: (db) => {
      // The responses are kept and still found by id; only the index by prompt is gone.
      expect(db.prepare('SELECT id, prompt_id, text FROM responses ORDER BY id').all()).toEqual([
        { id: 'ra', prompt_id: 'p1', text: 'a' },
        { id: 'rb', prompt_id: 'p1', text: 'b' },
      ]);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'responses' AND sql IS NOT NULL`).all()).toEqual([]);
      expect(db.prepare(`EXPLAIN QUERY PLAN SELECT text FROM responses WHERE id = 'ra'`).get()).toMatchObject({ detail: expect.stringMatching(/USING INDEX sqlite_autoindex_responses_1/) });
      // A response must still name an existing prompt.
      db.pragma('foreign_keys = ON');
      expect(() => db.prepare(`INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('rc', 'nope', 'c', 't')`).run()).toThrow(/FOREIGN KEY/);
    },
  },
  '0006-dataset-membership': {
    // A version 5 database: c1 imported by d1 (line 1) and again by d2 (line 7), c2 by d1 only, c3 made in the app.
    seed: (db) =>
      db.exec(`
        INSERT INTO datasets (id, name, format, file_name, content_hash, created_at) VALUES ('d1', 'one', 'trl', 'one.jsonl', 'h1', 't'), ('d2', 'two', 'trl', 'two.jsonl', 'h2', 't');
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, dataset_id, prompt_id, response_a_id, response_b_id, created_at)
          VALUES ('c1', 'd1', 'p1', 'ra', 'rb', 't'), ('c2', 'd1', 'p1', 'rb', 'ra', 't'), ('c3', NULL, 'p1', 'ra', 'ra', 't');
        INSERT INTO dataset_items VALUES ('d1', 'c1', 1), ('d1', 'c2', 2), ('d2', 'c1', 7);`),
    check: (db) => {
      // Each comparison keeps its first dataset and now its line; only the second membership stays in dataset_items.
      expect(db.prepare('SELECT id, dataset_id, line FROM comparisons ORDER BY id').all()).toEqual([
        { id: 'c1', dataset_id: 'd1', line: 1 },
        { id: 'c2', dataset_id: 'd1', line: 2 },
        { id: 'c3', dataset_id: null, line: null },
      ]);
      expect(db.prepare('SELECT * FROM dataset_items').all()).toEqual([{ dataset_id: 'd2', comparison_id: 'c1', line: 7 }]);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'dataset_items_comparison'`).all()).toEqual([]);
      // Membership and sizes read the same as before the migration.
      const members = (dataset: string) =>
        (db.prepare(`SELECT c.id FROM comparisons c WHERE ${inDatasetSql('c', '= ?')} ORDER BY c.id`).all(dataset, dataset) as { id: string }[]).map((r) => r.id);
      expect(members('d1')).toEqual(['c1', 'c2']);
      expect(members('d2')).toEqual(['c1']);
      expect(db.prepare(`SELECT d.id, ${datasetSizeSql('d.id')} AS n FROM datasets d ORDER BY d.id`).all()).toEqual([
        { id: 'd1', n: 2 },
        { id: 'd2', n: 1 },
      ]);
    },
  },
  '0007-live-judgments': {
    // A version 6 database: j1 a live verdict, j2 undone, j3 a skip, j4 excluded from training, j5 a position-check repeat of j1, j6 a tie.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e1', 'human', 'Ada', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, retracted_at, excluded_at, repeat_of) VALUES
          ('j1', 'c1', 'e1', 'A', 'ui', 't', NULL, NULL, NULL), ('j2', 'c1', 'e1', 'B', 'ui', 't', 'u', NULL, NULL),
          ('j3', 'c1', 'e1', 'skip', 'ui', 't', NULL, NULL, NULL), ('j4', 'c1', 'e1', 'B', 'ui', 't', NULL, 'x', NULL),
          ('j5', 'c1', 'e1', 'B', 'ui', 't', NULL, NULL, 'j1'), ('j6', 'c1', 'e1', 'tie', 'import', 't', NULL, NULL, NULL);`),
    check: (db) => {
      // Live: everything not undone, with its rowid as seq; usable: live A/B/tie verdicts, not excluded, not repeats.
      expect(db.prepare('SELECT id, seq FROM live_judgments ORDER BY seq').all()).toEqual(
        (db.prepare('SELECT id, rowid AS seq FROM judgments WHERE id <> ? ORDER BY rowid').all('j2') as { id: string; seq: number }[]),
      );
      expect(db.prepare('SELECT id FROM live_judgments ORDER BY id').pluck().all()).toEqual(['j1', 'j3', 'j4', 'j5', 'j6']);
      expect(db.prepare('SELECT id FROM usable_verdicts ORDER BY id').pluck().all()).toEqual(['j1', 'j6']);
      // The views carry every judgments column and read through the table's indexes.
      const columns = (table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]);
      expect(columns('live_judgments')).toEqual(['seq', ...columns('judgments')]);
      expect(columns('usable_verdicts')).toEqual(columns('live_judgments'));
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM usable_verdicts WHERE comparison_id = 'c1' AND evaluator_id = 'e1'`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX judgments_comparison_evaluator/);
    },
  },
  '0008-layer-members': {
    // A version 7 database: a run whose layer 0 takes the data's layer 0 and layer 1 responses of at most 4
    // characters together; a human's verdicts (one skipped, one retracted) and a model's.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'bb', 't'), ('rc', 'p1', 'a much longer one', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, layer, created_at)
          VALUES ('c1', 'p1', 'ra', 'rb', 0, 't'), ('c2', 'p1', 'rb', 'rc', 0, 't'), ('c3', 'p1', 'ra', 'rc', 1, 't');
        INSERT INTO evaluators (id, kind, name, domains, created_at) VALUES ('h', 'human', 'Ada', '[]', 't'), ('m', 'model', 'RM0', '[]', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, retracted_at)
          VALUES ('j1', 'c1', 'h', 'A', 'ui', 't', NULL), ('j2', 'c2', 'h', 'skip', 'ui', 't', NULL), ('j3', 'c2', 'h', 'B', 'ui', 't', 't2'),
                 ('j4', 'c2', 'h', 'A', 'ui', 't', NULL), ('j5', 'c1', 'm', 'A', 'auto', 't', NULL);
        INSERT INTO runs (id, name, description, created_at) VALUES ('r', 'run', '', 't');
        INSERT INTO layers (id, run_id, idx, name, rule, created_at)
          VALUES ('l0', 'r', 0, 'easy', '{"kind":"field","layer":0}', 't'), ('l1', 'r', 1, 'short', '{"kind":"length","maxChars":4}', 't');`),
    check: (db) => {
      // The length rule's measure is stored; members are sorted in on first use, counts are kept from then on.
      expect(db.prepare('SELECT id, response_chars AS n FROM comparisons ORDER BY id').all()).toEqual([
        { id: 'c1', n: 3 },
        { id: 'c2', n: 19 },
        { id: 'c3', n: 18 },
      ]);
      expect(db.prepare('SELECT count(*) AS n FROM layer_members').get()).toEqual({ n: 0 });
      migrate(db, latestVersion()); // today's layer code also keeps the tables of later migrations
      expect(extendLayerMembers(db)).toBe(2);
      expect(layerMemberIds(db, ['l0'])).toEqual(['c1', 'c2']);
      expect(layerMemberIds(db, ['l1'])).toEqual(['c1']);
      expect(layerMemberIds(db, ['l0', 'l1'])).toEqual(['c1', 'c2']);
      // Live human verdicts only: not the skip, the retracted one or the model's.
      expect(layerCounts(db, 'l0')).toEqual({ comparisons: 2, humanLabels: 2 });
      expect(layerCounts(db, 'l1')).toEqual({ comparisons: 1, humanLabels: 1 });
      // The triggers keep the counts: a new verdict, a retraction, a skip and a model's verdict.
      db.exec(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j6', 'c1', 'h', 'B', 'ui', 't'), ('j7', 'c1', 'h', 'skip', 'ui', 't'), ('j8', 'c2', 'm', 'B', 'auto', 't')`);
      expect(layerCounts(db, 'l0')).toEqual({ comparisons: 2, humanLabels: 3 });
      db.exec(`UPDATE judgments SET retracted_at = 't3' WHERE id = 'j1'`);
      expect(layerCounts(db, 'l0')).toEqual({ comparisons: 2, humanLabels: 2 });
      expect(layerCounts(db, 'l1')).toEqual({ comparisons: 1, humanLabels: 1 });
      // A comparison added later, with no response_chars given, gets its measure and joins the layers it fits.
      db.exec(`INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, layer, created_at) VALUES ('c4', 'p1', 'rb', 'ra', 0, 't')`);
      expect(db.prepare(`SELECT response_chars AS n FROM comparisons WHERE id = 'c4'`).get()).toEqual({ n: 3 });
      expect(layerMemberIds(db, ['l0'])).toEqual(['c1', 'c2', 'c4']);
      expect(layerCounts(db, 'l1')).toEqual({ comparisons: 2, humanLabels: 1 });
      expect(extendLayerMembers(db)).toBe(0);
    },
  },
  '0009-report-cache': {
    // A version 8 database with a comparison and a person: nothing is stored until a report is asked for.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, domains, created_at) VALUES ('h', 'human', 'Ada', '[]', 't');`),
    check: (db) => {
      expect(db.prepare('SELECT count(*) AS n FROM report_cache').get()).toEqual({ n: 0 });
      db.exec(`INSERT INTO report_cache (key, value, computed_at, stale) VALUES ('evaluator-stats', '{}', 't', 0), ('layer-metrics:r', '[]', 't', 0)`);
      const stale = () => db.prepare('SELECT key FROM report_cache WHERE stale = 1 ORDER BY key').pluck().all();
      // A verdict marks every stored report stale; a write no report reads (settings) does not.
      db.exec(`INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 't')`);
      expect(stale()).toEqual([]);
      db.exec(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j1', 'c1', 'h', 'A', 'ui', 't')`);
      expect(stale()).toEqual(['evaluator-stats', 'layer-metrics:r']);
      db.exec(`UPDATE report_cache SET stale = 0; UPDATE comparisons SET ground_truth = 'A' WHERE id = 'c1'`);
      expect(stale()).toEqual(['evaluator-stats', 'layer-metrics:r']);
    },
  },
  '0010-unreadable-metadata': {
    // A version 8 database (an import before #17.1): c1's metadata is nested 1,001 levels deep, c2's is cut off, c3's
    // is fine, c4 has none; a run's layer selects by a metadata field.
    seed: (db) => {
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, metadata, created_at)
          VALUES ('c2', 'p1', 'ra', 'rb', '{"difficulty":"easy",', 't'), ('c3', 'p1', 'rb', 'ra', '{"difficulty":"easy"}', 't'),
                 ('c4', 'p1', 'ra', 'ra', NULL, 't');
        INSERT INTO runs (id, name, description, created_at) VALUES ('r', 'run', '', 't');
        INSERT INTO layers (id, run_id, idx, name, rule, created_at) VALUES ('l0', 'r', 0, 'easy', '{"kind":"metadata","key":"difficulty","values":["easy"]}', 't');`);
      const deep = '{"difficulty":"easy","k":' + '['.repeat(1001) + ']'.repeat(1001) + '}';
      db.prepare(`INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, metadata, created_at) VALUES ('c1', 'p1', 'rb', 'rb', ?, 't')`).run(deep);
      expect(() => db.prepare(`SELECT json_extract(metadata, '$.difficulty') FROM comparisons`).all()).toThrow(/malformed JSON/);
    },
    check: (db) => {
      expect(db.prepare('SELECT id, metadata FROM comparisons ORDER BY id').all()).toEqual([
        { id: 'c1', metadata: null },
        { id: 'c2', metadata: null },
        { id: 'c3', metadata: '{"difficulty":"easy"}' },
        { id: 'c4', metadata: null },
      ]);
      const audit = db.prepare(`SELECT actor, action, entity, entity_id AS id, details FROM audit_log ORDER BY seq`).all() as { id: string; details: string }[];
      expect(audit.map((a) => ({ ...a, details: JSON.parse(a.details) }))).toEqual([
        { actor: 'migration 0010', action: 'repair', entity: 'comparison', id: 'c2', details: { field: 'metadata', problem: expect.stringContaining('not readable as JSON'), droppedCharacters: 21 } },
        { actor: 'migration 0010', action: 'repair', entity: 'comparison', id: 'c1', details: { field: 'metadata', problem: expect.stringContaining('not readable as JSON'), droppedCharacters: 2028 } },
      ]);
      // every metadata read works again
      expect(db.prepare(`SELECT id FROM comparisons WHERE json_extract(metadata, '$.difficulty') = 'easy'`).pluck().all()).toEqual(['c3']);
      migrate(db, latestVersion()); // today's layer code also keeps the tables of later migrations
      expect(layerMemberIds(db, ['l0'])).toEqual(['c3']);
    },
  },
  '0011-encoders': {
    // A database with a trained model: the new tables start empty and the model stays.
    seed: (db) =>
      db.exec(`INSERT INTO models (id, name, config, engine_version, device, blob, blob_sha256, created_at) VALUES ('m1', 'RM', '{}', '1', 'cpu', x'00', 'h', 't')`),
    check: (db) => {
      expect(db.prepare('SELECT id FROM models').all()).toEqual([{ id: 'm1' }]);
      expect(db.prepare('SELECT count(*) AS n FROM encoders').get()).toEqual({ n: 0 });
      db.exec(`INSERT INTO encoders VALUES ('e1', 'mini', '/x', 'abc', 'BertModel', 384, 30522, 512, 90, 't')`);
      // A name is registered once; a cached vector once per text and encoder checksum.
      expect(() => db.exec(`INSERT INTO encoders VALUES ('e2', 'mini', '/y', 'def', 'BertModel', 384, 30522, 512, 90, 't')`)).toThrow(/UNIQUE/);
      db.exec(`INSERT INTO embeddings VALUES ('abc', x'01', x'0000803f')`);
      expect(() => db.exec(`INSERT INTO embeddings VALUES ('abc', x'01', x'00000040')`)).toThrow(/UNIQUE|PRIMARY/);
      db.exec(`INSERT INTO embeddings VALUES ('def', x'01', x'00000040')`);
      expect(db.prepare('SELECT count(*) AS n FROM embeddings').get()).toEqual({ n: 2 });
    },
  },
  '0012-assignments': {
    // A database with a run's layer, a comparison and an evaluator: the new tables start empty, an assignment refers to them.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e1', 'human', 'Ada', 't');
        INSERT INTO runs (id, name, created_at) VALUES ('r1', 'Study', 't');`),
    check: (db) => {
      expect(db.prepare('SELECT count(*) AS n FROM assignments').get()).toEqual({ n: 0 });
      db.exec(`INSERT INTO assignments (id, name, run_id, layer_idx, overlap, seed, control_share, position_check_share, unassigned, created_by, created_at)
               VALUES ('a1', 'Study, layer 0', 'r1', 0, 1, 1, 0.1, 0.05, 0, 'test', 't')`);
      db.exec(`INSERT INTO assignment_evaluators VALUES ('a1', 'e1', NULL)`);
      db.exec(`INSERT INTO assignment_items VALUES ('a1', 'e1', 'c1', 0, 0, 1)`);
      // an item once per assignment and evaluator; a source is a run's layer or a dataset, not neither; an overlap ≥ 1
      expect(() => db.exec(`INSERT INTO assignment_items VALUES ('a1', 'e1', 'c1', 1, 0, 0)`)).toThrow(/UNIQUE|PRIMARY/);
      expect(() => db.exec(`INSERT INTO assignments (id, name, overlap, seed, control_share, position_check_share, unassigned, created_by, created_at) VALUES ('a2', 'x', 1, 1, 0, 0, 0, 't', 't')`)).toThrow(/CHECK/);
      expect(() => db.exec(`INSERT INTO assignments (id, name, run_id, layer_idx, overlap, seed, control_share, position_check_share, unassigned, created_by, created_at) VALUES ('a3', 'x', 'r1', 0, 0, 1, 0, 0, 0, 't', 't')`)).toThrow(/CHECK/);
      expect(() => db.exec(`INSERT INTO assignment_evaluators VALUES ('a1', 'nobody', NULL)`)).toThrow(/FOREIGN KEY/);
    },
  },
  '0013-bundles': {
    // A database with a judgment: the new tables start empty, the judgment stays; one workstation row, one live key per workstation.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e1', 'human', 'Ada', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j1', 'c1', 'e1', 'A', 'ui', 't');`),
    check: (db) => {
      expect(db.prepare('SELECT id, choice FROM judgments').all()).toEqual([{ id: 'j1', choice: 'A' }]);
      for (const table of ['workstation', 'trusted_keys', 'bundle_receipts', 'judgment_sources']) expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
      db.exec(`INSERT INTO workstation VALUES (1, 'w1', 'pub', 'priv', 't')`);
      expect(() => db.exec(`INSERT INTO workstation VALUES (2, 'w2', 'pub', 'priv', 't')`)).toThrow(/CHECK/);
      db.exec(`INSERT INTO trusted_keys (fingerprint, workstation_id, public_key, trusted_at) VALUES ('SHA256:a', 'w2', 'k', 't')`);
      expect(() => db.exec(`INSERT INTO trusted_keys (fingerprint, workstation_id, public_key, trusted_at) VALUES ('SHA256:b', 'w2', 'k', 't')`)).toThrow(/UNIQUE/);
      db.exec(`UPDATE trusted_keys SET revoked_at = 't2' WHERE fingerprint = 'SHA256:a'`);
      db.exec(`INSERT INTO trusted_keys (fingerprint, workstation_id, public_key, trusted_at) VALUES ('SHA256:b', 'w2', 'k', 't')`);
      db.exec(`INSERT INTO judgment_sources VALUES ('j1', 'w2')`);
      expect(() => db.exec(`INSERT INTO bundle_receipts (sha256, bundle_id, kind, signer_workstation_id, signer_fingerprint, created_at, received_at, actor) VALUES ('s', 'b', 'other', 'w2', 'f', 't', 't', 'a')`)).toThrow(/CHECK/);
    },
  },
  '0014-kept-counts': {
    // A version 13 database with a run layer holding two comparisons: Ada judged both (one twice, one verdict undone,
    // one position-check repeat), Bo skipped one and an import gave his verdict on it; a third comparison outside the
    // layer has Ada's verdict. Dataset d1 brought c1 and c2, d2 imported c1 again.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO datasets (id, name, format, file_name, content_hash, created_at) VALUES ('d1', 'first', 'trl', 'a.jsonl', 'h1', 't'), ('d2', 'again', 'trl', 'b.jsonl', 'h2', 't');
        INSERT INTO comparisons (id, dataset_id, prompt_id, response_a_id, response_b_id, layer, created_at)
          VALUES ('c1', 'd1', 'p1', 'ra', 'rb', 0, 't'), ('c2', 'd1', 'p1', 'rb', 'ra', 0, 't'), ('c3', NULL, 'p1', 'ra', 'ra', 1, 't');
        INSERT INTO dataset_items (dataset_id, comparison_id, line) VALUES ('d2', 'c1', 1);
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('ada', 'human', 'Ada', 't'), ('bo', 'human', 'Bo', 't');
        INSERT INTO runs (id, name, created_at) VALUES ('r', 'run', 't');
        INSERT INTO layers (id, run_id, idx, name, rule, created_at, members_through) VALUES ('l0', 'r', 0, 'zero', '{"kind":"field","layer":0}', 't', 3);
        INSERT INTO layer_members VALUES ('l0', 1, 'c1'), ('l0', 2, 'c2');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, retracted_at, repeat_of) VALUES
          ('j1', 'c1', 'ada', 'A', 'ui', 't', NULL, NULL), ('j2', 'c1', 'ada', 'B', 'ui', 't', NULL, NULL),
          ('j3', 'c2', 'ada', 'A', 'ui', 't', 't', NULL), ('j4', 'c2', 'ada', 'tie', 'ui', 't', NULL, NULL),
          ('j5', 'c1', 'ada', 'A', 'ui', 't', NULL, 'j1'), ('j6', 'c2', 'bo', 'skip', 'ui', 't', NULL, NULL),
          ('j7', 'c3', 'ada', 'A', 'ui', 't', NULL, NULL);
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, dataset_id, created_at) VALUES ('j8', 'c2', 'bo', 'B', 'import', 'd1', 't');`),
    check: (db) => {
      const counts = () => db.prepare('SELECT evaluator_id AS e, judged FROM layer_evaluator_counts WHERE layer_id = ? ORDER BY 1').all('l0');
      expect(counts()).toEqual([
        { e: 'ada', judged: 2 },
        { e: 'bo', judged: 1 }, // his skip and the imported verdict are on the same comparison
      ]);
      // each evaluator's and each dataset's live judgments, taken from the data, then kept by triggers
      const perEvaluator = () => db.prepare('SELECT evaluator_id AS e, judgments FROM evaluator_counts ORDER BY 1').all();
      expect(perEvaluator()).toEqual([
        { e: 'ada', judgments: 5 },
        { e: 'bo', judgments: 2 },
      ]);
      expect(db.prepare('SELECT dataset_id AS d, judgments FROM dataset_judgments ORDER BY 1').all()).toEqual([{ d: 'd1', judgments: 1 }]);
      db.exec(`UPDATE judgments SET retracted_at = 't' WHERE id = 'j8';
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, dataset_id, created_at) VALUES ('j9', 'c3', 'ada', 'B', 'import', 'd2', 't');
        DELETE FROM judgments WHERE id = 'j7';`);
      expect(perEvaluator()).toEqual([
        { e: 'ada', judgments: 5 },
        { e: 'bo', judgments: 1 },
      ]);
      expect(db.prepare('SELECT dataset_id AS d, judgments FROM dataset_judgments ORDER BY 1').all()).toEqual([
        { d: 'd1', judgments: 0 },
        { d: 'd2', judgments: 1 },
      ]);
      expect(counts()).toEqual([
        { e: 'ada', judged: 2 },
        { e: 'bo', judged: 1 },
      ]);
      db.exec(`INSERT INTO queue_watermarks VALUES ('ada', '', 3), ('ada', 'l0', 2), ('bo', '', 0)`);
      db.exec(`UPDATE judgments SET retracted_at = 't' WHERE id = 'j4'`);
      // c2 (rowid 2) is no longer judged by Ada: her watermarks fall below it
      expect(db.prepare('SELECT evaluator_id AS e, scope, through FROM queue_watermarks ORDER BY 1, 2').all()).toEqual([
        { e: 'ada', scope: '', through: 1 },
        { e: 'ada', scope: 'l0', through: 1 },
        { e: 'bo', scope: '', through: 0 },
      ]);
      expect(counts()).toEqual([
        { e: 'ada', judged: 1 },
        { e: 'bo', judged: 1 },
      ]);
      const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'judgments'`).pluck().all();
      expect(indexes).toEqual(expect.arrayContaining(['judgments_comparison_evaluator', 'judgments_evaluator_live']));
      expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'judgments_comparison_evaluator'`).pluck().get()).toMatch(/retracted_at, repeat_of/);
      expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'judgments_evaluator_live'`).pluck().get()).toMatch(/choice, duration_ms, retracted_at/);
    },
  },
  '0015-dataset-copy-state': {
    // A version 14 database with one dataset: it was copied whole, in one transaction.
    seed: (db) => db.exec(`INSERT INTO datasets (id, name, format, file_name, content_hash, created_at) VALUES ('d1', 'first', 'trl', 'a.jsonl', 'h1', 't')`),
    check: (db) => {
      expect(db.prepare('SELECT complete FROM datasets WHERE id = ?').pluck().get('d1')).toBe(1);
      // a copy in progress is marked 0; nothing else is accepted
      db.exec(`INSERT INTO datasets (id, name, format, file_name, content_hash, created_at, complete) VALUES ('d2', 'second', 'trl', 'b.jsonl', 'h2', 't', 0)`);
      expect(db.prepare('SELECT complete FROM datasets WHERE id = ?').pluck().get('d2')).toBe(0);
      expect(() => db.exec(`UPDATE datasets SET complete = 2 WHERE id = 'd2'`)).toThrow(/CHECK constraint failed/);
    },
  },
  '0016-models-layer-active': {
    // A version 15 database with a run layer and three models of it: an old active one, a newer active one, and an
    // inactive newest.
    seed: (db) =>
      db.exec(`
        INSERT INTO runs (id, name, created_at) VALUES ('r', 'run', 't');
        INSERT INTO layers (id, run_id, idx, name, rule, created_at) VALUES ('l0', 'r', 0, 'zero', '{"kind":"field","layer":0}', 't');
        INSERT INTO models (id, run_id, layer_id, name, config, engine_version, device, blob, blob_sha256, active, created_at) VALUES
          ('old', 'r', 'l0', 'old', '{}', 'v', 'cpu', zeroblob(100000), 'x', 1, '2026-01-01'),
          ('new', 'r', 'l0', 'new', '{}', 'v', 'cpu', zeroblob(100000), 'x', 1, '2026-02-01'),
          ('off', 'r', 'l0', 'off', '{}', 'v', 'cpu', zeroblob(100000), 'x', 0, '2026-03-01');`),
    check: (db) => {
      expect(activeModelId(db, 'r', 0)).toBe('new');
      expect(activeModelsOfRun(db, 'r')).toEqual([{ layer: 0, modelId: 'new', modelName: 'new' }]);
      // found from the index alone: no model row (and so no weights) is read to pick it
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT rowid FROM models WHERE layer_id = 'l0' AND active = 1 ORDER BY created_at DESC LIMIT 1`)
        .all()
        .map((step) => (step as { detail: string }).detail);
      expect(plan).toEqual([expect.stringContaining('USING COVERING INDEX models_layer_active')]);
    },
  },
  '0017-kept-row-counts': {
    // A version 16 database with two prompts, three responses, one comparison and one flag.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts (id, text, created_at) VALUES ('p1', 'one', 't'), ('p2', 'two', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('a', 'p1', 'x', 't'), ('b', 'p1', 'y', 't'), ('c', 'p2', 'z', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'a', 'b', 't');
        INSERT INTO flags (id, kind, dedupe_key, comparison_id, created_at) VALUES ('f1', 'transitivity', 'k1', 'c1', 't');`),
    check: (db) => {
      const kept = () => Object.fromEntries((db.prepare('SELECT name, rows FROM row_counts').all() as { name: string; rows: number }[]).map((r) => [r.name, r.rows]));
      expect(kept()).toEqual({ prompts: 2, responses: 3, comparisons: 1, flags: 1 });
      // flags are kept by triggers both ways; deletes of the others too (their inserts are counted by the import)
      db.exec(`INSERT INTO flags (id, kind, dedupe_key, created_at) VALUES ('f2', 'transitivity', 'k2', 't'); DELETE FROM flags WHERE id = 'f1';
        DELETE FROM comparisons; DELETE FROM responses WHERE id = 'c'; DELETE FROM prompts WHERE id = 'p2';`);
      expect(kept()).toEqual({ prompts: 1, responses: 2, comparisons: 0, flags: 1 });
    },
  },
  '0018-position-check-answered': {
    // A version 17 database: Ada's checks of j1 (answered by j2), of j3 (unanswered) and of j4 (its answer j5 undone).
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't'), ('c2', 'p1', 'rb', 'ra', 't'), ('c3', 'p1', 'ra', 'ra', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('ada', 'human', 'Ada', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, retracted_at, repeat_of) VALUES
          ('j1', 'c1', 'ada', 'A', 'ui', 't1', NULL, NULL), ('j2', 'c1', 'ada', 'A', 'ui', 't2', NULL, 'j1'),
          ('j3', 'c2', 'ada', 'B', 'ui', 't3', NULL, NULL),
          ('j4', 'c3', 'ada', 'A', 'ui', 't4', NULL, NULL), ('j5', 'c3', 'ada', 'B', 'ui', 't5', 't6', 'j4');
        INSERT INTO position_checks (id, evaluator_id, comparison_id, original_judgment_id, left_side, due_after, created_at) VALUES
          ('k1', 'ada', 'c1', 'j1', 'B', 1, 't'), ('k3', 'ada', 'c2', 'j3', 'A', 2, 't'), ('k4', 'ada', 'c3', 'j4', 'B', 3, 't');`),
    check: (db) => {
      const answered = () => db.prepare('SELECT id, answered FROM position_checks ORDER BY id').all();
      expect(answered()).toEqual([
        { id: 'k1', answered: 1 },
        { id: 'k3', answered: 0 },
        { id: 'k4', answered: 0 },
      ]);
      // an answer stored, an answer undone, an undo reverted: the mark follows the live answers
      db.exec(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, repeat_of) VALUES ('j6', 'c2', 'ada', 'B', 'ui', 't7', 'j3');
        UPDATE judgments SET retracted_at = 't8' WHERE id = 'j2';
        UPDATE judgments SET retracted_at = NULL WHERE id = 'j5';`);
      expect(answered()).toEqual([
        { id: 'k1', answered: 0 },
        { id: 'k3', answered: 1 },
        { id: 'k4', answered: 1 },
      ]);
      // a check received (in a bundle) after its answer is marked answered as it arrives
      db.exec(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j7', 'c1', 'ada', 'A', 'ui', 't9');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, repeat_of) VALUES ('j8', 'c1', 'ada', 'A', 'ui', 't10', 'j7');
        INSERT INTO position_checks (id, evaluator_id, comparison_id, original_judgment_id, left_side, due_after, created_at, answered) VALUES ('k7', 'ada', 'c1', 'j7', 'A', 4, 't', 0);`);
      expect(db.prepare(`SELECT answered FROM position_checks WHERE id = 'k7'`).pluck().get()).toBe(1);
      // the queue's look for due checks reads the open ones from the index
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM position_checks WHERE evaluator_id = 'ada' AND answered = 0 AND due_after <= 10`)
        .all()
        .map((step) => (step as { detail: string }).detail);
      expect(plan).toEqual([expect.stringContaining('USING INDEX position_checks_open (evaluator_id=? AND answered=? AND due_after<?)')]);
    },
  },
  '0019-layer-human-labels': {
    // A version 18 database: layer l0 holds c1 and c2, counted the old way (4: the repeat j3 and the excluded j4 in).
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't'), ('c2', 'p1', 'rb', 'ra', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('ada', 'human', 'Ada', 't'), ('m', 'model', 'RM0', 't');
        INSERT INTO runs (id, name, description, created_at) VALUES ('r', 'run', '', 't');
        INSERT INTO layers (id, run_id, idx, name, rule, created_at, members_through) VALUES ('l0', 'r', 0, 'all', '{"kind":"field","layer":0}', 't', 2);
        INSERT INTO layer_members (layer_id, position, comparison_id) VALUES ('l0', 1, 'c1'), ('l0', 2, 'c2');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, repeat_of, excluded_at) VALUES
          ('j1', 'c1', 'ada', 'A', 'ui', 't1', NULL, NULL), ('j2', 'c2', 'ada', 'tie', 'ui', 't2', NULL, NULL),
          ('j3', 'c1', 'ada', 'A', 'ui', 't3', 'j1', NULL), ('j4', 'c2', 'ada', 'B', 'ui', 't4', NULL, 't5'),
          ('j5', 'c1', 'ada', 'skip', 'ui', 't6', NULL, NULL), ('j6', 'c1', 'm', 'A', 'auto', 't7', NULL, NULL);
        INSERT INTO layer_counts (layer_id, comparisons, human_judgments) VALUES ('l0', 2, 4);`),
    check: (db) => {
      // Recounted as human labels: j1 and j2 (not the repeat, the excluded verdict, the skip or the model's).
      expect(layerCounts(db, 'l0')).toEqual({ comparisons: 2, humanLabels: 2 });
      // The triggers follow exclusion and its undoing, a repeat, a retraction and a new verdict.
      db.exec(`UPDATE judgments SET excluded_at = NULL WHERE id = 'j4'`);
      expect(layerCounts(db, 'l0').humanLabels).toBe(3);
      db.exec(`UPDATE judgments SET excluded_at = 't8' WHERE id = 'j1'`);
      expect(layerCounts(db, 'l0').humanLabels).toBe(2);
      db.exec(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, repeat_of) VALUES ('j7', 'c2', 'ada', 'B', 'ui', 't9', 'j4')`);
      expect(layerCounts(db, 'l0').humanLabels).toBe(2);
      db.exec(`UPDATE judgments SET retracted_at = 't10' WHERE id = 'j2'`);
      expect(layerCounts(db, 'l0').humanLabels).toBe(1);
      db.exec(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j8', 'c1', 'ada', 'B', 'ui', 't11')`);
      expect(layerCounts(db, 'l0').humanLabels).toBe(2);
      db.exec(`DELETE FROM judgments WHERE id = 'j8'`);
      expect(layerCounts(db, 'l0').humanLabels).toBe(1);
      // Each count equals what usable_verdicts says.
      const usable = db.prepare(`SELECT count(*) FROM layer_members m JOIN usable_verdicts v ON v.comparison_id = m.comparison_id JOIN evaluators e ON e.id = v.evaluator_id AND e.kind = 'human' WHERE m.layer_id = 'l0'`).pluck().get();
      expect(layerCounts(db, 'l0').humanLabels).toBe(usable);
    },
  },
  '0020-calibration-scope': {
    // A version 19 database with one deferral round (routed before the scope was a choice: on layers 0..k).
    seed: (db) =>
      db.exec(`
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('m', 'model', 'RM1', 't');
        INSERT INTO runs (id, name, description, created_at) VALUES ('r', 'run', '', 't');
        INSERT INTO models (id, name, config, engine_version, device, blob, blob_sha256, created_at) VALUES ('rm1', 'RM1', '{}', '1', 'cpu', x'00', 'h', 't');
        INSERT INTO deferral_rounds (id, run_id, layer, model_id, model_evaluator_id, target, confidence, audit_share, threshold, calibration_pairs, calibration_errors, error_bound, seed, created_by, created_at)
          VALUES ('dr1', 'r', 1, 'rm1', 'm', 0.05, 0.95, 0.05, 0.9, 100, 0, 0.03, 1, 'x', 't');`),
    check: (db) => {
      expect(db.prepare(`SELECT calibrated_on FROM deferral_rounds WHERE id = 'dr1'`).pluck().get()).toBe('lower-layers-too');
      expect(() => db.exec(`UPDATE deferral_rounds SET calibrated_on = 'everything' WHERE id = 'dr1'`)).toThrow(/CHECK constraint failed/);
      db.exec(`UPDATE deferral_rounds SET calibrated_on = 'this-layer' WHERE id = 'dr1'`);
      expect(db.prepare(`SELECT calibrated_on FROM deferral_rounds WHERE id = 'dr1'`).pluck().get()).toBe('this-layer');
    },
  },
  '0021-relabel-outcome': {
    // A version 20 database (foreign keys on, as the store opens it): imported evaluators (a gold label, source labels,
    // PandaLM annotators, a person), a flag whose relabel request was answered, one whose latest request still waits
    // (an earlier one was answered), one open.
    seed: (db) => {
      db.pragma('foreign_keys = ON');
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, source, created_at) VALUES
          ('gold', 'human', 'llmbar gold label', 'llmbar', 't'), ('src', 'human', 'hh (source labels)', 'hh', 't'),
          ('ann', 'human', 'pandalm annotator1', 'pandalm', 't'), ('ada', 'human', 'Ada', NULL, 't'), ('rm', 'model', 'x gold label', 'x', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j1', 'c1', 'ada', 'B', 'ui', 't2');
        INSERT INTO flags (id, kind, dedupe_key, comparison_id, status, resolved_by, resolved_at, created_at) VALUES
          ('f1', 'evaluator-disagreement', 'k1', 'c1', 'relabel_requested', 'Rae', 't1', 't0'),
          ('f2', 'evaluator-disagreement', 'k2', 'c1', 'relabel_requested', 'Rae', 't1', 't0'),
          ('f3', 'drift', 'k3', NULL, 'open', NULL, NULL, 't0');
        INSERT INTO relabel_requests (id, comparison_id, evaluator_id, flag_id, requested_by, created_at, done_at, done_judgment_id) VALUES
          ('r1', 'c1', 'ada', 'f1', 'Rae', 't1', 't2', 'j1'), ('r0', 'c1', 'ada', 'f2', 'Rae', 't0', 't0', 'j1'), ('r2', 'c1', NULL, 'f2', 'Rae', 't1', NULL, NULL);`);
    },
    check: (db) => {
      // Label sources are told from people by the names the importers give them (a model is never one).
      expect(db.prepare('SELECT id FROM evaluators WHERE label_source = 1 ORDER BY id').pluck().all()).toEqual(['gold', 'src']);
      // A flag whose latest request was answered is relabelled by its answerer; the others keep their status; nothing is lost.
      expect(db.prepare('SELECT id, status, resolved_by AS by, resolved_at AS at FROM flags ORDER BY id').all()).toEqual([
        { id: 'f1', status: 'relabelled', by: 'Ada', at: 't2' },
        { id: 'f2', status: 'relabel_requested', by: 'Rae', at: 't1' },
        { id: 'f3', status: 'open', by: null, at: null },
      ]);
      expect(db.prepare(`SELECT rows FROM row_counts WHERE name = 'flags'`).pluck().get()).toBe(3);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The new status is allowed, others still are not; the row-count triggers and the requests' foreign key hold.
      db.exec(`UPDATE flags SET status = 'relabelled' WHERE id = 'f3'`);
      expect(() => db.exec(`UPDATE flags SET status = 'gone' WHERE id = 'f3'`)).toThrow(/CHECK constraint failed/);
      db.exec(`INSERT INTO flags (id, kind, dedupe_key, created_at) VALUES ('f4', 'drift', 'k4', 't')`);
      expect(db.prepare(`SELECT rows FROM row_counts WHERE name = 'flags'`).pluck().get()).toBe(4);
      expect(() => db.exec(`DELETE FROM flags WHERE id = 'f1'`)).toThrow(/FOREIGN KEY/);
      db.exec(`UPDATE relabel_requests SET original_judgment_id = 'j1' WHERE id = 'r2'`);
      expect(() => db.exec(`UPDATE relabel_requests SET original_judgment_id = 'nope' WHERE id = 'r2'`)).toThrow(/FOREIGN KEY/);
      expect(() => db.exec(`UPDATE evaluators SET label_source = 2 WHERE id = 'ada'`)).toThrow(/CHECK constraint failed/);
    },
  },  '0022-model-notes': {
    // A version 21 database with a trained model.
    seed: (db) => db.exec(`INSERT INTO models (id, name, config, engine_version, device, blob, blob_sha256, created_at) VALUES ('rm1', 'RM1', '{}', '1', 'cpu', x'00', 'h', 't')`),
    check: (db) => {
      expect(db.prepare(`SELECT name, notes FROM models WHERE id = 'rm1'`).get()).toEqual({ name: 'RM1', notes: '' });
      db.exec(`UPDATE models SET notes = 'seed 2 of the ablation' WHERE id = 'rm1'`);
      expect(db.prepare(`SELECT notes FROM models WHERE id = 'rm1'`).pluck().get()).toBe('seed 2 of the ablation');
      expect(() => db.exec(`UPDATE models SET notes = NULL WHERE id = 'rm1'`)).toThrow(/NOT NULL constraint failed/);
    },
  },
  '0023-guidelines': {
    // A version 22 database with a dataset and a run's layer.
    seed: (db) =>
      db.exec(`
        INSERT INTO datasets (id, name, format, file_name, content_hash, created_at) VALUES ('d1', 'maths', 'trl', 'm.jsonl', 'h1', 't');
        INSERT INTO runs (id, name, created_at) VALUES ('r1', 'R', 't');
        INSERT INTO layers (id, run_id, idx, created_at) VALUES ('l0', 'r1', 0, 't');`),
    check: (db) => {
      db.pragma('foreign_keys = ON');
      const insert = db.prepare(`INSERT INTO guidelines (dataset_id, layer_id, text, written_by, written_at) VALUES (?, ?, ?, 'Lea', 't')`);
      insert.run('d1', null, '# Judge the maths');
      insert.run(null, 'l0', 'Check each step');
      expect(db.prepare('SELECT dataset_id, layer_id, text FROM guidelines ORDER BY rowid').all()).toEqual([
        { dataset_id: 'd1', layer_id: null, text: '# Judge the maths' },
        { dataset_id: null, layer_id: 'l0', text: 'Check each step' },
      ]);
      // One text per dataset or layer, for exactly one of them, of at most 64 KiB, of a dataset or layer that exists.
      expect(() => insert.run('d1', null, 'again')).toThrow(/UNIQUE/);
      expect(() => insert.run('d1', 'l0', 'both')).toThrow(/CHECK constraint failed/);
      expect(() => insert.run(null, null, 'neither')).toThrow(/CHECK constraint failed/);
      expect(() => db.prepare(`UPDATE guidelines SET text = ? WHERE dataset_id = 'd1'`).run('é'.repeat(32_769))).toThrow(/CHECK constraint failed/);
      expect(() => insert.run('nope', null, 'x')).toThrow(/FOREIGN KEY/);
    },
  },
  '0024-dataset-app-verdicts': {
    // A version 23 database: two datasets sharing c1 (the second brought it again), c2 only in the first; verdicts in the
    // app (counted), a skip, an imported one, a position check's repeat and an undone one (not counted).
    seed: (db) =>
      db.exec(`
        INSERT INTO datasets (id, name, format, file_name, content_hash, created_at) VALUES ('d1', 'first', 'trl', 'a', 'h1', 't'), ('d2', 'second', 'trl', 'b', 'h2', 't');
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't'), ('rc', 'p1', 'c', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, dataset_id, created_at) VALUES
          ('c1', 'p1', 'ra', 'rb', 'd1', 't'), ('c2', 'p1', 'ra', 'rc', 'd1', 't'), ('c3', 'p1', 'rb', 'rc', NULL, 't');
        INSERT INTO dataset_items (dataset_id, comparison_id, line) VALUES ('d2', 'c1', 1);
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('ada', 'human', 'Ada', 't'), ('bob', 'human', 'Bob', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, dataset_id, repeat_of, retracted_at, created_at) VALUES
          ('j1', 'c1', 'ada', 'A', 'ui', NULL, NULL, NULL, 't'), ('j2', 'c2', 'ada', 'tie', 'ui', NULL, NULL, NULL, 't'),
          ('j3', 'c1', 'bob', 'skip', 'ui', NULL, NULL, NULL, 't'), ('j4', 'c2', 'bob', 'B', 'import', 'd1', NULL, NULL, 't'),
          ('j5', 'c1', 'ada', 'A', 'ui', NULL, 'j1', NULL, 't'), ('j6', 'c2', 'bob', 'A', 'ui', NULL, NULL, 't2', 't'),
          ('j7', 'c3', 'bob', 'B', 'ui', NULL, NULL, NULL, 't');`),
    check: (db) => {
      const counts = () => Object.fromEntries((db.prepare('SELECT dataset_id AS d, verdicts AS n FROM dataset_app_verdicts ORDER BY d').all() as { d: string; n: number }[]).map((r) => [r.d, r.n]));
      expect(counts()).toEqual({ d1: 2, d2: 1 });
      // A verdict in the app counts in every dataset that holds its comparison; undone, it stops counting; deleted too.
      db.exec(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j8', 'c1', 'bob', 'B', 'ui', 't3')`);
      expect(counts()).toEqual({ d1: 3, d2: 2 });
      db.exec(`UPDATE judgments SET retracted_at = 't4' WHERE id = 'j8'`);
      expect(counts()).toEqual({ d1: 2, d2: 1 });
      db.exec(`UPDATE judgments SET retracted_at = NULL WHERE id = 'j6'`);
      expect(counts()).toEqual({ d1: 3, d2: 1 });
      db.exec(`DELETE FROM judgments WHERE id = 'j6'`);
      expect(counts()).toEqual({ d1: 2, d2: 1 });
      // Repeats, skips and imported verdicts never count.
      db.exec(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, repeat_of, created_at) VALUES ('j9', 'c2', 'ada', 'tie', 'ui', 'j2', 't5')`);
      db.exec(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j10', 'c2', 'bob', 'skip', 'ui', 't5')`);
      expect(counts()).toEqual({ d1: 2, d2: 1 });
      // A dataset that brings an already judged comparison again takes in its verdicts; one with none adds no row.
      db.exec(`INSERT INTO dataset_items (dataset_id, comparison_id, line) VALUES ('d2', 'c3', 2)`);
      expect(counts()).toEqual({ d1: 2, d2: 2 });
      db.exec(`INSERT INTO datasets (id, name, format, file_name, content_hash, created_at) VALUES ('d3', 'third', 'trl', 'c', 'h3', 't')`);
      db.exec(`INSERT INTO dataset_items (dataset_id, comparison_id, line) VALUES ('d3', 'c3', 1)`);
      expect(counts()).toEqual({ d1: 2, d2: 2, d3: 1 });
      // Each kept count equals the walk it replaces.
      const walked = db
        .prepare(
          `SELECT h.dataset_id AS d, count(*) AS n FROM judgments j JOIN (SELECT id AS c, dataset_id FROM comparisons WHERE dataset_id IS NOT NULL UNION ALL SELECT comparison_id, dataset_id FROM dataset_items) h ON h.c = j.comparison_id
           WHERE j.origin = 'ui' AND j.choice IN ('A', 'B', 'tie') AND j.repeat_of IS NULL AND j.retracted_at IS NULL GROUP BY h.dataset_id ORDER BY d`,
        )
        .all();
      expect(walked).toEqual([{ d: 'd1', n: 2 }, { d: 'd2', n: 2 }, { d: 'd3', n: 1 }]);
    },
  },
  '0025-rubric-criteria': {
    // A version 24 database with a run and one verdict: criteria are new, so nothing is there to carry over.
    seed: (db) =>
      db.exec(`
        INSERT INTO runs (id, name, description, created_at) VALUES ('r1', 'rubric', '', 't');
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('ada', 'human', 'Ada', 't');
        INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES ('j1', 'c1', 'ada', 'A', 'ui', 't');`),
    check: (db) => {
      expect(db.prepare('SELECT count(*) FROM run_criteria').pluck().get()).toBe(0);
      db.exec(`INSERT INTO run_criteria (run_id, idx, key, label) VALUES ('r1', 0, 'helpful', 'Helpfulness'), ('r1', 1, 'harmless', 'Harmlessness')`);
      db.exec(`INSERT INTO judgment_criteria (judgment_id, run_id, criterion, choice, strength) VALUES ('j1', 'r1', 'helpful', 'A', 2), ('j1', 'r1', 'harmless', 'tie', NULL)`);
      expect(db.prepare('SELECT criterion, choice FROM judgment_criteria ORDER BY criterion').all()).toEqual([
        { criterion: 'harmless', choice: 'tie' },
        { criterion: 'helpful', choice: 'A' },
      ]);
      // A criterion the run does not name, a second verdict on one criterion, a skip, a strength out of range, two
      // criteria at one position and an empty key are refused.
      expect(() => db.exec(`INSERT INTO judgment_criteria (judgment_id, run_id, criterion, choice) VALUES ('j1', 'r1', 'honest', 'A')`)).toThrow(/FOREIGN KEY/);
      expect(() => db.exec(`INSERT INTO judgment_criteria (judgment_id, run_id, criterion, choice) VALUES ('j1', 'r1', 'helpful', 'B')`)).toThrow(/UNIQUE/);
      expect(() => db.exec(`UPDATE judgment_criteria SET choice = 'skip' WHERE criterion = 'helpful'`)).toThrow(/CHECK/);
      expect(() => db.exec(`UPDATE judgment_criteria SET strength = 4 WHERE criterion = 'helpful'`)).toThrow(/CHECK/);
      expect(() => db.exec(`INSERT INTO run_criteria (run_id, idx, key, label) VALUES ('r1', 1, 'honest', 'Honesty')`)).toThrow(/UNIQUE/);
      expect(() => db.exec(`INSERT INTO run_criteria (run_id, idx, key, label) VALUES ('r1', 2, '', 'Empty')`)).toThrow(/CHECK/);
    },
  },
  '0026-external-scores': {
    // A version 25 database with a comparison and a trained model: external scores are new, so nothing is there to carry over.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO models (id, name, config, engine_version, device, blob, blob_sha256, active, created_at)
          VALUES ('m1', 'lab', '{"kind":"external"}', 'external', 'external', x'', 'e3b0', 1, 't');`),
    check: (db) => {
      expect(db.prepare('SELECT count(*) FROM external_scores').pluck().get()).toBe(0);
      db.exec(`INSERT INTO external_scores (model_id, comparison_id, reward_a, reward_b, std_a, std_b) VALUES ('m1', 'c1', 1.5, -0.25, 0.1, NULL)`);
      expect(db.prepare('SELECT reward_a AS a, reward_b AS b, std_a AS sa, std_b AS sb FROM external_scores').get()).toEqual({ a: 1.5, b: -0.25, sa: 0.1, sb: null });
      // A second score of one comparison by one model, an unknown comparison or model, a missing or infinite reward
      // and a negative std are refused.
      expect(() => db.exec(`INSERT INTO external_scores (model_id, comparison_id, reward_a, reward_b) VALUES ('m1', 'c1', 0, 0)`)).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(() => db.exec(`INSERT INTO external_scores (model_id, comparison_id, reward_a, reward_b) VALUES ('m1', 'c9', 0, 0)`)).toThrow(/FOREIGN KEY/);
      expect(() => db.exec(`INSERT INTO external_scores (model_id, comparison_id, reward_a, reward_b) VALUES ('m9', 'c1', 0, 0)`)).toThrow(/FOREIGN KEY/);
      db.exec(`DELETE FROM external_scores`);
      expect(() => db.exec(`INSERT INTO external_scores (model_id, comparison_id, reward_a, reward_b) VALUES ('m1', 'c1', NULL, 0)`)).toThrow(/NOT NULL/);
      expect(() => db.exec(`INSERT INTO external_scores (model_id, comparison_id, reward_a, reward_b) VALUES ('m1', 'c1', 9e999, 0)`)).toThrow(/CHECK/);
      expect(() => db.exec(`INSERT INTO external_scores (model_id, comparison_id, reward_a, reward_b, std_b) VALUES ('m1', 'c1', 0, 0, -0.5)`)).toThrow(/CHECK/);
    },
  },
  '0027-saved-filters': {
    // A version 26 database with two assignments of a run's layers, their evaluators and items: assignments is rebuilt
    // with filter_name, every row (and rowid: the queue's order) kept, the items still pointing at it.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'prompt', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't');
        INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e1', 'human', 'Ada', 't');
        INSERT INTO runs (id, name, created_at) VALUES ('r1', 'Study', 't');
        INSERT INTO assignments (id, name, run_id, layer_idx, overlap, seed, control_share, position_check_share, deadline, unassigned, created_by, created_at)
          VALUES ('b-first', 'Study, layer 1', 'r1', 1, 1, 7, 0.1, 0.05, '2026-12-31', 2, 'Lea', 't1'), ('a-second', 'Study, layer 0', 'r1', 0, 1, 1, 0, 0.05, NULL, 0, 'Lea', 't2');
        INSERT INTO assignment_evaluators VALUES ('b-first', 'e1', 5), ('a-second', 'e1', NULL);
        INSERT INTO assignment_items VALUES ('b-first', 'e1', 'c1', 0, 1, 0), ('a-second', 'e1', 'c1', 0, 0, 1);`),
    check: (db) => {
      expect(db.prepare('SELECT rowid, id, run_id, layer_idx, dataset_id, filter_name, seed, deadline, unassigned FROM assignments ORDER BY rowid').all()).toEqual([
        { rowid: 1, id: 'b-first', run_id: 'r1', layer_idx: 1, dataset_id: null, filter_name: null, seed: 7, deadline: '2026-12-31', unassigned: 2 },
        { rowid: 2, id: 'a-second', run_id: 'r1', layer_idx: 0, dataset_id: null, filter_name: null, seed: 1, deadline: null, unassigned: 0 },
      ]);
      expect(db.prepare('SELECT count(*) FROM assignment_items').pluck().get()).toBe(2);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.exec(`INSERT INTO saved_filters VALUES ('math, undone', '{"text":"sum"}', 'Lea', 't')`);
      db.exec(`INSERT INTO assignments (id, name, filter_name, overlap, seed, control_share, position_check_share, unassigned, created_by, created_at)
               VALUES ('f1', 'math', 'math, undone', 1, 1, 0, 0.05, 0, 'Lea', 't3')`);
      db.exec(`INSERT INTO assignment_items VALUES ('f1', 'e1', 'c1', 0, 0, 0)`);
      // A second filter of one name, an empty name; an assignment of no source, or of a filter and a run, is refused.
      expect(() => db.exec(`INSERT INTO saved_filters VALUES ('math, undone', '{}', 'Lea', 't')`)).toThrow(/UNIQUE|PRIMARY/);
      expect(() => db.exec(`INSERT INTO saved_filters VALUES ('', '{}', 'Lea', 't')`)).toThrow(/CHECK/);
      const insert = (id: string, source: string, values: string) =>
        db.exec(`INSERT INTO assignments (id, name, ${source}overlap, seed, control_share, position_check_share, unassigned, created_by, created_at) VALUES ('${id}', 'x', ${values}1, 1, 0, 0, 0, 't', 't')`);
      expect(() => insert('x1', '', '')).toThrow(/CHECK/);
      expect(() => insert('x2', 'run_id, layer_idx, filter_name, ', "'r1', 0, 'math, undone', ")).toThrow(/CHECK/);
      expect(() => db.exec(`INSERT INTO assignment_items VALUES ('nope', 'e1', 'c1', 0, 0, 0)`)).toThrow(/FOREIGN KEY/);
    },
  },
  '0028-comparisons-prompt': {
    // A version 27 database with comparisons on two prompts: they are kept, and found by prompt through the new index.
    seed: (db) =>
      db.exec(`
        INSERT INTO prompts VALUES ('p1', 'one', 't'), ('p2', 'two', 't');
        INSERT INTO responses (id, prompt_id, text, created_at) VALUES ('ra', 'p1', 'a', 't'), ('rb', 'p1', 'b', 't'), ('rc', 'p2', 'c', 't'), ('rd', 'p2', 'd', 't');
        INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, created_at) VALUES ('c1', 'p1', 'ra', 'rb', 't'), ('c2', 'p2', 'rc', 'rd', 't'), ('c3', 'p1', 'rb', 'ra', 't');`),
    check: (db) => {
      const byPrompt = 'SELECT id FROM comparisons WHERE prompt_id > ? ORDER BY prompt_id, rowid';
      expect(db.prepare(byPrompt).pluck().all('')).toEqual(['c1', 'c3', 'c2']);
      expect(JSON.stringify(db.prepare(`EXPLAIN QUERY PLAN ${byPrompt}`).all(''))).toContain('comparisons_prompt');
    },
  },
  '0029-model-trained-on-briefs': {
    // A version 28 database with a trained model: its brief is its trained_on record less the id lists; a model
    // stored afterwards gets its brief from the trigger, and a changed trained_on changes it.
    seed: (db) =>
      db.exec(`
        INSERT INTO models (id, name, config, trained_on, engine_version, device, blob, blob_sha256, created_at)
          VALUES ('m1', 'RM0', '{}', '{"judgments":2,"judgmentIds":["j1","j2"],"heldOutComparisonIds":["c2"],"heldOutJudgmentIds":["j2"],"split":{"seed":1}}', '1', 'cpu', x'00', 'h', 't');`),
    check: (db) => {
      const brief = db.prepare('SELECT brief FROM model_trained_on_briefs WHERE model_id = ?').pluck();
      expect(JSON.parse(brief.get('m1') as string)).toEqual({ judgments: 2, split: { seed: 1 } });
      db.exec(`INSERT INTO models (id, name, config, trained_on, engine_version, device, blob, blob_sha256, created_at)
                 VALUES ('m2', 'RM1', '{}', '{"judgments":1,"judgmentIds":["j3"],"combine":"majority"}', '1', 'cpu', x'00', 'h', 't')`);
      expect(JSON.parse(brief.get('m2') as string)).toEqual({ judgments: 1, combine: 'majority' });
      db.exec(`UPDATE models SET trained_on = '{"judgments":0,"judgmentIds":[]}' WHERE id = 'm2'`);
      expect(JSON.parse(brief.get('m2') as string)).toEqual({ judgments: 0 });
      // A brief belongs to a model that is here.
      expect(() => db.exec(`INSERT INTO model_trained_on_briefs VALUES ('m9', '{}')`)).toThrow(/FOREIGN KEY/);
    },
  },
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('each migration has a test case and numbers run 1..N without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(Object.keys(cases).sort()).toEqual(migrations.map((m) => m.name).sort());
    for (const m of migrations) expect(m.name).toMatch(new RegExp(`^${String(m.version).padStart(4, '0')}-`));
  });

  migrations.forEach((migration, i) => {
    const previous = i === 0 ? 0 : migrations[i - 1].version;
    it(`${migration.name} migrates a version ${previous} database holding data`, () => {
      const dir = tempDir();
      dirs.push(dir);
      const db = new Database(join(dir, 'old.db'));
      migrate(db, previous);
      expect(schemaVersion(db)).toBe(previous);
      cases[migration.name].seed(db);
      migrate(db, migration.version);
      expect(schemaVersion(db)).toBe(migration.version);
      cases[migration.name].check(db);
      db.close();
    });
  });

  it('opening a store brings it to the latest version, and is a no-op the second time', () => {
    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir, 'rung.db');
    openStore(path).close();
    const store = openStore(path);
    expect(schemaVersion(store.db)).toBe(latestVersion());
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('cache_size', { simple: true })).toBe(-64 * 1024); // 64 MiB of page cache by default (PAGE_CACHE_MIB)
    store.close();
    const longCalls = openStore(path, { cacheMiB: 16 }); // a long-call thread's connection
    expect(longCalls.db.pragma('cache_size', { simple: true })).toBe(-16 * 1024);
    longCalls.close();
  });

  it('refuses a database from a newer Rung', () => {
    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(/schema version \d+ is newer than this Rung supports/);
  });
});
