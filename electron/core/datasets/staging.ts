// A scratch SQLite file that collects a file's records while it is read, so the real database is
// touched only once, in one short transaction, after the whole file has been validated.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentId } from '../ids';
import type { ComparisonRecord } from './record';

// One append-only row per record (no keys, so appending is sequential and cheap); duplicates are dropped
// when the rows are copied into the store, whose keys are content-derived (INSERT OR IGNORE).
const SCHEMA = `
CREATE TABLE records (
  line INTEGER NOT NULL,
  prompt_id TEXT NOT NULL, prompt TEXT NOT NULL,
  a_id TEXT NOT NULL, a_text TEXT NOT NULL, a_segments TEXT, a_embedding BLOB, a_dim INTEGER,
  b_id TEXT NOT NULL, b_text TEXT NOT NULL, b_segments TEXT, b_embedding BLOB, b_dim INTEGER,
  comparison_id TEXT NOT NULL, layer INTEGER, ground_truth TEXT, metadata TEXT,
  judgments TEXT -- JSON array of [id, evaluator_id, choice, strength, confidence, rationale]
);
CREATE TABLE evaluators (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL);
`;

const BATCH = 5000;
/** Bound on cached prompt ids, so memory stays flat however large the file. */
const PROMPT_CACHE = 4096;

export class Staging {
  readonly path: string;
  readonly db: Database.Database;
  records = 0;
  private readonly dir: string;
  /** Evaluator ids already staged (a file names few evaluators). */
  private readonly evaluators = new Set<string>();
  private readonly promptIds = new Map<string, string>();
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
    const insertRecord = this.db.prepare(
      `INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEvaluator = this.db.prepare('INSERT OR IGNORE INTO evaluators (id, kind, name) VALUES (?, ?, ?)');
    const blob = (emb: Float32Array | null) => (emb ? Buffer.from(emb.buffer, emb.byteOffset, emb.byteLength) : null);
    const json = (value: unknown) => (value ? JSON.stringify(value) : null);
    this.insertBatch = this.db.transaction((rows: { record: ComparisonRecord; line: number }[]) => {
      for (const { record: r, line } of rows) {
        const promptId = this.promptId(r.prompt);
        const a = contentId('response', promptId, r.responseA);
        const b = contentId('response', promptId, r.responseB);
        const comparisonId = contentId('comparison', promptId, a, b, r.sourceKey ?? '');
        const judgments = r.judgments.map((j, i) => {
          const evaluatorId = contentId('evaluator', j.evaluatorKind, j.evaluator);
          if (!this.evaluators.has(evaluatorId)) {
            insertEvaluator.run(evaluatorId, j.evaluatorKind, j.evaluator);
            this.evaluators.add(evaluatorId);
          }
          return [contentId('judgment', comparisonId, j.evaluatorKind, j.evaluator, String(i)), evaluatorId, j.choice, j.strength, j.confidence, j.rationale];
        });
        insertRecord.run(
          line,
          promptId,
          r.prompt,
          a,
          r.responseA,
          json(r.segmentsA),
          blob(r.embeddingA),
          r.embeddingA?.length ?? null,
          b,
          r.responseB,
          json(r.segmentsB),
          blob(r.embeddingB),
          r.embeddingB?.length ?? null,
          comparisonId,
          r.layer,
          r.groundTruth,
          json(r.metadata),
          judgments.length ? JSON.stringify(judgments) : null,
        );
      }
    });
  }

  /** Prompt ids, cached: many records share a prompt, and hashing its text again is the costliest step. */
  private promptId(text: string): string {
    let id = this.promptIds.get(text);
    if (id === undefined) {
      id = contentId('prompt', text);
      if (this.promptIds.size >= PROMPT_CACHE) this.promptIds.clear();
      this.promptIds.set(text, id);
    }
    return id;
  }

  add(record: ComparisonRecord, line: number): void {
    this.records++;
    this.batch.push({ record, line });
    if (this.batch.length >= BATCH) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    this.insertBatch(this.batch);
    this.batch = [];
  }

  dispose(): void {
    if (this.db.open) this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
