// The SQL of the flags explorer: a filtered, sorted page of flags (fast at 100,000 flags: the page's ids first, in
// index order, then the details of those rows only), one flag with everything its detail view shows (the comparison,
// every judgment on it, which model assisted which judgment, which models trained on them, relabel requests, the
// audit trail), the judgments list, and the flags an export holds.
import type Database from 'better-sqlite3';
import { WAS_ASSISTED_SQL } from './assistance-sql';

export interface FlagFilter {
  kind?: string;
  status?: string;
  minSeverity?: number;
  layer?: number;
  evaluatorId?: string;
  modelId?: string;
}

export interface FlagPageOptions extends FlagFilter {
  sort: 'severity' | 'created' | 'kind';
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** A flag as stored, with its comparison's layer and prompt and its evaluators' names (joined by U+001F). */
export interface RawFlag {
  id: string;
  kind: string;
  severity: number;
  status: 'open' | 'confirmed' | 'dismissed' | 'relabel_requested' | 'relabelled';
  comparisonId: string | null;
  layer: number | null;
  prompt: string | null;
  evaluatorNames: string | null;
  notes: string;
  createdAt: string;
  updatedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  evidence: string;
  /** Its answered relabel requests, first answer first: a JSON array of RelabelAnswerFacts. */
  relabelAnswers: string;
}

/** What an answered relabel request says: who answered, their earlier verdict it kept (if any) and the answer. */
export interface RelabelAnswerFacts {
  answeredBy: string;
  original: string | null;
  answer: string;
}

/** The answered relabel requests (r) with who answered, the earlier verdict and the answer, as RelabelAnswerFacts. */
const ANSWERED = `relabel_requests r JOIN judgments a ON a.id = r.done_judgment_id JOIN evaluators ae ON ae.id = a.evaluator_id
  LEFT JOIN judgments o ON o.id = r.original_judgment_id`;

const SELECT = `
  SELECT f.id, f.kind, f.severity, f.status, f.comparison_id AS comparisonId, c.layer, p.text AS prompt,
         (SELECT group_concat(e.name, '\u001f') FROM json_each(f.evaluator_ids) je JOIN evaluators e ON e.id = je.value) AS evaluatorNames,
         f.notes, f.created_at AS createdAt, f.updated_at AS updatedAt, f.resolved_by AS resolvedBy, f.resolved_at AS resolvedAt, f.evidence,
         (SELECT json_group_array(json_object('answeredBy', x.answeredBy, 'original', x.original, 'answer', x.answer)) FROM (
            SELECT ae.name AS answeredBy, o.choice AS original, a.choice AS answer FROM ${ANSWERED} WHERE r.flag_id = f.id ORDER BY r.done_at, r.id) x) AS relabelAnswers
  FROM flags f
  LEFT JOIN comparisons c ON c.id = f.comparison_id
  LEFT JOIN prompts p ON p.id = c.prompt_id`;

function where(filter: FlagFilter): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.kind !== undefined) {
    parts.push('f.kind = @kind');
    params.kind = filter.kind;
  }
  if (filter.status !== undefined) {
    parts.push('f.status = @status');
    params.status = filter.status;
  }
  if (filter.minSeverity !== undefined) {
    parts.push('f.severity >= @minSeverity');
    params.minSeverity = filter.minSeverity;
  }
  if (filter.layer !== undefined) {
    parts.push('c.layer = @layer');
    params.layer = filter.layer;
  }
  if (filter.evaluatorId !== undefined) {
    parts.push('EXISTS (SELECT 1 FROM json_each(f.evaluator_ids) WHERE value = @evaluatorId)');
    params.evaluatorId = filter.evaluatorId;
  }
  if (filter.modelId !== undefined) {
    parts.push('EXISTS (SELECT 1 FROM json_each(f.model_ids) WHERE value = @modelId)');
    params.modelId = filter.modelId;
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

const ORDER: Record<FlagPageOptions['sort'], string> = { severity: 'f.severity', created: 'f.created_at', kind: 'f.kind' };

/** One page of flags under the filter, in the chosen order, with how many match and every kind of flag stored. */
export function flagPage(db: Database.Database, options: FlagPageOptions): { total: number; rows: RawFlag[]; kinds: string[] } {
  const { sql, params } = where(options);
  const from = `FROM flags f LEFT JOIN comparisons c ON c.id = f.comparison_id ${sql}`;
  const total = (db.prepare(`SELECT count(*) AS n ${from}`).get(params) as { n: number }).n;
  const direction = options.direction === 'asc' ? 'ASC' : 'DESC';
  // The page's ids first (index order, no joins), then the details of those rows only.
  const page = db
    .prepare(`SELECT f.id ${from} ORDER BY ${ORDER[options.sort]} ${direction}, f.id ${direction} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: options.limit, offset: options.offset }) as { id: string }[];
  const byId = new Map(
    (db.prepare(`${SELECT} WHERE f.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(page.map((p) => p.id))) as RawFlag[]).map((r) => [r.id, r]),
  );
  const rows = page.map((p) => byId.get(p.id)!);
  const kinds = (db.prepare('SELECT DISTINCT kind FROM flags ORDER BY kind').all() as { kind: string }[]).map((r) => r.kind);
  return { total, rows, kinds };
}

export function rawFlag(db: Database.Database, id: string): RawFlag | null {
  return (db.prepare(`${SELECT} WHERE f.id = ?`).get(id) as RawFlag | undefined) ?? null;
}

/** The flags of an export (of one status when given), most severe first. */
export function exportedFlags(db: Database.Database, status?: string): RawFlag[] {
  const { sql, params } = where({ status });
  return db.prepare(`${SELECT} ${sql} ORDER BY f.severity DESC, f.id`).all(params) as RawFlag[];
}

const JUDGMENT_SELECT = `
  SELECT j.id, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, e.name AS evaluator, e.kind AS evaluatorKind,
         j.choice, j.strength, j.left_side AS leftSide, j.rationale, j.duration_ms AS durationMs, ${WAS_ASSISTED_SQL} AS assisted,
         j.origin, j.repeat_of AS repeatOf, j.created_at AS createdAt, j.retracted_at AS retractedAt,
         j.excluded_at AS excludedAt, j.excluded_reason AS excludedReason
  FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id`;

/** A judgment as the explorer lists it (undone and excluded ones included, with when and why); assisted 0 or 1. */
export type RawJudgment = Record<string, unknown> & { id: string; assisted: number };

/** A page of judgments (of one evaluator and/or comparison, and/or with a verdict on one criterion of a run's rubric),
 *  newest first, with how many match. */
export function judgmentPage(
  db: Database.Database,
  filter: { evaluatorId?: string; comparisonId?: string; criterion?: { runId: string; key: string }; offset: number; limit: number },
): { total: number; rows: RawJudgment[] } {
  const parts: string[] = [];
  if (filter.evaluatorId) parts.push('j.evaluator_id = @evaluatorId');
  if (filter.comparisonId) parts.push('j.comparison_id = @comparisonId');
  if (filter.criterion) parts.push('EXISTS (SELECT 1 FROM judgment_criteria jc WHERE jc.judgment_id = j.id AND jc.run_id = @criterionRunId AND jc.criterion = @criterionKey)');
  const sql = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
  const params = { evaluatorId: filter.evaluatorId, comparisonId: filter.comparisonId, criterionRunId: filter.criterion?.runId, criterionKey: filter.criterion?.key };
  const total = (db.prepare(`SELECT count(*) AS n FROM judgments j ${sql}`).get(params) as { n: number }).n;
  // Newest first; among verdicts of one moment (an import's share one) the later written first. For one evaluator
  // that is index judgments_evaluator_created read backwards (it ends in the rowid), so no sort, however many there are.
  const rows = db.prepare(`${JUDGMENT_SELECT} ${sql} ORDER BY j.created_at DESC, j.rowid DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit: filter.limit, offset: filter.offset }) as RawJudgment[];
  return { total, rows };
}

/** Every judgment on these comparisons, oldest first. */
export function judgmentsOn(db: Database.Database, comparisonIds: readonly string[]): RawJudgment[] {
  return db.prepare(`${JUDGMENT_SELECT} WHERE j.comparison_id IN (SELECT value FROM json_each(?)) ORDER BY j.created_at, j.id`).all(JSON.stringify(comparisonIds)) as RawJudgment[];
}

/** A flagged comparison with its texts, ground truth, layer and first dataset's name. */
export function flagComparison(db: Database.Database, comparisonId: string): Record<string, unknown> {
  return db
    .prepare(
      `SELECT c.id, p.text AS prompt, ra.text AS responseA, rb.text AS responseB, c.ground_truth AS groundTruth, c.layer, d.name AS dataset
       FROM comparisons c JOIN prompts p ON p.id = c.prompt_id JOIN responses ra ON ra.id = c.response_a_id
       JOIN responses rb ON rb.id = c.response_b_id LEFT JOIN datasets d ON d.id = c.dataset_id WHERE c.id = ?`,
    )
    .get(comparisonId) as Record<string, unknown>;
}

/** The judgments on these comparisons made with a model's assistance, and that model. */
export function assistedJudgments(db: Database.Database, comparisonIds: readonly string[]): { judgmentId: string; modelId: string; modelName: string | null }[] {
  return db
    .prepare(`SELECT j.id AS judgmentId, json_extract(j.assistance, '$.modelId') AS modelId, m.name AS modelName FROM judgments j
              LEFT JOIN models m ON m.id = json_extract(j.assistance, '$.modelId')
              WHERE j.comparison_id IN (SELECT value FROM json_each(?)) AND json_extract(j.assistance, '$.modelId') IS NOT NULL AND ${WAS_ASSISTED_SQL}`)
    .all(JSON.stringify(comparisonIds)) as { judgmentId: string; modelId: string; modelName: string | null }[];
}

/** The models trained on any of these judgments: how many judgments each was trained on, and how many of these. */
export function modelsTrainedOn(db: Database.Database, judgmentIds: readonly string[]): { id: string; name: string; trainedOnJudgments: number | null; trainedOnHere: number }[] {
  return db
    .prepare(`SELECT id, name, trainedOnJudgments, trainedOnHere FROM (
                SELECT m.id, m.name, json_array_length(json_extract(m.trained_on, '$.judgmentIds')) AS trainedOnJudgments,
                       (SELECT count(*) FROM json_each(json_extract(m.trained_on, '$.judgmentIds')) t WHERE t.value IN (SELECT value FROM json_each(?))) AS trainedOnHere
                FROM models m)
              WHERE trainedOnHere > 0`)
    .all(JSON.stringify(judgmentIds)) as { id: string; name: string; trainedOnJudgments: number | null; trainedOnHere: number }[];
}

/** A relabel request as the flag's detail lists it; when answered, with RelabelAnswerFacts (else those are null). */
export interface RawRelabelRequest {
  id: string;
  evaluatorId: string | null;
  evaluator: string | null;
  requestedBy: string;
  reason: string;
  createdAt: string;
  doneAt: string | null;
  answeredBy: string | null;
  original: string | null;
  answer: string | null;
}

/** The relabel requests a flag made, oldest first. */
export function relabelRequestsOf(db: Database.Database, flagId: string): RawRelabelRequest[] {
  return db
    .prepare(
      `SELECT r.id, r.evaluator_id AS evaluatorId, e.name AS evaluator, r.requested_by AS requestedBy, r.reason, r.created_at AS createdAt, r.done_at AS doneAt,
              ae.name AS answeredBy, o.choice AS original, a.choice AS answer
       FROM relabel_requests r LEFT JOIN evaluators e ON e.id = r.evaluator_id LEFT JOIN judgments a ON a.id = r.done_judgment_id
       LEFT JOIN evaluators ae ON ae.id = a.evaluator_id LEFT JOIN judgments o ON o.id = r.original_judgment_id
       WHERE r.flag_id = ? ORDER BY r.created_at`,
    )
    .all(flagId) as RawRelabelRequest[];
}

/** The texts of these responses. */
export function responseTexts(db: Database.Database, responseIds: readonly string[]): { id: string; text: string }[] {
  return db.prepare(`SELECT id, text FROM responses WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(responseIds)) as { id: string; text: string }[];
}

/** The flag's own audit trail, and the retractions, exclusions from training and inclusions again of these judgments, in order. */
export function flagAuditTrail(db: Database.Database, flagId: string, judgmentIds: readonly string[]): { at: string; actor: string; action: string; details: string }[] {
  return db
    .prepare(
      `SELECT at, actor, action, details FROM audit_log
       WHERE (entity = 'flag' AND entity_id = ?)
          OR (entity = 'judgment' AND action IN ('retract', 'exclude-from-training', 'include-in-training') AND entity_id IN (SELECT value FROM json_each(?)))
       ORDER BY seq`,
    )
    .all(flagId, JSON.stringify(judgmentIds)) as { at: string; actor: string; action: string; details: string }[];
}

/** The models a flag concerns (its model_ids), with run, layer and trained_on (JSON text). */
export function flaggedModels(db: Database.Database, flagId: string): { id: string; name: string; runId: string | null; layer: number | null; trainedOn: string }[] {
  return db
    .prepare(
      `SELECT m.id, m.name, m.run_id AS runId, l.idx AS layer, m.trained_on AS trainedOn
         FROM json_each((SELECT model_ids FROM flags WHERE id = ?)) fm JOIN models m ON m.id = fm.value LEFT JOIN layers l ON l.id = m.layer_id`,
    )
    .all(flagId) as { id: string; name: string; runId: string | null; layer: number | null; trainedOn: string }[];
}

/** How many of these judgments each evaluator made, most first. */
export function judgmentsByEvaluator(db: Database.Database, judgmentIds: readonly string[]): { evaluatorId: string; evaluator: string; judgments: number }[] {
  return db
    .prepare(
      `SELECT e.id AS evaluatorId, e.name AS evaluator, count(*) AS judgments
         FROM json_each(?) t JOIN judgments j ON j.id = t.value JOIN evaluators e ON e.id = j.evaluator_id
        GROUP BY e.id ORDER BY judgments DESC, e.name`,
    )
    .all(JSON.stringify(judgmentIds)) as { evaluatorId: string; evaluator: string; judgments: number }[];
}
