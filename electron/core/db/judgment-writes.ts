// Storing verdicts and undoing them. A verdict is acknowledged only after its transaction has committed
// (WAL, synchronous=FULL), so an acknowledged judgment survives a crash. Judgments are never deleted:
// undo and change set retracted_at (with an audit entry), and the queue, counts and exports read live_judgments only.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { newId, nowIso } from '../ids';
import { appendAudit } from './audit';
import { requireEvaluator } from './evaluators';
import { writeExclusion } from './exclusion';
import { schedulePositionCheck, type Side } from './position-checks';
import { advanceWatermarks } from './queue-watermarks';
import { getComparisonView, stableLeftSide, type QueueItem } from './queue';
import { answerRelabel, openRelabelRequests, reopenRelabel } from './relabel';
import { insertJudgmentCriteria, judgmentCriteria, type CriterionVerdict } from './criteria';
import { checkCriteria, type NewCriterionVerdict } from './rubric-checks';
import { rubricOf } from './rubrics';

export interface NewJudgment {
  comparisonId: string;
  evaluatorId: string;
  choice: 'A' | 'B' | 'tie' | 'skip';
  strength?: number;
  confidence?: number;
  rationale?: string;
  durationMs?: number;
  leftSide: Side;
  assistance?: Record<string, unknown>;
  subJudgments?: Record<string, unknown>[];
  /** Client-generated id of this submit: a retry with the same id returns the stored judgment instead of adding one. */
  requestId?: string;
  /** Answers a position check: the judgment this one repeats. */
  repeatOf?: string;
  /** The run the comparison was judged in: its criteria are the rubric (default: db/rubrics.ts's choice). */
  rubricRunId?: string;
  /** One verdict per criterion of the rubric (the first's is the judgment's own choice); none on a skip. */
  criteria?: NewCriterionVerdict[];
}

export interface SubmitOptions {
  /** Refuse (CONFLICT) a second live verdict by the same evaluator on the same comparison (the UI's path). */
  requireFresh?: boolean;
}

export interface Acknowledgement {
  id: string;
  createdAt: string;
  /** True when requestId matched a judgment already stored: nothing was added. */
  duplicate: boolean;
}

/**
 * Verdicts acknowledged but not yet in the store (the verdict journal, app/verdict-intake.ts): checking a new verdict
 * must see them as the store will.
 */
export interface UnstoredVerdicts {
  byRequest(evaluatorId: string, requestId: string): Acknowledgement & { comparisonId: string } | undefined;
  /** Whether the evaluator has an unstored verdict on this comparison. */
  onComparison(evaluatorId: string, comparisonId: string): boolean;
  /** Whether an unstored verdict repeats this judgment (answers its position check). */
  repeats(judgmentId: string): boolean;
}

/** A verdict that passed its checks: what writing it needs. */
export interface CheckedVerdict {
  evaluatorName: string;
  /** The run whose rubric the verdict's criteria are written under; absent when it carries none. */
  rubricRunId?: string;
}

/**
 * The checks of a verdict against the store (reads only; run it in the transaction that writes, or in a read
 * transaction when the verdict is journaled) and against verdicts not stored yet. An earlier submit with the same
 * requestId is returned as its acknowledgement.
 */
export function checkVerdict(db: Database.Database, judgment: NewJudgment, options: SubmitOptions, unstored?: UnstoredVerdicts): CheckedVerdict | { acknowledged: Acknowledgement } {
  if (judgment.requestId) {
    const existing =
      (db
        .prepare('SELECT id, comparison_id AS comparisonId, created_at AS createdAt FROM judgments WHERE evaluator_id = ? AND request_id = ?')
        .get(judgment.evaluatorId, judgment.requestId) as { id: string; comparisonId: string; createdAt: string } | undefined) ?? unstored?.byRequest(judgment.evaluatorId, judgment.requestId);
    if (existing) {
      if (existing.comparisonId !== judgment.comparisonId) throw new RungError('CONFLICT', `request ${judgment.requestId} was already used for another comparison`);
      return { acknowledged: { id: existing.id, createdAt: existing.createdAt, duplicate: true } };
    }
  }
  if (!db.prepare('SELECT 1 FROM comparisons WHERE id = ?').get(judgment.comparisonId)) {
    throw new RungError('NOT_FOUND', `no comparison with id ${judgment.comparisonId}`);
  }
  const evaluator = requireEvaluator(db, judgment.evaluatorId);
  const modelId = judgment.assistance?.modelId;
  if (typeof modelId === 'string' && !db.prepare('SELECT 1 FROM models WHERE id = ?').get(modelId)) {
    throw new RungError('NOT_FOUND', `assistance.modelId: no model with id ${modelId}`);
  }
  if (judgment.repeatOf) {
    const original = db.prepare('SELECT evaluator_id AS evaluatorId, comparison_id AS comparisonId, retracted_at AS retractedAt FROM judgments WHERE id = ?').get(judgment.repeatOf) as
      | { evaluatorId: string; comparisonId: string; retractedAt: string | null }
      | undefined;
    if (!original) throw new RungError('NOT_FOUND', `no judgment with id ${judgment.repeatOf}`);
    if (original.evaluatorId !== judgment.evaluatorId || original.comparisonId !== judgment.comparisonId) {
      throw new RungError('CONFLICT', `judgment ${judgment.repeatOf} is not this evaluator's verdict on this comparison`);
    }
    if (original.retractedAt) throw new RungError('CONFLICT', `judgment ${judgment.repeatOf} was undone; there is nothing to repeat`);
    if (db.prepare('SELECT 1 FROM live_judgments WHERE repeat_of = ?').get(judgment.repeatOf) || unstored?.repeats(judgment.repeatOf)) {
      throw new RungError('CONFLICT', `the position check of judgment ${judgment.repeatOf} is already answered`);
    }
  }
  // An unstored verdict on the same comparison counts as the store's own would (it may even answer a relabel request).
  const judgedBefore = () =>
    unstored?.onComparison(judgment.evaluatorId, judgment.comparisonId) ||
    (openRelabelRequests(db, judgment.evaluatorId, judgment.comparisonId).length === 0 &&
      db.prepare('SELECT 1 FROM live_judgments WHERE evaluator_id = ? AND comparison_id = ? AND repeat_of IS NULL').get(judgment.evaluatorId, judgment.comparisonId));
  if (!judgment.repeatOf && options.requireFresh && judgedBefore()) {
    throw new RungError('CONFLICT', 'this comparison already has your verdict; undo it first to change it');
  }
  const rubricRunId = checkCriteria(db, judgment);
  return { evaluatorName: evaluator.name, ...(rubricRunId ? { rubricRunId } : {}) };
}

/** checkVerdict for a verdict about to be journaled: in one read transaction, so it sees one state of the store. */
export function checkVerdictToJournal(db: Database.Database, judgment: NewJudgment, options: SubmitOptions, unstored: UnstoredVerdicts): CheckedVerdict | { acknowledged: Acknowledgement } {
  return db.transaction(() => checkVerdict(db, judgment, options, unstored))();
}

/** Writes a checked verdict with its id and time (in a write transaction): the row, its audit entry, the relabel
 *  requests it answers (db/relabel.ts), the queue's watermarks and a position check it may schedule. */
export function writeVerdict(db: Database.Database, judgment: NewJudgment, checked: CheckedVerdict, id: string, createdAt: string): void {
  const relabelRequests = judgment.repeatOf ? [] : openRelabelRequests(db, judgment.evaluatorId, judgment.comparisonId);
  db.prepare(
    `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, strength, confidence, rationale, duration_ms, left_side,
                            assistance, sub_judgments, origin, dataset_id, created_at, request_id, repeat_of)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ui', NULL, ?, ?, ?)`,
  ).run(
    id,
    judgment.comparisonId,
    judgment.evaluatorId,
    judgment.choice,
    judgment.strength ?? null,
    judgment.confidence ?? null,
    judgment.rationale ?? null,
    judgment.durationMs ?? null,
    judgment.leftSide,
    judgment.assistance ? JSON.stringify(judgment.assistance) : null,
    judgment.subJudgments ? JSON.stringify(judgment.subJudgments) : null,
    createdAt,
    judgment.requestId ?? null,
    judgment.repeatOf ?? null,
  );
  appendAudit(db, {
    actor: checked.evaluatorName,
    action: 'judge',
    entity: 'judgment',
    entityId: id,
    details: { comparisonId: judgment.comparisonId, choice: judgment.choice, ...(judgment.repeatOf ? { repeatOf: judgment.repeatOf } : {}) },
  });
  if (checked.rubricRunId && judgment.criteria) insertJudgmentCriteria(db, id, checked.rubricRunId, judgment.criteria.map((c) => ({ ...c, strength: c.strength ?? null })));
  answerRelabel(db, relabelRequests, { id, comparisonId: judgment.comparisonId, evaluatorId: judgment.evaluatorId, evaluatorName: checked.evaluatorName, choice: judgment.choice, at: createdAt });
  if (!judgment.repeatOf) advanceWatermarks(db, judgment.evaluatorId, judgment.comparisonId);
  if (!judgment.repeatOf && judgment.choice !== 'skip') schedulePositionCheck(db, judgment.evaluatorId, judgment.comparisonId, id, judgment.leftSide);
}

export function submitJudgment(db: Database.Database, judgment: NewJudgment, options: SubmitOptions = {}): Acknowledgement {
  return db
    .transaction((): Acknowledgement => {
      const checked = checkVerdict(db, judgment, options);
      if ('acknowledged' in checked) return checked.acknowledged;
      const id = newId();
      const createdAt = nowIso();
      writeVerdict(db, judgment, checked, id, createdAt);
      return { id, createdAt, duplicate: false };
    })
    .immediate();
}

/** A verdict acknowledged from the verdict journal, as it is written into the store (with what its checks found). */
export interface AcknowledgedVerdict extends CheckedVerdict {
  id: string;
  createdAt: string;
  judgment: NewJudgment;
}

/**
 * Writes acknowledged verdicts in their order, in one transaction; one already in the store (by id: an earlier
 * attempt committed) is skipped, so writing the same ones again changes nothing.
 */
export function storeAcknowledgedVerdicts(db: Database.Database, verdicts: readonly AcknowledgedVerdict[]): void {
  const stored = db.prepare('SELECT 1 FROM judgments WHERE id = ?');
  db.transaction(() => {
    for (const verdict of verdicts) {
      if (!stored.get(verdict.id)) writeVerdict(db, verdict.judgment, verdict, verdict.id, verdict.createdAt);
    }
  }).immediate();
}

export interface Undone {
  judgmentId: string;
  /** The retracted verdict's rationale: the evaluator's draft when they judge it again. */
  rationale: string | null;
  /** The comparison, back at the front of the queue, with the sides it was shown with (and the rubric it was judged on). */
  item: QueueItem;
  /** The retracted verdict's per-criterion verdicts: the drafts of the new one (none without a rubric). */
  criteria: CriterionVerdict[];
}

/** A live verdict as retraction reads it. */
interface Retractable {
  id: string;
  evaluatorId: string;
  comparisonId: string;
  leftSide: Side | null;
  repeatOf: string | null;
  choice: string;
  rationale: string | null;
  origin: string;
  retractedAt: string | null;
}

const RETRACTABLE = `SELECT id, evaluator_id AS evaluatorId, comparison_id AS comparisonId, left_side AS leftSide, repeat_of AS repeatOf, choice, rationale,
  origin, retracted_at AS retractedAt FROM judgments`;

/**
 * Within a write transaction: retracts a live verdict (never deletes it) with its audit entry (`reason`: undo or
 * change), reopens the relabel requests it answered, and returns its comparison as a queue item with the sides it
 * was shown with. The one retraction undo and change share.
 */
function retract(db: Database.Database, evaluatorName: string, verdict: Retractable, reason: 'undo' | 'change'): Undone {
  const now = nowIso();
  db.prepare('UPDATE judgments SET retracted_at = ? WHERE id = ?').run(now, verdict.id);
  appendAudit(db, { actor: evaluatorName, action: 'retract', entity: 'judgment', entityId: verdict.id, details: { comparisonId: verdict.comparisonId, choice: verdict.choice, reason } });
  const relabel = reopenRelabel(db, { id: verdict.id, choice: verdict.choice, evaluatorName, at: now });
  const comparison = getComparisonView(db, verdict.comparisonId)!;
  // Judged again under the rubric it was judged on (a skip, which has no criteria, under the default one).
  const judged = judgmentCriteria(db, [verdict.id]).get(verdict.id);
  return {
    judgmentId: verdict.id,
    rationale: verdict.rationale,
    criteria: judged?.verdicts ?? [],
    item: {
      comparison,
      leftSide: verdict.leftSide ?? stableLeftSide(verdict.evaluatorId, verdict.comparisonId),
      kind: verdict.repeatOf ? 'position-check' : relabel ? 'relabel' : 'returned',
      repeatOf: verdict.repeatOf,
      relabel,
      rubric: rubricOf(db, verdict.comparisonId, judged?.runId),
    },
  };
}

/** Retracts the evaluator's latest live verdict made in the app (never deletes it); null when there is none. */
export function undoLastJudgment(db: Database.Database, evaluatorId: string): Undone | null {
  return db
    .transaction((): Undone | null => {
      const evaluator = requireEvaluator(db, evaluatorId);
      const last = db
        .prepare(`${RETRACTABLE} WHERE id = (SELECT id FROM live_judgments WHERE evaluator_id = ? AND origin = 'ui' ORDER BY created_at DESC, seq DESC LIMIT 1)`)
        .get(evaluatorId) as Retractable | undefined;
      return last ? retract(db, evaluator.name, last, 'undo') : null;
    })
    .immediate();
}

/**
 * Why a verdict cannot be changed (retracted to be judged again) by its evaluator, in the words the refusal uses;
 * null when it can. Undo, which takes back the latest verdict whatever it is, does not ask: a change is only of a
 * verdict given in the app that nothing later rests on.
 */
export function changeRefusal(db: Database.Database, verdict: Pick<Retractable, 'id' | 'evaluatorId' | 'comparisonId' | 'repeatOf' | 'origin' | 'retractedAt'>): string | null {
  if (verdict.retractedAt) return 'this verdict was already retracted (undone or changed, perhaps in another window): there is nothing to change';
  if (verdict.origin !== 'ui') return `this verdict was ${verdict.origin === 'import' ? 'imported' : 'given by a model'}, not given on the Compare page: it cannot be changed here`;
  if (verdict.repeatOf) return 'this verdict answered a position check (the comparison shown again with its sides swapped): it cannot be changed';
  if (db.prepare('SELECT 1 FROM relabel_requests WHERE done_judgment_id = ?').get(verdict.id)) {
    return 'this verdict answered a relabel request: it cannot be changed (undo it while it is your latest verdict)';
  }
  // A position check's repeat is the same evaluator's on the same comparison: judgments_comparison_evaluator finds it.
  if (db.prepare('SELECT 1 FROM live_judgments WHERE comparison_id = ? AND evaluator_id = ? AND repeat_of = ?').get(verdict.comparisonId, verdict.evaluatorId, verdict.id)) {
    return 'its position check has been answered since: this verdict cannot be changed';
  }
  if (
    db
      .prepare('SELECT 1 FROM live_judgments WHERE evaluator_id = ? AND comparison_id = ? AND repeat_of IS NULL AND id <> ? AND seq > (SELECT rowid FROM judgments WHERE id = ?)')
      .get(verdict.evaluatorId, verdict.comparisonId, verdict.id, verdict.id)
  ) {
    return 'a later verdict of yours on this comparison stands in its place: this verdict cannot be changed';
  }
  return null;
}

/**
 * Retracts one of the evaluator's verdicts so that its comparison can be judged again (the Compare page's "change"),
 * as undo retracts the latest; refused (CONFLICT, changeRefusal's words) when it cannot be changed.
 */
export function retractJudgment(db: Database.Database, evaluatorId: string, judgmentId: string): Undone {
  return db
    .transaction((): Undone => {
      const evaluator = requireEvaluator(db, evaluatorId);
      const verdict = db.prepare(`${RETRACTABLE} WHERE id = ?`).get(judgmentId) as Retractable | undefined;
      if (!verdict) throw new RungError('NOT_FOUND', `no judgment with id ${judgmentId}`);
      if (verdict.evaluatorId !== evaluatorId) throw new RungError('CONFLICT', `judgment ${judgmentId} is not ${evaluator.name}'s verdict: only its evaluator can change it`);
      const refusal = changeRefusal(db, verdict);
      if (refusal) throw new RungError('CONFLICT', refusal);
      return retract(db, evaluator.name, verdict, 'change');
    })
    .immediate();
}

/** Marks a judgment as excluded from future training (it stays, and stays visible), with its audit entry. */
export function excludeJudgment(db: Database.Database, judgmentId: string, actor: string, reason: string): { judgmentId: string; excludedAt: string } {
  const excludedAt = nowIso();
  db.transaction(() => {
    const judgment = db.prepare('SELECT excluded_at AS excludedAt FROM judgments WHERE id = ?').get(judgmentId) as { excludedAt: string | null } | undefined;
    if (!judgment) throw new RungError('NOT_FOUND', `no judgment with id ${judgmentId}`);
    if (judgment.excludedAt) throw new RungError('CONFLICT', `judgment ${judgmentId} is already excluded from training`);
    writeExclusion(db, judgmentId, excludedAt, actor, reason);
  }).immediate();
  return { judgmentId, excludedAt };
}
