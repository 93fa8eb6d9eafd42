// The assignment tables (migration 0012): writing a drawn assignment, reading assignments back with their evaluators'
// counts, what one evaluator was assigned (the queue's and the draws' view), and the verdicts on assigned items.
import type Database from 'better-sqlite3';
import { newId, nowIso } from '../ids';
import { appendAudit } from './audit';
import { ROUTED_AUTO } from './deferrals';
import { FILTER, type FilterParams } from './queue-filter';

/** What an assignment row holds, written and read alike. */
interface AssignmentFields {
  name: string;
  runId: string | null;
  layer: number | null;
  datasetId: string | null;
  /** The saved filter it was drawn from (migration 0027). */
  filterName: string | null;
  overlap: number;
  seed: number;
  controlShare: number;
  positionCheckShare: number;
  deadline: string | null;
  unassigned: number;
}

export interface NewAssignment extends AssignmentFields {
  evaluators: readonly { id: string; quota: number | null }[];
  items: readonly { evaluatorId: string; comparisonId: string; position: number; control: boolean; positionCheck: boolean }[];
}

export interface AssignmentRow extends AssignmentFields {
  id: string;
  runName: string | null;
  datasetName: string | null;
  createdBy: string;
  createdAt: string;
}

export interface AssignedEvaluatorRow {
  evaluatorId: string;
  name: string;
  quota: number | null;
  assigned: number;
  controlTrials: number;
  positionChecks: number;
}

/** The comparisons an assignment over this source draws from: those within the queue filter a deferral round has not auto-labelled. */
export function assignableComparisonIds(db: Database.Database, filter: FilterParams): string[] {
  return db.prepare(`SELECT c.id FROM comparisons c WHERE ${FILTER} AND NOT ${ROUTED_AUTO} ORDER BY c.rowid`).pluck().all(filter) as string[];
}

/** An evaluator by id, else by name (people's names are unique; a person is preferred to a model of the same name). */
export function evaluatorByIdOrName(db: Database.Database, idOrName: string): { id: string; name: string; kind: string } | null {
  return (
    (db
      .prepare(`SELECT id, name, kind FROM evaluators WHERE id = @ref OR name = @ref ORDER BY id = @ref DESC, kind = 'human' DESC LIMIT 1`)
      .get({ ref: idOrName }) as { id: string; name: string; kind: string } | undefined) ?? null
  );
}

/** Writes an assignment, its evaluators and items in one transaction, with an audit entry. Returns its id. */
export function insertAssignment(db: Database.Database, assignment: NewAssignment, actor: string): string {
  const id = newId();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO assignments (id, name, run_id, layer_idx, dataset_id, filter_name, overlap, seed, control_share, position_check_share, deadline, unassigned, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      assignment.name,
      assignment.runId,
      assignment.layer,
      assignment.datasetId,
      assignment.filterName,
      assignment.overlap,
      assignment.seed,
      assignment.controlShare,
      assignment.positionCheckShare,
      assignment.deadline,
      assignment.unassigned,
      actor,
      nowIso(),
    );
    const evaluator = db.prepare('INSERT INTO assignment_evaluators (assignment_id, evaluator_id, quota) VALUES (?, ?, ?)');
    for (const e of assignment.evaluators) evaluator.run(id, e.id, e.quota);
    const item = db.prepare('INSERT INTO assignment_items (assignment_id, evaluator_id, comparison_id, position, control, position_check) VALUES (?, ?, ?, ?, ?, ?)');
    for (const i of assignment.items) item.run(id, i.evaluatorId, i.comparisonId, i.position, i.control ? 1 : 0, i.positionCheck ? 1 : 0);
    appendAudit(db, {
      actor,
      action: 'create',
      entity: 'assignment',
      entityId: id,
      details: { name: assignment.name, evaluators: assignment.evaluators.length, overlap: assignment.overlap, seed: assignment.seed, items: assignment.items.length },
    });
  }).immediate();
  return id;
}

const SELECT = `SELECT a.id, a.name, a.run_id AS runId, r.name AS runName, a.layer_idx AS layer, a.dataset_id AS datasetId, d.name AS datasetName, a.filter_name AS filterName,
    a.overlap, a.seed, a.control_share AS controlShare, a.position_check_share AS positionCheckShare, a.deadline, a.unassigned,
    a.created_by AS createdBy, a.created_at AS createdAt
  FROM assignments a LEFT JOIN runs r ON r.id = a.run_id LEFT JOIN datasets d ON d.id = a.dataset_id`;

export function assignmentRow(db: Database.Database, id: string): AssignmentRow | null {
  return (db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as AssignmentRow | undefined) ?? null;
}

/** Every assignment, newest first. */
export function assignmentRows(db: Database.Database): AssignmentRow[] {
  return db.prepare(`${SELECT} ORDER BY a.created_at DESC, a.rowid DESC`).all() as AssignmentRow[];
}

/** An assignment's evaluators (by name) with how many items, control trials and position checks each was given. */
export function assignedEvaluators(db: Database.Database, assignmentId: string): AssignedEvaluatorRow[] {
  return db
    .prepare(
      `SELECT ae.evaluator_id AS evaluatorId, e.name, ae.quota,
         count(ai.comparison_id) AS assigned, coalesce(sum(ai.control), 0) AS controlTrials, coalesce(sum(ai.position_check), 0) AS positionChecks
       FROM assignment_evaluators ae JOIN evaluators e ON e.id = ae.evaluator_id
       LEFT JOIN assignment_items ai ON ai.assignment_id = ae.assignment_id AND ai.evaluator_id = ae.evaluator_id
       WHERE ae.assignment_id = ?
       GROUP BY ae.evaluator_id ORDER BY e.name`,
    )
    .all(assignmentId) as AssignedEvaluatorRow[];
}

/** Whether the evaluator was assigned this comparison, and as a control trial / position check (their oldest assignment of it); null if not. */
export function assignedItem(db: Database.Database, evaluatorId: string, comparisonId: string): { control: boolean; positionCheck: boolean } | null {
  const row = db
    .prepare(
      `SELECT ai.control, ai.position_check AS positionCheck FROM assignment_items ai JOIN assignments a ON a.id = ai.assignment_id
       WHERE ai.evaluator_id = ? AND ai.comparison_id = ? ORDER BY a.created_at, a.rowid LIMIT 1`,
    )
    .get(evaluatorId, comparisonId) as { control: number; positionCheck: number } | undefined;
  return row ? { control: row.control === 1, positionCheck: row.positionCheck === 1 } : null;
}

/** The evaluator's assignments, in the order the queue serves them: earliest deadline first (none last), then oldest. */
export function evaluatorAssignmentIds(db: Database.Database, evaluatorId: string): string[] {
  return db
    .prepare(
      `SELECT a.id FROM assignments a JOIN assignment_evaluators ae ON ae.assignment_id = a.id
       WHERE ae.evaluator_id = ? ORDER BY a.deadline IS NULL, a.deadline, a.created_at, a.rowid`,
    )
    .pluck()
    .all(evaluatorId) as string[];
}

/**
 * The evaluator's (@evaluatorId) comparisons `c` of one assignment that satisfy `where` (SQL, named parameters), in the
 * assignment's seeded order: a walk of assignment_items_order that stops at `limit`.
 */
export function assignedComparisonIds(db: Database.Database, assignmentId: string, where: string, params: Record<string, unknown>, limit: number): string[] {
  return db
    .prepare(
      `SELECT c.id FROM assignment_items ai JOIN comparisons c ON c.id = ai.comparison_id
       WHERE ai.assignment_id = @assignmentId AND ai.evaluator_id = @evaluatorId AND ${where}
       ORDER BY ai.position LIMIT @limit`,
    )
    .pluck()
    .all({ ...params, assignmentId, limit }) as string[];
}

/** Every comparison an assignment gives this evaluator, in the order it gives them. */
export function assignmentItemIds(db: Database.Database, assignmentId: string, evaluatorId: string): string[] {
  return db
    .prepare('SELECT comparison_id FROM assignment_items WHERE assignment_id = ? AND evaluator_id = ? ORDER BY position')
    .pluck()
    .all(assignmentId, evaluatorId) as string[];
}

export interface AssignedVerdictRow {
  evaluatorId: string;
  comparisonId: string;
  /** The evaluator's latest live verdict on the item (position-check repeats aside): A, B, tie or skip; null if none. */
  choice: string | null;
  durationMs: number | null;
}

/** For each item of an assignment: its evaluator's latest live verdict (none: choice null). */
export function assignedVerdicts(db: Database.Database, assignmentId: string): AssignedVerdictRow[] {
  return db
    .prepare(
      `SELECT ai.evaluator_id AS evaluatorId, ai.comparison_id AS comparisonId, j.choice, j.duration_ms AS durationMs
       FROM assignment_items ai
       LEFT JOIN live_judgments j ON j.seq = (SELECT max(l.seq) FROM live_judgments l
         WHERE l.evaluator_id = ai.evaluator_id AND l.comparison_id = ai.comparison_id AND l.repeat_of IS NULL)
       WHERE ai.assignment_id = ?`,
    )
    .all(assignmentId) as AssignedVerdictRow[];
}

export interface PersonVerdict {
  evaluatorId: string;
  comparisonId: string;
  choice: string;
}

/** Each person's latest usable verdict (A, B or tie; skips, exclusions and position-check repeats aside) per comparison. */
const LATEST_PEOPLE_VERDICTS = `SELECT v.evaluator_id AS evaluatorId, v.comparison_id AS comparisonId, v.choice
       FROM usable_verdicts v JOIN evaluators e ON e.id = v.evaluator_id
       WHERE e.kind = 'human'
         AND v.seq = (SELECT max(l.seq) FROM usable_verdicts l WHERE l.evaluator_id = v.evaluator_id AND l.comparison_id = v.comparison_id)`;

/** Every person's latest usable verdict on the assignment's comparisons: who else judged the same items. */
export function peopleVerdictsOnAssigned(db: Database.Database, assignmentId: string): PersonVerdict[] {
  return db
    .prepare(`${LATEST_PEOPLE_VERDICTS} AND v.comparison_id IN (SELECT DISTINCT comparison_id FROM assignment_items WHERE assignment_id = ?)`)
    .all(assignmentId) as PersonVerdict[];
}

/** Every person's latest usable verdict on every comparison here. */
export function peopleVerdicts(db: Database.Database): PersonVerdict[] {
  return db.prepare(LATEST_PEOPLE_VERDICTS).all() as PersonVerdict[];
}
