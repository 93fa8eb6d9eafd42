// Which comparisons each run layer holds, and how many live human verdicts: layer_members and layer_counts
// (migration 0008). A layer's rule becomes one SQL condition on `comparisons c`; members are sorted in once per
// comparison (past layers.members_through), when the layer is created and after each import, so reads never
// re-evaluate a rule over the whole store.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { readLayerRule, ruleSql } from './layer-rules';
import { reportUnreadableMetadata } from './unreadable-rows';

interface LayerRow {
  id: string;
  rule: string;
  through: number;
}

/**
 * Sorts the comparisons added since each layer was last brought up to date into its members, and adds them to its
 * counts; run inside the caller's write transaction (an import's), or in one of its own. Returns the layers changed.
 */
export function extendLayerMembers(db: Database.Database, layerIds?: readonly string[]): number {
  const newest = (db.prepare('SELECT coalesce(max(rowid), 0) FROM comparisons').pluck().get() as number) ?? 0;
  // members_through past the newest rowid: rowids were renumbered (VACUUM may do so): that layer is sorted again.
  const stale = (db.prepare('SELECT id, rule, members_through AS through FROM layers WHERE members_through <> ?').all(newest) as LayerRow[]).filter(
    (layer) => !layerIds || layerIds.includes(layer.id),
  );
  if (stale.length === 0) return 0;
  const extend = () => {
    for (const layer of stale) {
      const rule = readLayerRule(layer.rule, layer.id, 'the layer is skipped');
      if (!rule) continue;
      const { where, params } = ruleSql(rule);
      if (layer.through > newest) {
        db.prepare('DELETE FROM layer_members WHERE layer_id = ?').run(layer.id);
        db.prepare('DELETE FROM layer_counts WHERE layer_id = ?').run(layer.id);
        db.prepare('DELETE FROM layer_evaluator_counts WHERE layer_id = ?').run(layer.id);
        db.prepare('DELETE FROM queue_watermarks').run(); // they name rowids too (db/queue-watermarks.ts)
        layer.through = 0;
      }
      if (rule.kind === 'metadata') reportUnreadableMetadata(db, layer.through, newest, `skipped by layer ${layer.id}'s metadata rule`);
      db.prepare('INSERT OR IGNORE INTO layer_counts (layer_id) VALUES (?)').run(layer.id);
      const added = db
        .prepare(
          `INSERT OR IGNORE INTO layer_members (layer_id, position, comparison_id)
           SELECT ?, c.rowid, c.id FROM comparisons c WHERE c.rowid > ? AND c.rowid <= ? AND ${where}`,
        )
        .run(layer.id, layer.through, newest, ...params).changes;
      if (added > 0) {
        db.prepare(
          `UPDATE layer_counts SET comparisons = comparisons + ?,
             human_judgments = human_judgments + (
               -- CROSS JOIN keeps the new comparisons the outer loop: with a length rule the planner otherwise walks
               -- every human verdict (292 ms at 200,000; it runs at each step of an import's copy)
               SELECT count(*) FROM comparisons c CROSS JOIN usable_verdicts j ON j.comparison_id = c.id CROSS JOIN evaluators e ON e.id = j.evaluator_id AND e.kind = 'human'
               WHERE c.rowid > ? AND c.rowid <= ? AND ${where})
           WHERE layer_id = ?`,
        ).run(added, layer.through, newest, ...params, layer.id);
        // Each evaluator's verdicts on the members just sorted in (later verdicts are counted by migration 0014's triggers).
        db.prepare(
          `INSERT INTO layer_evaluator_counts (layer_id, evaluator_id, judged)
           SELECT m.layer_id, j.evaluator_id, count(DISTINCT j.comparison_id)
           FROM layer_members m JOIN judgments j ON j.comparison_id = m.comparison_id AND j.retracted_at IS NULL AND j.repeat_of IS NULL
           WHERE m.layer_id = ? AND m.position > ? AND m.position <= ?
           GROUP BY j.evaluator_id
           ON CONFLICT (layer_id, evaluator_id) DO UPDATE SET judged = judged + excluded.judged`,
        ).run(layer.id, layer.through, newest);
      }
      db.prepare('UPDATE layers SET members_through = ? WHERE id = ?').run(newest, layer.id);
    }
  };
  if (db.inTransaction) extend();
  else db.transaction(extend).immediate();
  return stale.length;
}

/** The comparison ids of the given layers (each once), in store order; members brought up to date first. */
export function layerMemberIds(db: Database.Database, layerIds: readonly string[]): string[] {
  extendLayerMembers(db, layerIds);
  if (layerIds.length === 1) {
    return db.prepare('SELECT comparison_id FROM layer_members WHERE layer_id = ? ORDER BY position').pluck().all(layerIds[0]) as string[];
  }
  return db
    .prepare('SELECT comparison_id FROM layer_members WHERE layer_id IN (SELECT value FROM json_each(?)) GROUP BY position ORDER BY position')
    .pluck()
    .all(JSON.stringify(layerIds)) as string[];
}

/** Those of the given comparisons the layer holds, in store order; members brought up to date first. One index probe
 *  per given comparison (layer_members_comparison), not a walk of the layer's members: a full check run asks this for
 *  every page of the store, so its cost must follow the page, not the layer. */
export function layerMemberIdsAmong(db: Database.Database, layerId: string, comparisonIds: readonly string[]): string[] {
  extendLayerMembers(db, [layerId]);
  return db
    .prepare('SELECT m.comparison_id FROM json_each(?) j CROSS JOIN layer_members m ON m.comparison_id = j.value AND m.layer_id = ? ORDER BY m.position')
    .pluck()
    .all(JSON.stringify(comparisonIds), layerId) as string[];
}

/** How many of the layer's comparisons have a live verdict by the evaluator (skips included, position-check repeats
 *  not). The layer's members must be current: the caller has run extendLayerMembers (filterParams does). */
export function layerJudgedBy(db: Database.Database, layerId: string, evaluatorId: string): number {
  return (db.prepare('SELECT judged FROM layer_evaluator_counts WHERE layer_id = ? AND evaluator_id = ?').pluck().get(layerId, evaluatorId) as number | undefined) ?? 0;
}

/** SQL true when comparison `c` is in one of the layers listed in the JSON array bound to `param` (one index probe per row). */
export const inLayersSql = (c: string, param: string): string =>
  `EXISTS (SELECT 1 FROM layer_members m WHERE m.comparison_id = ${c}.id AND m.layer_id IN (SELECT value FROM json_each(${param})))`;

/** How many comparisons the layers listed in the JSON array `layerIds` hold together. */
export function layersSize(db: Database.Database, layerIds: readonly string[]): number {
  extendLayerMembers(db, layerIds);
  if (layerIds.length === 1) return layerCounts(db, layerIds[0]).comparisons;
  return db.prepare('SELECT count(DISTINCT comparison_id) FROM layer_members WHERE layer_id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(layerIds)) as number;
}

/** A layer's comparisons and live human verdicts (kept by layer_counts), members brought up to date first. */
export function layerCounts(db: Database.Database, layerId: string): { comparisons: number; humanLabels: number } {
  extendLayerMembers(db, [layerId]);
  const row = db.prepare('SELECT comparisons, human_judgments AS humanLabels FROM layer_counts WHERE layer_id = ?').get(layerId) as
    | { comparisons: number; humanLabels: number }
    | undefined;
  return row ?? { comparisons: 0, humanLabels: 0 };
}

/** The layer ids of one layer of a run (by index), or of all its layers; NOT_FOUND for an unknown run or layer. */
export function runLayerIds(db: Database.Database, runId: string, layer?: number): string[] {
  const layers = db.prepare('SELECT id, idx FROM layers WHERE run_id = ? ORDER BY idx').all(runId) as { id: string; idx: number }[];
  if (layers.length === 0) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  const chosen = layer === undefined ? layers : layers.filter((l) => l.idx === layer);
  if (chosen.length === 0) throw new RungError('NOT_FOUND', `this run has no layer ${layer}`);
  return chosen.map((l) => l.id);
}
