// The models table: storing a trained model's checksummed blob with its config, metrics and provenance, reading
// one back, and which model is active for each run's layer.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { nowIso } from '../ids';
import { appendAudit } from './audit';

export interface NewModelRow {
  id: string;
  name: string;
  config: Record<string, unknown>;
  metrics: Record<string, unknown>;
  trainedOn: Record<string, unknown>;
  engineVersion: string;
  device: string;
  blob: Buffer;
  blobSha256: string;
  actor: string;
  runId: string | null;
  layerId: string | null;
  /** The audit entry's action: 'train' (default), or 'import' for a lab's scores. */
  action?: 'train' | 'import';
  /** What the audit entry records beside the name (default: the metrics). */
  details?: Record<string, unknown>;
}

/** Stores a model as the active one of its run and layer, with its audit entry. */
export function insertModel(db: Database.Database, m: NewModelRow): void {
  db.transaction(() => {
    db.prepare('UPDATE models SET active = 0 WHERE run_id IS ? AND layer_id IS ?').run(m.runId, m.layerId);
    db.prepare(
      `INSERT INTO models (id, run_id, layer_id, name, config, metrics, trained_on, engine_version, device, blob, blob_sha256, active, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    ).run(
      m.id, m.runId, m.layerId, m.name, JSON.stringify(m.config), JSON.stringify(m.metrics),
      JSON.stringify(m.trainedOn), m.engineVersion, m.device, m.blob, m.blobSha256, nowIso(),
    );
    appendAudit(db, { actor: m.actor, action: m.action ?? 'train', entity: 'model', entityId: m.id, details: { name: m.name, ...(m.details ?? { metrics: m.metrics }) } });
  })();
}

/** A models row as stored (JSON columns as text). */
export interface ModelRow {
  id: string;
  name: string;
  config: string;
  metrics: string;
  trained_on: string;
  engine_version: string;
  device: string;
  active: number;
  created_at: string;
  blob_sha256: string;
}

/**
 * The config column as read (SQL over the models row aliased `m`): an external model's `scores` is how many of its
 * scores the store holds now (a dataset deletion takes those of its comparisons, a work bundle carries only those of
 * the comparisons sent), not how many its file had; a trained model's config as stored.
 */
const CONFIG_AS_READ = `CASE WHEN json_extract(m.config, '$.kind') = 'external'
  THEN json_set(m.config, '$.scores', (SELECT count(*) FROM external_scores s WHERE s.model_id = m.id)) ELSE m.config END`;

/** 'external' for a lab's model whose scores were imported, else 'trained' (SQL over the models row aliased `m`). */
const KIND = `CASE WHEN json_extract(m.config, '$.kind') = 'external' THEN 'external' ELSE 'trained' END`;

const ROW = `SELECT m.id, m.name, ${CONFIG_AS_READ} AS config, m.metrics, m.trained_on, m.engine_version, m.device, m.active, m.created_at, m.blob_sha256 FROM models m`;

/** A model's weights as stored (tens of MiB for hashed words: read only when no thread holds the model loaded). */
export function modelBlob(db: Database.Database, id: string): Buffer | null {
  return (db.prepare('SELECT blob FROM models WHERE id = ?').pluck().get(id) as Buffer | undefined) ?? null;
}

/** The model with this id, else the most recent active model, its weights left unread; null when there is none. */
export function modelRow(db: Database.Database, id?: string): ModelRow | null {
  const row = id ? db.prepare(`${ROW} WHERE m.id = ?`).get(id) : db.prepare(`${ROW} ORDER BY m.active DESC, m.created_at DESC LIMIT 1`).get();
  return (row as ModelRow | undefined) ?? null;
}

/** A model's row without its weights: what tells a trained model from an external one (config.kind). */
export interface ModelHeader {
  id: string;
  name: string;
  config: string;
  trainedOn: string;
  createdAt: string;
}

/** The model with this id, its weights left unread; null when there is none. */
export function modelHeader(db: Database.Database, id: string): ModelHeader | null {
  return (
    (db.prepare(`SELECT m.id, m.name, ${CONFIG_AS_READ} AS config, m.trained_on AS trainedOn, m.created_at AS createdAt FROM models m WHERE m.id = ?`).get(id) as
      | ModelHeader
      | undefined) ?? null
  );
}

/** The rowid of the model that scores the layer whose id is `layerId` (SQL): its newest active one (index
 *  models_layer_active, migration 0016, so the model rows and their weights are not read to find it). */
const newestActiveModelOf = (layerId: string) =>
  `(SELECT newest.rowid FROM models newest WHERE newest.layer_id = ${layerId} AND newest.active = 1 ORDER BY newest.created_at DESC LIMIT 1)`;

/** The id of the active model of a run's layer, or null when that layer has none. */
export function activeModelId(db: Database.Database, runId: string, layer: number): string | null {
  const row = db
    .prepare(`SELECT m.id FROM models m JOIN layers l ON l.id = m.layer_id WHERE l.run_id = ? AND l.idx = ? AND m.rowid = ${newestActiveModelOf('l.id')}`)
    .get(runId, layer) as { id: string } | undefined;
  return row?.id ?? null;
}

/** The run a model belongs to: undefined when there is no such model, null when it belongs to none. */
export function modelRunId(db: Database.Database, modelId: string): string | null | undefined {
  const owner = db.prepare('SELECT run_id AS runId FROM models WHERE id = ?').get(modelId) as { runId: string | null } | undefined;
  return owner ? owner.runId : undefined;
}

/** A model as the Ladder page lists it (metrics and its trained_on record without the id lists, as stored JSON text). */
export interface ModelSummaryRow {
  id: string;
  name: string;
  runId: string | null;
  layer: number | null;
  active: number;
  device: string;
  engineVersion: string;
  createdAt: string;
  metrics: string;
  trainedOn: string;
  notes: string;
  config: string;
}

/** A model's trained_on record without its id lists: its stored brief (migration 0029's triggers keep one for every
 *  model), worked out from the record itself should one ever be missing. */
const TRAINED_ON_BRIEF = `COALESCE(b.brief, json_remove(m.trained_on, '$.judgmentIds', '$.heldOutComparisonIds', '$.heldOutJudgmentIds'))`;

const SUMMARY = `SELECT m.id, m.name, m.run_id AS runId, l.idx AS layer, m.active, m.device, m.engine_version AS engineVersion,
  m.created_at AS createdAt, m.metrics, ${TRAINED_ON_BRIEF} AS trainedOn, m.notes, ${CONFIG_AS_READ} AS config
  FROM models m LEFT JOIN layers l ON l.id = m.layer_id LEFT JOIN model_trained_on_briefs b ON b.model_id = m.id`;

/** Every model (of one run when given), newest first. */
export function modelSummaryRows(db: Database.Database, runId?: string): ModelSummaryRow[] {
  return db.prepare(`${SUMMARY} WHERE (? IS NULL OR m.run_id = ?) ORDER BY m.created_at DESC, m.id`).all(runId ?? null, runId ?? null) as ModelSummaryRow[];
}

/** Makes a model the active one of its run and layer (audited); NOT_FOUND for an unknown model. Returns its row. */
export function activateModel(db: Database.Database, modelId: string, actor: string): ModelSummaryRow {
  db.transaction(() => {
    const model = db.prepare('SELECT run_id AS runId, layer_id AS layerId FROM models WHERE id = ?').get(modelId) as { runId: string | null; layerId: string | null } | undefined;
    if (!model) throw new RungError('NOT_FOUND', `no model with id ${modelId}`);
    db.prepare('UPDATE models SET active = 0 WHERE run_id IS ? AND layer_id IS ?').run(model.runId, model.layerId);
    db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(modelId);
    appendAudit(db, { actor, action: 'activate', entity: 'model', entityId: modelId, details: {} });
  }).immediate();
  return db.prepare(`${SUMMARY} WHERE m.id = ?`).get(modelId) as ModelSummaryRow;
}

/** Changes a model's name and/or notes (audited with both values, old and new); NOT_FOUND for an unknown model.
 *  A change to what the model already says records nothing. Returns its row. */
export function editModel(db: Database.Database, modelId: string, change: { name?: string; notes?: string }, actor: string): ModelSummaryRow {
  db.transaction(() => {
    const model = db.prepare('SELECT name, notes FROM models WHERE id = ?').get(modelId) as { name: string; notes: string } | undefined;
    if (!model) throw new RungError('NOT_FOUND', `no model with id ${modelId}`);
    const next = { name: change.name ?? model.name, notes: change.notes ?? model.notes };
    if (next.name === model.name && next.notes === model.notes) return;
    db.prepare('UPDATE models SET name = ?, notes = ? WHERE id = ?').run(next.name, next.notes, modelId);
    appendAudit(db, { actor, action: 'edit', entity: 'model', entityId: modelId, details: { from: model, to: next } });
  }).immediate();
  return db.prepare(`${SUMMARY} WHERE m.id = ?`).get(modelId) as ModelSummaryRow;
}

/** An active model of a run's layer, with the judgments it was trained on (JSON text of trained_on.judgmentIds). */
export interface ActiveModelRow {
  runId: string;
  runName: string;
  layer: number;
  modelId: string;
  modelName: string;
  kind: 'trained' | 'external';
  judgmentIds: string | null;
  /** The key of the run's rubric criterion it was trained on (trained_on.criterion), or null. */
  criterion: string | null;
}

/** The active models of every run's layers, by run and layer, the newest first within a layer. */
export function activeModelRows(db: Database.Database): ActiveModelRow[] {
  return db
    .prepare(
      `SELECT r.id AS runId, r.name AS runName, l.idx AS layer, m.id AS modelId, m.name AS modelName, ${KIND} AS kind,
              json_extract(m.trained_on, '$.judgmentIds') AS judgmentIds, json_extract(m.trained_on, '$.criterion.key') AS criterion
         FROM models m JOIN layers l ON l.id = m.layer_id JOIN runs r ON r.id = m.run_id
        WHERE m.active = 1
        ORDER BY r.created_at, r.id, l.idx, m.created_at DESC`,
    )
    .all() as ActiveModelRow[];
}

/** A run's active model per layer (the newest active one, as activeModelId picks it), without what trained them. */
export function activeModelsOfRun(db: Database.Database, runId: string): { layer: number; modelId: string; modelName: string }[] {
  return db
    .prepare(
      `SELECT l.idx AS layer, m.id AS modelId, m.name AS modelName
         FROM models m JOIN layers l ON l.id = m.layer_id
        WHERE l.run_id = ? AND m.rowid = ${newestActiveModelOf('l.id')}
        ORDER BY l.idx`,
    )
    .all(runId) as { layer: number; modelId: string; modelName: string }[];
}

/** Those of these models that are no longer active (a training or an activation gave their layer another model). */
export function inactiveModelIds(db: Database.Database, ids: readonly string[]): string[] {
  return db.prepare(`SELECT id FROM models WHERE active = 0 AND id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(ids)) as string[];
}

/** The models that give assistance (the newest active model of each run layer that has a layer above it), newest first. */
export function assistingModelIds(db: Database.Database, limit: number): string[] {
  return db
    .prepare(
      `SELECT m.id FROM layers l JOIN models m ON m.rowid = ${newestActiveModelOf('l.id')}
        WHERE EXISTS (SELECT 1 FROM layers above WHERE above.run_id = l.run_id AND above.idx = l.idx + 1)
        ORDER BY m.created_at DESC LIMIT ?`,
    )
    .pluck()
    .all(limit) as string[];
}

/** The active model outside any run (trained by plain `rung train`), newest first: at most one, as training activates it. */
export function activePlainModelRow(db: Database.Database): { modelId: string; modelName: string; kind: 'trained' | 'external'; judgmentIds: string | null } | null {
  return (
    (db
      .prepare(
        `SELECT m.id AS modelId, m.name AS modelName, ${KIND} AS kind, json_extract(m.trained_on, '$.judgmentIds') AS judgmentIds
           FROM models m WHERE m.run_id IS NULL AND m.active = 1 ORDER BY m.created_at DESC LIMIT 1`,
      )
      .get() as { modelId: string; modelName: string; kind: 'trained' | 'external'; judgmentIds: string | null } | undefined) ?? null
  );
}
