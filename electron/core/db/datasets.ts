// Reads (and renames) the datasets table with each dataset's comparison count, its live imported judgments (kept, migration 0014)
// and the verdicts people gave in Rung on its comparisons.
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

/** Live verdicts (A, B or tie; position-check repeats aside) given in Rung, counted for each dataset that holds their
 *  comparison. Walks the app's verdicts from each evaluator's live-verdict index, so it costs what people judged,
 *  not what was imported. */
const APP_VERDICTS_PER_DATASET = `
  WITH app AS (
    SELECT j.comparison_id FROM evaluators e JOIN judgments j ON j.evaluator_id = e.id AND j.origin = 'ui' AND j.retracted_at IS NULL
    WHERE j.choice IN ('A', 'B', 'tie') AND j.repeat_of IS NULL
  )
  SELECT datasetId, count(*) AS verdicts FROM (
    SELECT c.dataset_id AS datasetId FROM app JOIN comparisons c ON c.id = app.comparison_id WHERE c.dataset_id IS NOT NULL
    UNION ALL
    SELECT di.dataset_id FROM app JOIN dataset_items di ON di.comparison_id = app.comparison_id
  ) GROUP BY datasetId`;

export function listDatasets(db: Database.Database): DatasetRow[] {
  const appVerdicts = new Map((db.prepare(APP_VERDICTS_PER_DATASET).all() as { datasetId: string; verdicts: number }[]).map((r) => [r.datasetId, r.verdicts]));
  const rows = db
    .prepare(
      `SELECT d.id, d.name, d.format, d.file_name AS fileName, d.content_hash AS contentHash,
              ${datasetSizeSql('d.id')} AS comparisons,
              coalesce((SELECT n.judgments FROM dataset_judgments n WHERE n.dataset_id = d.id), 0) AS judgments,
              d.created_at AS importedAt, d.complete
       FROM datasets d ORDER BY d.created_at, d.name`,
    )
    .all() as (Omit<DatasetRow, 'complete' | 'appVerdicts'> & { complete: number })[];
  return rows.map((row) => ({ ...row, appVerdicts: appVerdicts.get(row.id) ?? 0, complete: row.complete === 1 }));
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
