// The runs and layers tables: writing a run with its layers (their members sorted in: db/layer-members.ts),
// reading them back, and which comparisons a run's layers hold.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { newId, nowIso } from '../ids';
import { appendAudit } from './audit';
import { insertRunCriteria, type Criterion } from './criteria';
import { datasetExists } from './datasets';
import { extendLayerMembers, layerMemberIds, layerMemberIdsAmong, runLayerIds } from './layer-members';
import { readLayerRule, type LayerRule } from './layer-rules';

export interface RunRow {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}

export interface LayerRow {
  id: string;
  idx: number;
  name: string;
  rule: LayerRule;
}

/** Writes a run, its layers (index = position) and its criteria (its rubric, in order) with an audit entry; CONFLICT
 *  when the name is taken. Returns its id. */
export function insertRun(
  db: Database.Database,
  name: string,
  description: string,
  layers: readonly { name: string; rule: LayerRule }[],
  actor: string,
  criteria: readonly Criterion[] = [],
): string {
  const id = newId();
  db.transaction(() => {
    if (db.prepare('SELECT 1 FROM runs WHERE name = ?').get(name)) throw new RungError('CONFLICT', `a run named "${name}" already exists`);
    // checked in the write's transaction, so no dataset can go between the check and the write
    layers.forEach((layer, i) => {
      if (layer.rule.kind !== 'datasets') return;
      layer.rule.datasetIds.forEach((datasetId, k) => {
        if (!datasetExists(db, datasetId)) throw new RungError('NOT_FOUND', `layers.${i}.rule.datasetIds.${k}: no dataset with id ${datasetId}`);
      });
    });
    const now = nowIso();
    db.prepare('INSERT INTO runs (id, name, description, created_at) VALUES (?, ?, ?, ?)').run(id, name, description, now);
    const insert = db.prepare('INSERT INTO layers (id, run_id, idx, name, rule, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    layers.forEach((layer, idx) => insert.run(newId(), id, idx, layer.name, JSON.stringify(layer.rule), now));
    insertRunCriteria(db, id, criteria);
    extendLayerMembers(db); // the new layers' members and counts, in the same transaction
    appendAudit(db, { actor, action: 'create', entity: 'run', entityId: id, details: { name, layers: layers.length, ...(criteria.length ? { criteria: criteria.map((c) => c.key) } : {}) } });
  }).immediate();
  return id;
}

export function runRow(db: Database.Database, id: string): RunRow | null {
  return (db.prepare('SELECT id, name, description, created_at AS createdAt FROM runs WHERE id = ?').get(id) as RunRow | undefined) ?? null;
}

/** Every run's id, oldest first (by name within the same instant). */
export function runIds(db: Database.Database): string[] {
  return db.prepare('SELECT id FROM runs ORDER BY created_at, name').pluck().all() as string[];
}

export function runIdByName(db: Database.Database, name: string): string | null {
  return (db.prepare('SELECT id FROM runs WHERE name = ?').pluck().get(name) as string | undefined) ?? null;
}

export function runName(db: Database.Database, id: string): string | null {
  return (db.prepare('SELECT name FROM runs WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
}

/** A run's layers by index (none for an unknown run); a layer whose stored rule cannot be read is skipped and reported. */
export function runLayers(db: Database.Database, runId: string): LayerRow[] {
  return (db.prepare('SELECT id, idx, name, rule FROM layers WHERE run_id = ? ORDER BY idx').all(runId) as (Omit<LayerRow, 'rule'> & { rule: string })[]).flatMap((l) => {
    const rule = readLayerRule(l.rule, l.id, 'the layer is skipped');
    return rule ? [{ ...l, rule }] : [];
  });
}

export function layerExists(db: Database.Database, runId: string, index: number): boolean {
  return db.prepare('SELECT 1 FROM layers WHERE run_id = ? AND idx = ?').get(runId, index) !== undefined;
}

/** The comparisons of one layer of a run (by index), or of all its layers; NOT_FOUND for an unknown run or layer. */
export function runComparisonIds(db: Database.Database, runId: string, layer?: number): string[] {
  return layerMemberIds(db, runLayerIds(db, runId, layer));
}

/** Those of the given comparisons one layer of a run (by index) holds, in store order; NOT_FOUND as runComparisonIds. */
export function runComparisonIdsAmong(db: Database.Database, runId: string, layer: number, comparisonIds: readonly string[]): string[] {
  return layerMemberIdsAmong(db, runLayerIds(db, runId, layer)[0], comparisonIds);
}
