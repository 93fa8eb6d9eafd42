// The scratch SQLite file an import stages a file's records in while it is read (datasets/staging.ts), so the real
// database is touched only once, in one short transaction, after the whole file has been validated
// (db/dataset-import.ts copies it in).
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { openScratchDatabase } from './connection';
import { makeStagingDir, removeStagingDir } from './staging-dirs';

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
CREATE TABLE evaluators (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, label_source INTEGER NOT NULL);
`;

/** Rows bound per INSERT: one statement run per row costs more than the row itself. */
const ROWS_PER_INSERT = 16;

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

/** One staged record's columns, in the records table's order. */
export type StagedRecord = [
  line: number,
  promptId: string,
  aId: string, aText: string, aSegments: string | null, aEmbedding: Buffer | null, aDim: number | null,
  bId: string, bText: string, bSegments: string | null, bEmbedding: Buffer | null, bDim: number | null,
  comparisonId: string, layer: number | null, groundTruth: string | null, metadata: string | null,
];

export class StagingFile {
  readonly path: string;
  private readonly dir: string;
  private readonly db: Database.Database;
  private readonly prompts: RowWriter;
  private readonly records: RowWriter;
  private readonly judgments: RowWriter;
  private readonly evaluator: Database.Statement;

  constructor(nativeBinding?: string) {
    this.dir = makeStagingDir();
    this.path = join(this.dir, 'staging.db');
    this.db = openScratchDatabase(this.path, SCHEMA, nativeBinding);
    this.prompts = new RowWriter(this.db, 'prompts', 2);
    this.records = new RowWriter(this.db, 'records', 16);
    this.judgments = new RowWriter(this.db, 'judgments', 7);
    this.evaluator = this.db.prepare('INSERT INTO evaluators (id, kind, name, label_source) VALUES (?, ?, ?, ?)');
  }

  /** `write` as one transaction of the scratch file; the rows it adds are all written when it returns. */
  batch<T>(write: (rows: T) => void): (rows: T) => void {
    return this.db.transaction((rows: T) => {
      write(rows);
      this.prompts.flush();
      this.records.flush();
      this.judgments.flush();
    });
  }

  addPrompt(id: string, text: string): void {
    this.prompts.add(id, text);
  }

  addRecord(...record: StagedRecord): void {
    this.records.add(...record);
  }

  addJudgment(id: string, comparisonId: string, evaluatorId: string, choice: string, strength: number | null, confidence: number | null, rationale: string | null): void {
    this.judgments.add(id, comparisonId, evaluatorId, choice, strength, confidence, rationale);
  }

  /** `labelSource`: the dataset's own label, not a person (evaluators.label_source). */
  addEvaluator(id: string, kind: string, name: string, labelSource: boolean): void {
    this.evaluator.run(id, kind, name, labelSource ? 1 : 0);
  }

  /** Closes the connection and keeps the file (the store attaches it to copy it in). */
  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Closes the connection and deletes the file. */
  dispose(): void {
    this.close();
    removeStagingDir(this.dir);
  }
}
