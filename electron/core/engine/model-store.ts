// Models in the database (the models table): save a trained model as its checksummed blob with config,
// metrics and provenance, mark it active, and load one back by id (or the active one).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { insertModel, modelBlob, modelRow } from '../db/models';
import { externalProvenance, isExternalConfig } from '../scoring/external-config';
import { newId } from '../ids';
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
  insertModel(db, {
    id, name: input.name, config: input.config, metrics: input.metrics, trainedOn: input.trainedOn,
    engineVersion: input.model.config.engineVersion, device: input.device, blob, blobSha256: sha, actor: input.actor,
    runId: input.runId ?? null, layerId: input.layerId ?? null,
  });
  return id;
}

/** The model with this id, else the most recent active model; null when there is none. Verifies the stored hash;
 *  an external model (scores, no weights: scoring/scorer.ts reads it) is refused with CONFLICT. The weights are held
 *  once per process, by that hash: a model another thread holds is not read or checked again. */
export function loadModel(db: Database.Database, id?: string): StoredModel | null {
  const row = modelRow(db, id);
  if (!row) return null;
  const config = JSON.parse(row.config) as Record<string, unknown>;
  if (isExternalConfig(config)) throw new RungError('CONFLICT', `model ${row.name} (${row.id}) is ${externalProvenance(config)}: it has scores, not weights to load`);
  return {
    id: row.id,
    name: row.name,
    config,
    metrics: JSON.parse(row.metrics),
    trainedOn: JSON.parse(row.trained_on),
    engineVersion: row.engine_version,
    device: row.device,
    active: row.active === 1,
    createdAt: row.created_at,
    model: RewardModel.shared(row.blob_sha256) ?? verifiedModel(db, row.id, row.blob_sha256),
  };
}

function verifiedModel(db: Database.Database, id: string, sha256: string): RewardModel {
  const blob = modelBlob(db, id);
  if (!blob || createHash('sha256').update(blob).digest('hex') !== sha256) throw new Error(`model ${id}: stored blob does not match its SHA-256`);
  return RewardModel.fromBlob(blob, sha256);
}
