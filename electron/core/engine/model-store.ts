// Models in the database (the models table): save a trained model as its checksummed blob with config,
// metrics and provenance, mark it active, and load one back by id (or the active one).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { appendAudit } from '../db/audit';
import { newId, nowIso } from '../ids';
import { RewardModel } from './index';

export interface SaveModelInput {
  name: string;
  model: RewardModel;
  config: Record<string, unknown>;
  metrics: Record<string, unknown>;
  trainedOn: Record<string, unknown>;
  device: string;
  actor: string;
  runId?: string | null;
  layerId?: string | null;
}

export interface StoredModel {
  id: string;
  name: string;
  config: Record<string, unknown>;
  metrics: Record<string, unknown>;
  trainedOn: Record<string, unknown>;
  engineVersion: string;
  device: string;
  active: boolean;
  createdAt: string;
  model: RewardModel;
}

/** Stores the model and makes it the active one of its run and layer; returns its id. */
export function saveModel(db: Database.Database, input: SaveModelInput): string {
  const id = newId();
  const blob = input.model.toBlob();
  const sha = createHash('sha256').update(blob).digest('hex');
  db.transaction(() => {
    db.prepare('UPDATE models SET active = 0 WHERE run_id IS ? AND layer_id IS ?').run(input.runId ?? null, input.layerId ?? null);
    db.prepare(
      `INSERT INTO models (id, run_id, layer_id, name, config, metrics, trained_on, engine_version, device, blob, blob_sha256, active, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    ).run(
      id, input.runId ?? null, input.layerId ?? null, input.name, JSON.stringify(input.config), JSON.stringify(input.metrics),
      JSON.stringify(input.trainedOn), input.model.config.engineVersion, input.device, blob, sha, nowIso(),
    );
    appendAudit(db, { actor: input.actor, action: 'train', entity: 'model', entityId: id, details: { name: input.name, metrics: input.metrics } });
  })();
  return id;
}

interface Row {
  id: string;
  name: string;
  config: string;
  metrics: string;
  trained_on: string;
  engine_version: string;
  device: string;
  active: number;
  created_at: string;
  blob: Buffer;
  blob_sha256: string;
}

/** The model with this id, else the most recent active model; null when there is none. Verifies the stored hash. */
export function loadModel(db: Database.Database, id?: string): StoredModel | null {
  const row = (
    id
      ? db.prepare('SELECT * FROM models WHERE id = ?').get(id)
      : db.prepare('SELECT * FROM models ORDER BY active DESC, created_at DESC LIMIT 1').get()
  ) as Row | undefined;
  if (!row) return null;
  if (createHash('sha256').update(row.blob).digest('hex') !== row.blob_sha256) throw new Error(`model ${row.id}: stored blob does not match its SHA-256`);
  return {
    id: row.id,
    name: row.name,
    config: JSON.parse(row.config),
    metrics: JSON.parse(row.metrics),
    trainedOn: JSON.parse(row.trained_on),
    engineVersion: row.engine_version,
    device: row.device,
    active: row.active === 1,
    createdAt: row.created_at,
    model: RewardModel.fromBlob(row.blob),
  };
}
