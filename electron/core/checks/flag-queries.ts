// Reading flags for the explorer: a filtered, sorted page of rows (fast at 100,000 flags), one flag's
// full detail (comparison, every judgment on it, provenance — which model assisted which judgment, which judgments
// trained which model, what trained the flagged models —, relabel requests, audit trail), and exports.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { csvField } from '../datasets/export';
import { WAS_ASSISTED_SQL } from '../db/judgments';

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

interface RawFlag {
  id: string;
  kind: string;
  severity: number;
  status: 'open' | 'confirmed' | 'dismissed' | 'relabel_requested';
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
}

const EXCERPT = 200;

const SELECT = `
  SELECT f.id, f.kind, f.severity, f.status, f.comparison_id AS comparisonId, c.layer, p.text AS prompt,
         (SELECT group_concat(e.name, '\u001f') FROM json_each(f.evaluator_ids) je JOIN evaluators e ON e.id = je.value) AS evaluatorNames,
         f.notes, f.created_at AS createdAt, f.updated_at AS updatedAt, f.resolved_by AS resolvedBy, f.resolved_at AS resolvedAt, f.evidence
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

export function toFlagRow(raw: RawFlag) {
  const prompt = raw.prompt ?? '';
  return {
    id: raw.id,
    kind: raw.kind,
    severity: raw.severity,
    status: raw.status,
    comparisonId: raw.comparisonId,
    layer: raw.layer,
    promptExcerpt: prompt.length > EXCERPT ? `${prompt.slice(0, EXCERPT - 1)}…` : prompt,
    evaluators: raw.evaluatorNames ? raw.evaluatorNames.split('\u001f') : [],
    notes: raw.notes,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    resolvedBy: raw.resolvedBy,
    resolvedAt: raw.resolvedAt,
  };
}

const ORDER: Record<FlagPageOptions['sort'], string> = { severity: 'f.severity', created: 'f.created_at', kind: 'f.kind' };

export function listFlags(db: Database.Database, options: FlagPageOptions) {
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
  return { total, rows: rows.map(toFlagRow), kinds };
}

export function getFlagRow(db: Database.Database, id: string) {
  const raw = db.prepare(`${SELECT} WHERE f.id = ?`).get(id) as RawFlag | undefined;
  if (!raw) throw new RungError('NOT_FOUND', `no flag with id ${id}`);
  return { raw, row: toFlagRow(raw) };
}

const JUDGMENT_SELECT = `
  SELECT j.id, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, e.name AS evaluator, e.kind AS evaluatorKind,
         j.choice, j.strength, j.left_side AS leftSide, j.rationale, j.duration_ms AS durationMs, ${WAS_ASSISTED_SQL} AS assisted,
         j.origin, j.repeat_of AS repeatOf, j.created_at AS createdAt, j.retracted_at AS retractedAt,
         j.excluded_at AS excludedAt, j.excluded_reason AS excludedReason
  FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id`;

type RawJudgment = Record<string, unknown> & { id: string; assisted: number };
const toJudgmentRow = (r: RawJudgment) => ({ ...r, assisted: r.assisted === 1 });

export function listJudgments(db: Database.Database, filter: { evaluatorId?: string; comparisonId?: string; offset: number; limit: number }) {
  const parts: string[] = [];
  if (filter.evaluatorId) parts.push('j.evaluator_id = @evaluatorId');
  if (filter.comparisonId) parts.push('j.comparison_id = @comparisonId');
  const sql = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
  const params = { evaluatorId: filter.evaluatorId, comparisonId: filter.comparisonId };
  const total = (db.prepare(`SELECT count(*) AS n FROM judgments j ${sql}`).get(params) as { n: number }).n;
  const rows = (db.prepare(`${JUDGMENT_SELECT} ${sql} ORDER BY j.created_at DESC, j.id LIMIT @limit OFFSET @offset`).all({ ...params, limit: filter.limit, offset: filter.offset }) as RawJudgment[]).map(
    toJudgmentRow,
  );
  return { total, rows };
}

export function getFlagDetail(db: Database.Database, id: string) {
  const { raw, row } = getFlagRow(db, id);
  const comparison = raw.comparisonId
    ? (db
        .prepare(
          `SELECT c.id, p.text AS prompt, ra.text AS responseA, rb.text AS responseB, c.ground_truth AS groundTruth, c.layer, d.name AS dataset
           FROM comparisons c JOIN prompts p ON p.id = c.prompt_id JOIN responses ra ON ra.id = c.response_a_id
           JOIN responses rb ON rb.id = c.response_b_id LEFT JOIN datasets d ON d.id = c.dataset_id WHERE c.id = ?`,
        )
        .get(raw.comparisonId) as Record<string, unknown>)
    : null;
  // Judgments on the flagged comparison, and on every comparison the evidence names (a cycle spans three).
  const evidence = JSON.parse(raw.evidence) as Record<string, unknown>;
  const comparisonIds = new Set<string>(raw.comparisonId ? [raw.comparisonId] : []);
  for (const edge of (evidence.cycle as { comparisonId: string }[] | undefined) ?? []) comparisonIds.add(edge.comparisonId);
  const judgments = (db
    .prepare(`${JUDGMENT_SELECT} WHERE j.comparison_id IN (SELECT value FROM json_each(?)) ORDER BY j.created_at, j.id`)
    .all(JSON.stringify([...comparisonIds])) as RawJudgment[]).map(toJudgmentRow);
  const assisted = (db
    .prepare(`SELECT j.id AS judgmentId, json_extract(j.assistance, '$.modelId') AS modelId, m.name AS modelName FROM judgments j
              LEFT JOIN models m ON m.id = json_extract(j.assistance, '$.modelId')
              WHERE j.comparison_id IN (SELECT value FROM json_each(?)) AND json_extract(j.assistance, '$.modelId') IS NOT NULL AND ${WAS_ASSISTED_SQL}`)
    .all(JSON.stringify([...comparisonIds])) as { judgmentId: string; modelId: string; modelName: string | null }[]);
  const judgmentIds = judgments.map((j) => j.id);
  const models = (db
    .prepare(`SELECT m.id, m.name, json_array_length(json_extract(m.trained_on, '$.judgmentIds')) AS trainedOnJudgments FROM models m
              WHERE EXISTS (SELECT 1 FROM json_each(json_extract(m.trained_on, '$.judgmentIds')) t WHERE t.value IN (SELECT value FROM json_each(?)))`)
    .all(JSON.stringify(judgmentIds)) as { id: string; name: string; trainedOnJudgments: number | null }[]).map((m) => ({ ...m, trainedOnJudgments: m.trainedOnJudgments ?? 0 }));
  const flaggedModels = flaggedModelProvenance(db, id, judgmentIds);
  const relabelRequests = db
    .prepare(
      `SELECT r.id, r.evaluator_id AS evaluatorId, e.name AS evaluator, r.requested_by AS requestedBy, r.reason, r.created_at AS createdAt, r.done_at AS doneAt
       FROM relabel_requests r LEFT JOIN evaluators e ON e.id = r.evaluator_id WHERE r.flag_id = ? ORDER BY r.created_at`,
    )
    .all(id);
  if (Array.isArray(evidence.cycle)) {
    const ids = new Set<string>();
    for (const edge of evidence.cycle as { winner: string; loser: string }[]) ids.add(edge.winner).add(edge.loser);
    const texts = db.prepare(`SELECT id, text FROM responses WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify([...ids])) as { id: string; text: string }[];
    evidence.responses = Object.fromEntries(texts.map((r) => [r.id, r.text.length > EXCERPT ? `${r.text.slice(0, EXCERPT - 1)}…` : r.text]));
  }
  // The flag's own trail, and what happened to the judgments it rests on (retractions, exclusions from training).
  const audit = (db
    .prepare(
      `SELECT at, actor, action, details FROM audit_log
       WHERE (entity = 'flag' AND entity_id = ?)
          OR (entity = 'judgment' AND action IN ('retract', 'exclude-from-training') AND entity_id IN (SELECT value FROM json_each(?)))
       ORDER BY seq`,
    )
    .all(id, JSON.stringify(judgments.map((j) => j.id))) as {
    at: string;
    actor: string;
    action: string;
    details: string;
  }[]).map((a) => ({ ...a, details: JSON.parse(a.details) as Record<string, unknown> }));
  return { flag: row, evidence, comparison, judgments, provenance: { assisted, models, flaggedModels }, relabelRequests, audit };
}

/**
 * The models a flag concerns (its model_ids): run and layer, how many judgments trained each (by evaluator), and
 * how many of the flag's own judgments were among them.
 */
function flaggedModelProvenance(db: Database.Database, flagId: string, judgmentIds: string[]) {
  const rows = db
    .prepare(
      `SELECT m.id, m.name, m.run_id AS runId, l.idx AS layer, m.trained_on AS trainedOn
         FROM json_each((SELECT model_ids FROM flags WHERE id = ?)) fm JOIN models m ON m.id = fm.value LEFT JOIN layers l ON l.id = m.layer_id`,
    )
    .all(flagId) as { id: string; name: string; runId: string | null; layer: number | null; trainedOn: string }[];
  const byEvaluator = db.prepare(
    `SELECT e.id AS evaluatorId, e.name AS evaluator, count(*) AS judgments
       FROM json_each(?) t JOIN judgments j ON j.id = t.value JOIN evaluators e ON e.id = j.evaluator_id
      GROUP BY e.id ORDER BY judgments DESC, e.name`,
  );
  const here = new Set(judgmentIds);
  return rows.map((m) => {
    const trainedOn = (JSON.parse(m.trainedOn) as { judgmentIds?: unknown }).judgmentIds;
    const ids = Array.isArray(trainedOn) ? (trainedOn as string[]) : [];
    return {
      id: m.id,
      name: m.name,
      runId: m.runId,
      layer: m.layer,
      trainedOnJudgments: ids.length,
      trainedOnHere: ids.filter((j) => here.has(j)).length,
      byEvaluator: byEvaluator.all(JSON.stringify(ids)) as { evaluatorId: string; evaluator: string; judgments: number }[],
    };
  });
}

const EXPORT_COLUMNS = ['id', 'kind', 'severity', 'status', 'comparisonId', 'layer', 'evaluators', 'promptExcerpt', 'notes', 'createdAt', 'resolvedBy', 'resolvedAt'] as const;

export function exportFlags(db: Database.Database, format: 'csv' | 'jsonl', status?: string) {
  const { sql, params } = where({ status });
  const raws = db.prepare(`${SELECT} ${sql} ORDER BY f.severity DESC, f.id`).all(params) as RawFlag[];
  const lines: string[] = [];
  if (format === 'csv') lines.push(EXPORT_COLUMNS.join(',') + '\r\n');
  for (const raw of raws) {
    const row = toFlagRow(raw);
    if (format === 'jsonl') lines.push(JSON.stringify({ ...row, evidence: JSON.parse(raw.evidence) }) + '\n');
    else lines.push(EXPORT_COLUMNS.map((c) => csvField(c === 'evaluators' ? row.evaluators.join('; ') : row[c])).join(',') + '\r\n');
  }
  return {
    fileName: format === 'csv' ? 'rung-flags.csv' : 'rung-flags.jsonl',
    mimeType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
    rows: raws.length,
    content: lines.join(''),
  };
}
