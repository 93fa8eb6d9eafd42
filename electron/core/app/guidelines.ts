// Guidelines as the contract gives them: a dataset's and a run's layer's, each labelled for the Compare page, read
// and written by the dataset's id or by the run and the layer's index (db/guidelines.ts stores them).
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import type { ParsedParams, Result } from '../../api/contract';
import { datasetName } from '../db/datasets';
import { readGuidelines, writeGuidelines, type GuidelinesRow, type GuidelinesTarget } from '../db/guidelines';
import { runLayerIds } from '../db/layer-members';
import { runLayers, runName } from '../db/runs';

type Guidelines = Result<'setGuidelines'>;

/** A dataset's target and label; NOT_FOUND for an unknown dataset. */
function datasetTarget(db: Database.Database, datasetId: string) {
  const name = datasetName(db, datasetId);
  if (name === null) throw new RungError('NOT_FOUND', `no dataset with id ${datasetId}`);
  const target: GuidelinesTarget = { kind: 'dataset', id: datasetId };
  return { target, label: `Dataset ${name}`, datasetId, runId: null, layer: null };
}

/** A run's layer's target and label; NOT_FOUND for an unknown run or layer. */
function layerTarget(db: Database.Database, runId: string, layer: number) {
  const [layerId] = runLayerIds(db, runId, layer);
  const layerName = runLayers(db, runId).find((l) => l.idx === layer)?.name ?? '';
  const target: GuidelinesTarget = { kind: 'layer', id: layerId };
  return { target, label: `Run ${runName(db, runId)} · layer ${layer}${layerName ? ` (${layerName})` : ''}`, datasetId: null, runId, layer };
}

type Where = ReturnType<typeof datasetTarget> | ReturnType<typeof layerTarget>;

const labelled = ({ target, ...where }: Where, row: GuidelinesRow): Guidelines => ({ scope: target.kind, ...where, ...row });

/** The guidelines that apply to a dataset, a run's layer or both (the dataset's first); empty ones are left out. */
export function guidelinesFor(db: Database.Database, { datasetId, runId, layer }: ParsedParams<'getGuidelines'>): Guidelines[] {
  const wheres = [...(datasetId !== undefined ? [datasetTarget(db, datasetId)] : []), ...(runId !== undefined ? [layerTarget(db, runId, layer!)] : [])];
  return wheres.flatMap((where) => {
    const row = readGuidelines(db, where.target);
    return row && row.text.trim() !== '' ? [labelled(where, row)] : [];
  });
}

/** Writes a dataset's or a layer's guidelines (audited); returns them as stored. */
export function setGuidelines(db: Database.Database, { datasetId, runId, layer, text }: ParsedParams<'setGuidelines'>, actor: string): Guidelines {
  const where = datasetId !== undefined ? datasetTarget(db, datasetId) : layerTarget(db, runId!, layer!);
  return labelled(where, writeGuidelines(db, where.target, text, actor));
}
