// Finding what a user names: a run by id or name, a dataset by id; NOT_FOUND, saying what was asked for, otherwise.
import { RungError } from '../../api/errors';
import { datasetExists } from '../db/datasets';
import { runIdByName, runRow } from '../db/runs';
import type { Store } from '../store';

export function findRun(store: Store, idOrName: string): { id: string; name: string } {
  const byId = runRow(store.db, idOrName);
  if (byId) return { id: byId.id, name: byId.name };
  const id = runIdByName(store.db, idOrName);
  if (!id) throw new RungError('NOT_FOUND', `no run with id or name "${idOrName}"`);
  return { id, name: idOrName };
}

export function requireDataset(store: Store, datasetId: string): void {
  if (!datasetExists(store.db, datasetId)) throw new RungError('NOT_FOUND', `no dataset with id ${datasetId}`);
}
