// Reads (and renames) the datasets table with each dataset's comparison count, its live imported judgments (kept,
// migration 0014) and the verdicts people gave in Rung on its comparisons (kept, migration 0024).
import type Database from 'better-sqlite3';
import type { ImportFormat } from '../../api/contract';
import { RungError } from '../../api/errors';
import { appendAudit } from './audit';
import { datasetSizeSql } from './membership';

export interface DatasetRow {
  id: string;
  name: string;
  format: ImportFormat;
  fileName: string;
  contentHash: string;
  comparisons: number;
  judgments: number;
  appVerdicts: number;
  importedAt: string;
  complete: boolean;
}

/** Every dataset, oldest first; only the one with `datasetId` when given. */
export function listDatasets(db: Database.Database, datasetId?: string): DatasetRow[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.name, d.format, d.file_name AS fileName, d.content_hash AS contentHash,
              ${datasetSizeSql('d.id')} AS comparisons,
              coalesce((SELECT n.judgments FROM dataset_judgments n WHERE n.dataset_id = d.id), 0) AS judgments,
              coalesce((SELECT a.verdicts FROM dataset_app_verdicts a WHERE a.dataset_id = d.id), 0) AS appVerdicts,
              d.created_at AS importedAt, d.complete
       FROM datasets d WHERE @id IS NULL OR d.id = @id ORDER BY d.created_at, d.name`,
    )
    .all({ id: datasetId ?? null }) as (Omit<DatasetRow, 'complete'> & { complete: number })[];
  return rows.map((row) => ({ ...row, complete: row.complete === 1 }));
}

export function datasetExists(db: Database.Database, id: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(id) !== undefined;
}

/** A dataset's name; null when there is no dataset with this id. */
export function datasetName(db: Database.Database, id: string): string | null {
  return (db.prepare('SELECT name FROM datasets WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
}

/** Renames a dataset, with an audit entry naming both names (one transaction); a name another dataset has is refused. */
export function renameDataset(db: Database.Database, datasetId: string, name: string, actor: string): void {
  db.transaction(() => {
    const old = datasetName(db, datasetId);
    if (old === null) throw new RungError('NOT_FOUND', `no dataset with id ${datasetId}`);
    if (old === name) return;
    if (db.prepare('SELECT 1 FROM datasets WHERE name = ? AND id <> ?').get(name, datasetId)) throw new RungError('CONFLICT', `another dataset is named ${name}`);
    db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(name, datasetId);
    appendAudit(db, { actor, action: 'rename', entity: 'dataset', entityId: datasetId, details: { from: old, to: name } });
  }).immediate();
}
