// Finding what a user names: a run by id or name, a dataset by id; NOT_FOUND, saying what was asked for, otherwise.
import { RungError } from '../../api/errors';
import type { Store } from '../store';

export function findRun(store: Store, idOrName: string): { id: string; name: string } {
  const row = store.db.prepare('SELECT id, name FROM runs WHERE id = ? OR name = ?').get(idOrName, idOrName) as { id: string; name: string } | undefined;
  if (!row) throw new RungError('NOT_FOUND', `no run with id or name "${idOrName}"`);
  return row;
}

export function requireDataset(store: Store, datasetId: string): void {
  if (!store.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(datasetId)) throw new RungError('NOT_FOUND', `no dataset with id ${datasetId}`);
}
