// The human queue: what an evaluator judges next. Order for one evaluator, within the filters (db/queue-filter.ts):
//   1. comparisons sent back for relabelling from the flags explorer (to this evaluator or to anyone);
//   2. comparisons returned by undo (latest undo first), including an undone position-check answer;
//   3. position checks that are due (a judged comparison shown again with sides swapped, db/position-checks.ts);
//   3a. comparisons assigned to this evaluator (db/assignments.ts) that they have not judged, earliest deadline first,
//      then oldest assignment, then the assignment's seeded order;
//   4. comparisons a deferral round sent to people ('audit' or 'human', see ladder/routing.ts) that nobody has
//      judged yet, most uncertain first (|P(A ≻ B) − 0.5| ascending);
//   5. comparisons the evaluator has not judged, in import order — less those whose latest deferral round
//      auto-labelled them (route 'auto'), which never reach the human queue; the walk starts past the evaluator's
//      judged prefix (db/queue-watermarks.ts);
//   6. comparisons a deferral round sent to people ('audit' or 'human') that still have no human verdict and that
//      this evaluator only skipped: they come back once nothing else is left (other evaluators get them at step 4);
//   6a. assigned comparisons this evaluator only skipped: likewise, so an assignment can still be finished.
// The side shown left is stable while a comparison is pending: it derives from hash(evaluator, comparison),
// so a reload shows the same sides.
import type Database from 'better-sqlite3';
import { sha256Hex } from '../ids';
import { assignedComparisonIds, evaluatorAssignmentIds } from './assignments';
import { HAS_HUMAN_VERDICT, LATEST_DEFERRAL, ROUTED_AUTO } from './deferrals';
import { requireEvaluator } from './evaluators';
import { inDatasetSql } from './membership';
import { liveJudgmentCount, pendingChecks, type Side } from './position-checks';
import { DECIDED_BY_EVALUATOR, FILTER, JUDGED_BY_EVALUATOR, filterParams, type QueueFilter } from './queue-filter';
import { openRelabelComparisons, type RelabelNote } from './relabel';
import { rubricOf, type Rubric } from './rubrics';
import { watermark } from './queue-watermarks';

export type QueueItemKind = 'new' | 'relabel' | 'returned' | 'position-check';

export interface ComparisonView {
  id: string;
  datasetId: string | null;
  layer: number | null;
  prompt: string;
  responseA: string;
  responseB: string;
}

export interface QueueItem {
  comparison: ComparisonView;
  leftSide: Side;
  kind: QueueItemKind;
  /** For a position check: the judgment it repeats (the answer is stored with repeat_of set to it). */
  repeatOf: string | null;
  /** For a relabel: who asked for it and why. */
  relabel: RelabelNote | null;
  /** The criteria it is judged on (db/rubrics.ts): the run filter's run's, else the earliest run with criteria holding it. */
  rubric: Rubric | null;
}

/** The side shown left for a pending comparison: a fair coin from hash(evaluator, comparison), stable across reloads. */
export function stableLeftSide(evaluatorId: string, comparisonId: string): Side {
  return parseInt(sha256Hex('left-side', evaluatorId, comparisonId).slice(0, 2), 16) & 1 ? 'B' : 'A';
}

const VIEW = `SELECT c.id, c.dataset_id AS datasetId, c.layer, p.text AS prompt, ra.text AS responseA, rb.text AS responseB
  FROM comparisons c
  JOIN prompts p ON p.id = c.prompt_id
  JOIN responses ra ON ra.id = c.response_a_id
  JOIN responses rb ON rb.id = c.response_b_id`;

export function getComparisonView(db: Database.Database, comparisonId: string): ComparisonView | null {
  return (db.prepare(`${VIEW} WHERE c.id = ?`).get(comparisonId) as ComparisonView | undefined) ?? null;
}

export interface NextOptions extends QueueFilter {
  count: number;
  /** Comparison ids the caller already holds (prefetched or being submitted): never returned. */
  exclude?: string[];
  /** Whether position checks are served (false for callers that cannot pass repeatOf back). Default true. */
  positionChecks?: boolean;
}

/** The next `count` items of this evaluator's queue (see the order above). */
export function nextComparisons(db: Database.Database, evaluatorId: string, options: NextOptions): QueueItem[] {
  requireEvaluator(db, evaluatorId);
  const filter = filterParams(db, options);
  const excluded = new Set(options.exclude ?? []);
  const items: QueueItem[] = [];
  const taken = new Set<string>();
  const add = (comparisonId: string, leftSide: Side, kind: QueueItemKind, repeatOf: string | null, relabel: RelabelNote | null = null) => {
    if (repeatOf && options.positionChecks === false) return;
    if (items.length >= options.count || excluded.has(comparisonId) || taken.has(comparisonId)) return;
    const comparison = getComparisonView(db, comparisonId);
    if (!comparison) return;
    taken.add(comparisonId);
    items.push({ comparison, leftSide, kind, repeatOf, relabel, rubric: rubricOf(db, comparisonId, options.runId) });
  };

  for (const { comparisonId, note } of openRelabelComparisons(db, evaluatorId, FILTER, filter)) add(comparisonId, stableLeftSide(evaluatorId, comparisonId), 'relabel', null, note);

  // Returned by undo: a retracted verdict with no live verdict on the same comparison (or check) since.
  const returned = db
    .prepare(
      `SELECT j.comparison_id AS comparisonId, j.left_side AS leftSide, j.repeat_of AS repeatOf, max(j.retracted_at) AS at, j.created_at AS createdAt
       FROM judgments j JOIN comparisons c ON c.id = j.comparison_id
       WHERE j.evaluator_id = @evaluatorId AND j.retracted_at IS NOT NULL AND ${FILTER}
         AND NOT EXISTS (SELECT 1 FROM live_judgments l WHERE l.evaluator_id = j.evaluator_id AND l.comparison_id = j.comparison_id
                         AND l.repeat_of IS j.repeat_of)
         AND (j.repeat_of IS NULL OR EXISTS (SELECT 1 FROM live_judgments o WHERE o.id = j.repeat_of))
       GROUP BY j.comparison_id, j.repeat_of
       ORDER BY at DESC, createdAt ASC`, // undo retracts newest first: within one millisecond the older verdict was undone later
    )
    .all({ evaluatorId, ...filter }) as { comparisonId: string; leftSide: Side | null; repeatOf: string | null }[];
  for (const r of returned) {
    add(r.comparisonId, r.leftSide ?? (r.repeatOf ? 'A' : stableLeftSide(evaluatorId, r.comparisonId)), r.repeatOf ? 'position-check' : 'returned', r.repeatOf);
  }

  if (items.length < options.count) {
    const due = pendingChecks(db, evaluatorId, filter, liveJudgmentCount(db, evaluatorId));
    for (const d of due) add(d.comparisonId, d.leftSide, 'position-check', d.repeatOf);
  }

  const assignments = evaluatorAssignmentIds(db, evaluatorId);
  /** Step 3a (unjudged) or 6a (only skipped): the evaluator's assigned comparisons passing `where`, assignment by assignment. */
  const addAssigned = (where: string, kind: QueueItemKind) => {
    for (const assignmentId of assignments) {
      if (items.length >= options.count) return;
      const exclude = JSON.stringify([...excluded, ...taken]);
      const ids = assignedComparisonIds(db, assignmentId, `${FILTER} AND c.id NOT IN (SELECT value FROM json_each(@exclude)) AND NOT ${where}`, { evaluatorId, exclude, ...filter }, options.count - items.length);
      for (const id of ids) add(id, stableLeftSide(evaluatorId, id), kind, null);
    }
  };
  addAssigned(JUDGED_BY_EVALUATOR, 'new');

  if (items.length < options.count) {
    const routed = db
      .prepare(
        `SELECT c.id FROM deferrals d JOIN deferral_rounds dr ON dr.id = d.round_id JOIN comparisons c ON c.id = d.comparison_id
         WHERE d.route IN ('audit', 'human') AND ${LATEST_DEFERRAL} AND ${FILTER}
           AND c.id NOT IN (SELECT value FROM json_each(@exclude))
           AND NOT ${HAS_HUMAN_VERDICT}
           AND NOT ${JUDGED_BY_EVALUATOR}
         ORDER BY abs(d.p_a - 0.5), c.rowid LIMIT @limit`,
      )
      .pluck()
      .all({ evaluatorId, exclude: JSON.stringify([...excluded, ...taken]), limit: options.count - items.length, ...filter }) as string[];
    for (const id of routed) add(id, stableLeftSide(evaluatorId, id), 'new', null);
  }

  /** Past the evaluator's judged prefix (db/queue-watermarks.ts): a single-layer filter may use that layer's. */
  const freshStart = () => {
    const layers = filter.scope === null ? [] : (JSON.parse(filter.scope) as string[]);
    return watermark(db, evaluatorId, layers.length === 1 ? layers[0] : null);
  };
  if (items.length < options.count) {
    const fresh = db
      .prepare(
        `SELECT c.id FROM comparisons c
         WHERE c.rowid > @through AND ${FILTER}
           AND c.id NOT IN (SELECT value FROM json_each(@exclude))
           AND NOT ${JUDGED_BY_EVALUATOR}
           AND NOT ${ROUTED_AUTO}
         ORDER BY c.rowid LIMIT @limit`,
      )
      .pluck()
      .all({ evaluatorId, exclude: JSON.stringify([...excluded, ...taken]), limit: options.count - items.length, through: freshStart(), ...filter }) as string[];
    for (const id of fresh) add(id, stableLeftSide(evaluatorId, id), 'new', null);
  }

  // Nothing new left: routed comparisons still waiting for a person, which this evaluator skipped, come back.
  if (items.length < options.count) {
    const skipped = db
      .prepare(
        `SELECT c.id FROM deferrals d JOIN deferral_rounds dr ON dr.id = d.round_id JOIN comparisons c ON c.id = d.comparison_id
         WHERE d.route IN ('audit', 'human') AND ${LATEST_DEFERRAL} AND ${FILTER}
           AND c.id NOT IN (SELECT value FROM json_each(@exclude))
           AND NOT ${HAS_HUMAN_VERDICT}
           AND NOT ${DECIDED_BY_EVALUATOR}
         ORDER BY abs(d.p_a - 0.5), c.rowid LIMIT @limit`,
      )
      .pluck()
      .all({ evaluatorId, exclude: JSON.stringify([...excluded, ...taken]), limit: options.count - items.length, ...filter }) as string[];
    for (const id of skipped) add(id, stableLeftSide(evaluatorId, id), 'returned', null);
  }

  // Nothing new left: assigned comparisons this evaluator only skipped come back.
  addAssigned(DECIDED_BY_EVALUATOR, 'returned');

  // Nothing new left: checks not yet due come now (their clock would otherwise never reach them).
  if (items.length < options.count) {
    for (const d of pendingChecks(db, evaluatorId, filter, Number.MAX_SAFE_INTEGER)) add(d.comparisonId, d.leftSide, 'position-check', d.repeatOf);
  }
  return items;
}

/** The first item of the queue, as the foundation's single-item call returns it (it cannot carry repeatOf, so no position checks). */
export function nextComparison(db: Database.Database, evaluatorId: string, datasetId?: string, exclude?: string[]): { comparison: ComparisonView; leftSide: Side } | null {
  const [item] = nextComparisons(db, evaluatorId, { datasetId, count: 1, positionChecks: false, exclude });
  return item ? { comparison: item.comparison, leftSide: item.leftSide } : null;
}

/** Distinct layers of the comparisons (within a dataset when given), ascending. */
export function listLayers(db: Database.Database, datasetId?: string): number[] {
  const rows = datasetId
    ? db.prepare(`SELECT DISTINCT c.layer FROM comparisons c WHERE ${inDatasetSql('c', '= @datasetId')} AND c.layer IS NOT NULL ORDER BY 1`).all({ datasetId })
    : distinctLayers(db).map((layer) => ({ layer }));
  return (rows as { layer: number }[]).map((r) => r.layer);
}

/** The data's layer values, one index seek each (comparisons_layer) rather than a walk over every comparison. */
function distinctLayers(db: Database.Database): number[] {
  const next = db.prepare('SELECT layer FROM comparisons WHERE layer > ? ORDER BY layer LIMIT 1').pluck();
  const layers: number[] = [];
  for (let layer = next.get(-1) as number | undefined; layer !== undefined; layer = next.get(layer) as number | undefined) layers.push(layer);
  return layers;
}
