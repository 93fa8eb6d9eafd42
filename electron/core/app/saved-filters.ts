// Saved filters of the record browser (db/saved-filters.ts stores them): saving one under a name (what it names must
// exist; a name taken only with `replace`), listing them (in words, with their matches now) and deleting them, and the
// one an assignment draws from.
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { RecordFilterParams } from '../../api/records';
import { assignmentsByFilterName, deleteSavedFilter, savedFilterRow, savedFilterRows, writeSavedFilter, type SavedFilterRow } from '../db/saved-filters';
import type { Store } from '../store';
import { filterWords } from './filter-words';
import { countMatching, recordFilter } from './records';

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

/** What it matches now; null when too many to count cheaply, or when a dataset, run or evaluator it names is gone. */
function matchesNow(store: Store, filter: SavedFilter['filter']): number | null {
  try {
    return countMatching(store, filter);
  } catch (error) {
    if (error instanceof RungError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** Every saved filter with its words, its matches now and the assignments drawn from it. */
export function listRecordFilters(store: Store): Result<'listRecordFilters'> {
  const drawn = assignmentsByFilterName(store.db);
  return savedFilterRows(store.db)
    .map(checked)
    .map((f) => ({ ...f, words: filterWords(store.db, f.filter), matches: matchesNow(store, f.filter), assignments: drawn.get(f.name) ?? [] }));
}

/** The saved filter of this name; NOT_FOUND naming it (and `field`, the parameter that named it). */
export function savedFilterNamed(store: Store, name: string, field: string): SavedFilter {
  const row = savedFilterRow(store.db, name);
  if (!row) throw new RungError('NOT_FOUND', `${field}: no saved filter named "${name}"`);
  return checked(row);
}

/** Deletes it whatever drew from it: an assignment's comparisons were frozen in its items when drawn, and it keeps them. */
export function deleteRecordFilter(store: Store, name: string, actor: string): Result<'deleteRecordFilter'> {
  if (!deleteSavedFilter(store.db, name, actor)) throw new RungError('NOT_FOUND', `name: no saved filter named "${name}"`);
  return { deleted: true, assignments: assignmentsByFilterName(store.db).get(name) ?? [] };
}
