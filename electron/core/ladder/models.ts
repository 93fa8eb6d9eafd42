// The models table as the Ladder page lists it: each model's run, layer, held-out metrics and what it was
// trained on (counts, not the blob), and choosing the active model of a layer.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { appendAudit } from '../db/audit';

interface Row {
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
}

const SELECT = `SELECT m.id, m.name, m.run_id AS runId, l.idx AS layer, m.active, m.device, m.engine_version AS engineVersion,
  m.created_at AS createdAt, m.metrics, m.trained_on AS trainedOn FROM models m LEFT JOIN layers l ON l.id = m.layer_id`;

function summary(row: Row) {
  const metrics = JSON.parse(row.metrics) as { heldOut?: Record<string, number | null> | null };
  const trainedOn = JSON.parse(row.trainedOn) as {
    trainComparisons?: number;
    judgments?: number;
    evaluators?: unknown[];
    judgmentsBySource?: { human: number; simulated: number; model: number };
    combine?: 'majority' | 'reliability';
  };
  const h = metrics.heldOut;
  return {
    id: row.id,
    name: row.name,
    runId: row.runId,
    layer: row.layer,
    active: row.active === 1,
    device: row.device,
    engineVersion: row.engineVersion,
    createdAt: row.createdAt,
    heldOut: h ? { accuracy: h.accuracy ?? null, logLoss: h.logLoss ?? null, ece: h.ece ?? null, lengthBaselineAccuracy: h.lengthBaselineAccuracy ?? null } : null,
    trainComparisons: trainedOn.trainComparisons ?? 0,
    judgments: trainedOn.judgments ?? 0,
    evaluators: Array.isArray(trainedOn.evaluators) ? trainedOn.evaluators.length : 0,
    judgmentsBySource: trainedOn.judgmentsBySource ?? { human: trainedOn.judgments ?? 0, simulated: 0, model: 0 },
    combine: trainedOn.combine ?? 'majority',
  };
}

export function listModelSummaries(db: Database.Database, runId?: string) {
  return (db.prepare(`${SELECT} WHERE (? IS NULL OR m.run_id = ?) ORDER BY m.created_at DESC, m.id`).all(runId ?? null, runId ?? null) as Row[]).map(summary);
}

/** Makes a model the active one of its run and layer. */
export function setActiveModel(db: Database.Database, modelId: string, actor: string) {
  db.transaction(() => {
    const model = db.prepare('SELECT run_id AS runId, layer_id AS layerId FROM models WHERE id = ?').get(modelId) as { runId: string | null; layerId: string | null } | undefined;
    if (!model) throw new RungError('NOT_FOUND', `no model with id ${modelId}`);
    db.prepare('UPDATE models SET active = 0 WHERE run_id IS ? AND layer_id IS ?').run(model.runId, model.layerId);
    db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(modelId);
    appendAudit(db, { actor, action: 'activate', entity: 'model', entityId: modelId, details: {} });
  }).immediate();
  return summary(db.prepare(`${SELECT} WHERE m.id = ?`).get(modelId) as Row);
}
