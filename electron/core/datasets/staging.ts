// A scratch SQLite file that collects a file's records while it is read, so the real database is
// touched only once, in one short transaction, after the whole file has been validated.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentId } from '../ids';
import type { ComparisonRecord } from './record';

// Append-only tables without keys: appending is sequential and cheap; duplicates are dropped when the
// rows are copied into the store, whose keys are content-derived (INSERT OR IGNORE).
const SCHEMA = `
CREATE TABLE prompts (id TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE responses (id TEXT NOT NULL, prompt_id TEXT NOT NULL, text TEXT NOT NULL, segments TEXT, embedding BLOB, embedding_dim INTEGER);
CREATE TABLE comparisons (id TEXT NOT NULL, prompt_id TEXT NOT NULL, response_a_id TEXT NOT NULL, response_b_id TEXT NOT NULL,
  layer INTEGER, ground_truth TEXT, metadata TEXT, line INTEGER NOT NULL);
CREATE TABLE evaluators (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE judgments (id TEXT NOT NULL, comparison_id TEXT NOT NULL, evaluator_id TEXT NOT NULL, choice TEXT NOT NULL,
  strength INTEGER, confidence REAL, rationale TEXT);
`;

const BATCH = 5000;

export class Staging {
  readonly path: string;
  readonly db: Database.Database;
  records = 0;
  private readonly dir: string;
  /** Evaluator ids already staged (a file names few evaluators). */
  private readonly evaluators = new Set<string>();
  private batch: { record: ComparisonRecord; line: number }[] = [];
  private readonly insertBatch: (rows: { record: ComparisonRecord; line: number }[]) => void;

  constructor(nativeBinding?: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'rung-import-'));
    this.path = join(this.dir, 'staging.db');
    this.db = new Database(this.path, nativeBinding ? { nativeBinding } : {});
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -131072');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.exec(SCHEMA);
    const prompt = this.db.prepare('INSERT INTO prompts (id, text) VALUES (?, ?)');
    const response = this.db.prepare(
      'INSERT INTO responses (id, prompt_id, text, segments, embedding, embedding_dim) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const comparison = this.db.prepare(
      'INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, layer, ground_truth, metadata, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const evaluator = this.db.prepare('INSERT OR IGNORE INTO evaluators (id, kind, name) VALUES (?, ?, ?)');
    const judgment = this.db.prepare(
      'INSERT INTO judgments (id, comparison_id, evaluator_id, choice, strength, confidence, rationale) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const responseRow = (promptId: string, text: string, segments: string[] | null, emb: Float32Array | null): string => {
      const id = contentId('response', promptId, text);
      response.run(
        id,
        promptId,
        text,
        segments ? JSON.stringify(segments) : null,
        emb ? Buffer.from(emb.buffer, emb.byteOffset, emb.byteLength) : null,
        emb ? emb.length : null,
      );
      return id;
    };
    this.insertBatch = this.db.transaction((rows: { record: ComparisonRecord; line: number }[]) => {
      for (const { record: r, line } of rows) {
        const promptId = contentId('prompt', r.prompt);
        prompt.run(promptId, r.prompt);
        const a = responseRow(promptId, r.responseA, r.segmentsA, r.embeddingA);
        const b = responseRow(promptId, r.responseB, r.segmentsB, r.embeddingB);
        const comparisonId = contentId('comparison', promptId, a, b, r.sourceKey ?? '');
        comparison.run(
          comparisonId,
          promptId,
          a,
          b,
          r.layer,
          r.groundTruth,
          r.metadata ? JSON.stringify(r.metadata) : null,
          line,
        );
        r.judgments.forEach((j, i) => {
          const evaluatorId = contentId('evaluator', j.evaluatorKind, j.evaluator);
          if (!this.evaluators.has(evaluatorId)) {
            evaluator.run(evaluatorId, j.evaluatorKind, j.evaluator);
            this.evaluators.add(evaluatorId);
          }
          const judgmentId = contentId('judgment', comparisonId, j.evaluatorKind, j.evaluator, String(i));
          judgment.run(judgmentId, comparisonId, evaluatorId, j.choice, j.strength, j.confidence, j.rationale);
        });
      }
    });
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
