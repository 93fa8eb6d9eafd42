// Saved filters of the record browser (db/saved-filters.ts stores them): saving one under a name (what it names must
// exist; a name taken only with `replace`), listing and deleting them, and the one an assignment draws from.
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { RecordFilterParams } from '../../api/records';
import { deleteSavedFilter, savedFilterRow, savedFilterRows, writeSavedFilter, type SavedFilterRow } from '../db/saved-filters';
import type { Store } from '../store';
import { recordFilter } from './records';

type SavedFilter = Result<'saveRecordFilter'>;

/** A stored row with its filter read back through the contract's schema (a filter saved by a later Rung is refused). */
function checked({ filter, ...row }: SavedFilterRow): SavedFilter {
  const parsed = RecordFilterParams.safeParse(filter);
  if (!parsed.success) throw new RungError('CONFLICT', `saved filter "${row.name}" holds a filter this Rung cannot read (${parsed.error.issues[0].message}); save it again`);
  return { ...row, filter: parsed.data };
}

export function saveRecordFilter(store: Store, { name, filter, replace }: ParsedParams<'saveRecordFilter'>, actor: string): SavedFilter {
  recordFilter(store, filter);
  if (!replace && savedFilterRow(store.db, name)) throw new RungError('CONFLICT', `name: a filter named "${name}" is saved already; choose another name or replace it`);
  return checked(writeSavedFilter(store.db, name, filter, actor));
}

export const listRecordFilters = (store: Store): SavedFilter[] => savedFilterRows(store.db).map(checked);

/** The saved filter of this name; NOT_FOUND naming it (and `field`, the parameter that named it). */
export function savedFilterNamed(store: Store, name: string, field: string): SavedFilter {
  const row = savedFilterRow(store.db, name);
  if (!row) throw new RungError('NOT_FOUND', `${field}: no saved filter named "${name}"`);
  return checked(row);
}

export function deleteRecordFilter(store: Store, name: string, actor: string): { deleted: true } {
  if (!deleteSavedFilter(store.db, name, actor)) throw new RungError('NOT_FOUND', `name: no saved filter named "${name}"`);
  return { deleted: true };
}
