// A scratch SQLite file that collects a file's records while it is read, so the real database is
// touched only once, in one short transaction, after the whole file has been validated.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentId, contentIdsOf, contentKey } from '../ids';
import type { ComparisonRecord } from './record';

// Append-only rows (no keys, so appending is sequential and cheap): one per record, one per judgment and one per
// prompt not seen lately. Duplicates are dropped when the rows are copied into the store, whose keys are
// content-derived (INSERT OR IGNORE).
const SCHEMA = `
CREATE TABLE prompts (id TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE records (
  line INTEGER NOT NULL,
  prompt_id TEXT NOT NULL,
  a_id TEXT NOT NULL, a_text TEXT NOT NULL, a_segments TEXT, a_embedding BLOB, a_dim INTEGER,
  b_id TEXT NOT NULL, b_text TEXT NOT NULL, b_segments TEXT, b_embedding BLOB, b_dim INTEGER,
  comparison_id TEXT NOT NULL, layer INTEGER, ground_truth TEXT, metadata TEXT
);
CREATE TABLE judgments (
  id TEXT NOT NULL, comparison_id TEXT NOT NULL, evaluator_id TEXT NOT NULL,
  choice TEXT NOT NULL, strength INTEGER, confidence REAL, rationale TEXT
);
CREATE TABLE evaluators (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL);
`;

/** Records per staging transaction, and the characters of text they may hold (long records make smaller batches). */
const BATCH = 5000;
const BATCH_CHARS = 32 * 1024 * 1024;
/** Rows bound per INSERT: one statement run per row costs more than the row itself. */
const ROWS_PER_INSERT = 16;
/** Bound on the characters of cached prompt texts (at most ~8 MB of text), so memory stays flat however large the file. */
const PROMPT_CACHE_CHARS = 4 * 1024 * 1024;

/** Appends rows to one staging table, ROWS_PER_INSERT rows per statement run. */
class RowWriter {
  private readonly values: unknown[] = [];
  private readonly one: Database.Statement;
  private readonly many: Database.Statement;

  constructor(
    db: Database.Database,
    table: string,
    private readonly columns: number,
  ) {
    const row = `(${Array(columns).fill('?').join(', ')})`;
    this.one = db.prepare(`INSERT INTO ${table} VALUES ${row}`);
    this.many = db.prepare(`INSERT INTO ${table} VALUES ${Array(ROWS_PER_INSERT).fill(row).join(', ')}`);
  }

  add(...row: unknown[]): void {
    this.values.push(...row);
    if (this.values.length === this.columns * ROWS_PER_INSERT) {
      this.many.run(this.values);
      this.values.length = 0;
    }
  }

  /** Writes the rows still held; call before the batch's transaction ends. */
  flush(): void {
    for (let i = 0; i < this.values.length; i += this.columns) this.one.run(this.values.slice(i, i + this.columns));
    this.values.length = 0;
  }
}

export class Staging {
  readonly path: string;
  readonly db: Database.Database;
  records = 0;
  private readonly dir: string;
  private readonly promptIds = new Map<string, string>();
  private promptChars = 0;
  private batchChars = 0;
  private batch: { record: ComparisonRecord; line: number }[] = [];
  private readonly insertBatch: (rows: { record: ComparisonRecord; line: number }[]) => void;

  constructor(nativeBinding?: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'rung-import-'));
    this.path = join(this.dir, 'staging.db');
    this.db = new Database(this.path, nativeBinding ? { nativeBinding } : {});
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -32768');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.exec(SCHEMA);
    const prompts = new RowWriter(this.db, 'prompts', 2);
    const records = new RowWriter(this.db, 'records', 16);
    const judgments = new RowWriter(this.db, 'judgments', 7);
    const insertEvaluator = this.db.prepare('INSERT INTO evaluators (id, kind, name) VALUES (?, ?, ?)');
    const blob = (emb: Float32Array | null) => (emb ? Buffer.from(emb.buffer, emb.byteOffset, emb.byteLength) : null);
    const json = (value: unknown) => (value ? JSON.stringify(value) : null);
    // Evaluator ids by kind and name, each hashed and staged once (a file names few evaluators).
    const evaluatorIds = new Map<string, string>();
    const evaluatorId = (kind: string, name: string): string => {
      const key = `${kind}\u0000${name}`;
      let id = evaluatorIds.get(key);
      if (id === undefined) {
        id = contentId('evaluator', kind, name);
        insertEvaluator.run(id, kind, name);
        evaluatorIds.set(key, id);
      }
      return id;
    };
    this.insertBatch = this.db.transaction((rows: { record: ComparisonRecord; line: number }[]) => {
      // Every id of the batch in four batched hashes: prompts, then responses, comparisons and judgments.
      const promptIds = this.promptIdsOf(rows.map(({ record }) => record.prompt), (id, text) => prompts.add(id, text));
      const responseIds = contentIdsOf(
        rows.flatMap(({ record: r }, i) => [contentKey('response', promptIds[i], r.responseA), contentKey('response', promptIds[i], r.responseB)]),
      );
      const comparisonIds = contentIdsOf(
        rows.map(({ record: r }, i) => contentKey('comparison', promptIds[i], responseIds[2 * i], responseIds[2 * i + 1], r.sourceKey ?? '')),
      );
      const judgmentIds = contentIdsOf(
        rows.flatMap(({ record: r }, i) => r.judgments.map((j, k) => contentKey('judgment', comparisonIds[i], j.evaluatorKind, j.evaluator, String(k)))),
      );
      let judgment = 0;
      rows.forEach(({ record: r, line }, i) => {
        records.add(
          line,
          promptIds[i],
          responseIds[2 * i],
          r.responseA,
          json(r.segmentsA),
          blob(r.embeddingA),
          r.embeddingA?.length ?? null,
          responseIds[2 * i + 1],
          r.responseB,
          json(r.segmentsB),
          blob(r.embeddingB),
          r.embeddingB?.length ?? null,
          comparisonIds[i],
          r.layer,
          r.groundTruth,
          json(r.metadata),
        );
        for (const j of r.judgments) {
          judgments.add(judgmentIds[judgment++], comparisonIds[i], evaluatorId(j.evaluatorKind, j.evaluator), j.choice, j.strength, j.confidence, j.rationale);
        }
      });
      prompts.flush();
      records.flush();
      judgments.flush();
    });
  }

  /** Each text's prompt id, hashing and staging (`stage`) only texts not seen lately: many records share a prompt. */
  private promptIdsOf(texts: string[], stage: (id: string, text: string) => void): string[] {
    const unseen = [...new Set(texts.filter((text) => !this.promptIds.has(text)))];
    const hashed = contentIdsOf(unseen.map((text) => contentKey('prompt', text)));
    const fresh = new Map(unseen.map((text, i) => [text, hashed[i]]));
    const ids = texts.map((text) => this.promptIds.get(text) ?? fresh.get(text)!);
    for (const [text, id] of fresh) {
      stage(id, text);
      if (this.promptChars + text.length > PROMPT_CACHE_CHARS) {
        this.promptIds.clear();
        this.promptChars = 0;
      }
      this.promptIds.set(text, id);
      this.promptChars += text.length;
    }
    return ids;
  }

  add(record: ComparisonRecord, line: number): void {
    this.records++;
    this.batch.push({ record, line });
    this.batchChars += record.prompt.length + record.responseA.length + record.responseB.length;
    if (this.batch.length >= BATCH || this.batchChars >= BATCH_CHARS) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    this.insertBatch(this.batch);
    this.batch = [];
    this.batchChars = 0;
  }

  dispose(): void {
    if (this.db.open) this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
