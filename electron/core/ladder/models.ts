// The models table as the Ladder page lists it: each model's run, layer, held-out metrics and what it was
// trained on (counts, not the blob) and how (its recipe line), its name and notes, and choosing the active model of a layer.
import type Database from 'better-sqlite3';
import { activateModel, editModel, modelSummaryRows, type ModelSummaryRow } from '../db/models';
import { trainingRecipe } from './model-recipe';
import { isExternalConfig } from '../scoring/external-config';

function summary(row: ModelSummaryRow) {
  const metrics = JSON.parse(row.metrics) as { heldOut?: Record<string, number | null> | null };
  const trainedOn = JSON.parse(row.trainedOn) as {
    trainComparisons?: number;
    judgments?: number;
    evaluators?: unknown[];
    judgmentsBySource?: { human: number; simulated: number; model: number };
    combine?: 'majority' | 'reliability';
    criterion?: { key: string; label: string } | null;
  };
  const h = metrics.heldOut;
  const config = JSON.parse(row.config) as Record<string, unknown>;
  const external = isExternalConfig(config) ? config : null;
  return {
    id: row.id,
    name: row.name,
    notes: row.notes,
    recipe: trainingRecipe(row.config, row.trainedOn),
    kind: external ? ('external' as const) : ('trained' as const),
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
    ...(trainedOn.criterion ? { criterion: trainedOn.criterion } : {}),
    ...(external ? { external: { file: external.source.file, scores: external.scores, importedAt: external.importedAt } } : {}),
  };
}

export function listModelSummaries(db: Database.Database, runId?: string) {
  return modelSummaryRows(db, runId).map(summary);
}

/** Renames a model and/or changes its notes. */
export function changeModel(db: Database.Database, modelId: string, change: { name?: string; notes?: string }, actor: string) {
  return summary(editModel(db, modelId, change, actor));
}

/** Makes a model the active one of its run and layer. */
export function setActiveModel(db: Database.Database, modelId: string, actor: string) {
  return summary(activateModel(db, modelId, actor));
}
