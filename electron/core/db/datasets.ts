// Reads the datasets table with each dataset's comparison count and live imported judgments (kept, migration 0014).
import type Database from 'better-sqlite3';
import type { ImportFormat } from '../../api/contract';
import { datasetSizeSql } from './membership';

export interface DatasetRow {
  id: string;
  name: string;
  format: ImportFormat;
  fileName: string;
  contentHash: string;
  comparisons: number;
  judgments: number;
  importedAt: string;
  complete: boolean;
}

export function listDatasets(db: Database.Database): DatasetRow[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.name, d.format, d.file_name AS fileName, d.content_hash AS contentHash,
              ${datasetSizeSql('d.id')} AS comparisons,
              coalesce((SELECT n.judgments FROM dataset_judgments n WHERE n.dataset_id = d.id), 0) AS judgments,
              d.created_at AS importedAt, d.complete
       FROM datasets d ORDER BY d.created_at, d.name`,
    )
    .all() as (Omit<DatasetRow, 'complete'> & { complete: number })[];
  return rows.map((row) => ({ ...row, complete: row.complete === 1 }));
}

export function datasetExists(db: Database.Database, id: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(id) !== undefined;
}

/** A dataset's name; null when there is no dataset with this id. */
export function datasetName(db: Database.Database, id: string): string | null {
  return (db.prepare('SELECT name FROM datasets WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
}
