// Where the fresh queue starts its walk: per evaluator and scope (the whole store, or one run layer) a comparison
// rowid up to which every comparison of the scope has a live verdict by them (skips included, position-check repeats
// not), so nextComparisons skips their judged prefix instead of probing it comparison by comparison (migration 0014).
// A submit moves the evaluator's watermarks forward; a verdict that stops counting moves them back (triggers); renumbered
// rowids clear them (extendLayerMembers).
import type Database from 'better-sqlite3';
import { JUDGED_BY_EVALUATOR } from './queue-filter';

/** The whole store's scope key; a run layer's is its id. */
const STORE = '';

/** The first comparison of the scope past `through` that the evaluator has not judged (its rowid), or null. */
const FIRST_UNJUDGED = {
  store: `SELECT c.rowid FROM comparisons c WHERE c.rowid > @through AND NOT ${JUDGED_BY_EVALUATOR} ORDER BY c.rowid LIMIT 1`,
  layer: `SELECT m.position FROM layer_members m JOIN comparisons c ON c.id = m.comparison_id
          WHERE m.layer_id = @scope AND m.position > @through AND NOT ${JUDGED_BY_EVALUATOR} ORDER BY m.position LIMIT 1`,
};
const LAST = {
  store: 'SELECT coalesce(max(rowid), 0) FROM comparisons',
  layer: 'SELECT coalesce(max(position), 0) FROM layer_members WHERE layer_id = @scope',
};

/** Within the submit's transaction, after a verdict by the evaluator on this comparison: each scope holding it moves forward. */
export function advanceWatermarks(db: Database.Database, evaluatorId: string, comparisonId: string): void {
  const layers = db.prepare('SELECT layer_id FROM layer_members WHERE comparison_id = ?').pluck().all(comparisonId) as string[];
  for (const scope of [STORE, ...layers]) {
    const kind = scope === STORE ? 'store' : 'layer';
    const through = (db.prepare('SELECT through FROM queue_watermarks WHERE evaluator_id = ? AND scope = ?').pluck().get(evaluatorId, scope) as number | undefined) ?? 0;
    const params = { evaluatorId, scope, through };
    const first = db.prepare(FIRST_UNJUDGED[kind]).pluck().get(params) as number | undefined;
    const moved = first === undefined ? (db.prepare(LAST[kind]).pluck().get(params) as number) : first - 1;
    if (moved === through) continue;
    db.prepare(
      `INSERT INTO queue_watermarks (evaluator_id, scope, through) VALUES (?, ?, ?) ON CONFLICT (evaluator_id, scope) DO UPDATE SET through = excluded.through`,
    ).run(evaluatorId, scope, moved);
  }
}

/** The rowid the evaluator's fresh queue may start past: the store's watermark, or the layer's when the filter is that one layer. */
export function watermark(db: Database.Database, evaluatorId: string, layerId: string | null): number {
  return db
    .prepare(`SELECT coalesce(max(through), 0) FROM queue_watermarks WHERE evaluator_id = ? AND scope IN (?, ?)`)
    .pluck()
    .get(evaluatorId, STORE, layerId ?? STORE) as number;
}
