// The guidelines table (migration 0023): the Markdown a researcher writes for a dataset or a run's layer, read and
// written by its target, each change audited with the old and the new text; rows for bundles, and merging one received.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { nowIso } from '../ids';
import { appendAudit } from './audit';
import { datasetExists } from './datasets';

/** What guidelines are for: a dataset, or a layer (by its row id). */
export type GuidelinesTarget = { kind: 'dataset'; id: string } | { kind: 'layer'; id: string };

export interface GuidelinesRow {
  text: string;
  writtenBy: string;
  writtenAt: string;
}

const column = (target: GuidelinesTarget) => (target.kind === 'dataset' ? 'dataset_id' : 'layer_id');

export function readGuidelines(db: Database.Database, target: GuidelinesTarget): GuidelinesRow | null {
  return (db.prepare(`SELECT text, written_by AS writtenBy, written_at AS writtenAt FROM guidelines WHERE ${column(target)} = ?`).get(target.id) as GuidelinesRow | undefined) ?? null;
}

/** Stores a target's guidelines as written by `row.writtenBy` at `row.writtenAt`, with an audit entry naming both texts. */
function store(db: Database.Database, target: GuidelinesTarget, row: GuidelinesRow, old: GuidelinesRow | null, actor: string, action: string): void {
  if (old) db.prepare(`UPDATE guidelines SET text = ?, written_by = ?, written_at = ? WHERE ${column(target)} = ?`).run(row.text, row.writtenBy, row.writtenAt, target.id);
  else db.prepare(`INSERT INTO guidelines (${column(target)}, text, written_by, written_at) VALUES (?, ?, ?, ?)`).run(target.id, row.text, row.writtenBy, row.writtenAt);
  appendAudit(db, { actor, action, entity: `${target.kind}-guidelines`, entityId: target.id, details: { from: old?.text ?? null, to: row.text, writtenBy: row.writtenBy } });
}

/** Writes a dataset's or layer's guidelines (one transaction, audited); NOT_FOUND for an unknown dataset. The same
 *  text again records nothing. Returns what is stored. */
export function writeGuidelines(db: Database.Database, target: GuidelinesTarget, text: string, actor: string): GuidelinesRow {
  return db
    .transaction(() => {
      if (target.kind === 'dataset' && !datasetExists(db, target.id)) throw new RungError('NOT_FOUND', `no dataset with id ${target.id}`);
      const old = readGuidelines(db, target);
      if (old?.text === text) return old;
      const row = { text, writtenBy: actor, writtenAt: nowIso() };
      store(db, target, row, old, actor, 'edit');
      return row;
    })
    .immediate();
}

/** A guidelines row as a bundle carries it (the target's id in its own column). */
export interface CarriedGuidelines {
  dataset_id: string | null;
  layer_id: string | null;
  text: string;
  written_by: string;
  written_at: string;
}

/** The guidelines of these datasets and layers, in store order. */
export function guidelinesOf(db: Database.Database, datasetIds: readonly string[], layerIds: readonly string[]): CarriedGuidelines[] {
  return db
    .prepare(
      `SELECT dataset_id, layer_id, text, written_by, written_at FROM guidelines
       WHERE dataset_id IN (SELECT value FROM json_each(?)) OR layer_id IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
    )
    .all(JSON.stringify(datasetIds), JSON.stringify(layerIds)) as CarriedGuidelines[];
}

/** Merges received guidelines (inside the import's transaction): added when the target has none, replacing those here
 *  only when written later (the same instant: the greater text wins), so the order bundles arrive in does not matter.
 *  Audited as `receive`. Returns whether anything changed. */
export function mergeGuidelines(db: Database.Database, received: CarriedGuidelines, actor: string): boolean {
  const target: GuidelinesTarget = received.dataset_id !== null ? { kind: 'dataset', id: received.dataset_id } : { kind: 'layer', id: received.layer_id! };
  const old = readGuidelines(db, target);
  const row = { text: received.text, writtenBy: received.written_by, writtenAt: received.written_at };
  if (old && (old.writtenAt > row.writtenAt || (old.writtenAt === row.writtenAt && old.text >= row.text))) return false;
  store(db, target, row, old, actor, 'receive');
  return true;
}
