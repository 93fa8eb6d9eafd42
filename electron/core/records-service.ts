// The contract's handlers for the Data page's record browser and its saved filters (merged into service.ts).
import { callerActor } from '../api/caller';
import type { Handlers } from '../api/contract';
import { getComparison, listComparisons } from './app/records';
import { deleteRecordFilter, listRecordFilters, saveRecordFilter } from './app/saved-filters';
import type { Store } from './store';

type RecordHandlers = Pick<Handlers, 'listComparisons' | 'getComparison' | 'saveRecordFilter' | 'listRecordFilters' | 'deleteRecordFilter'>;

export function createRecordHandlers(store: Store): RecordHandlers {
  return {
    listComparisons: (params) => listComparisons(store, params),
    getComparison: ({ id }) => getComparison(store, id),
    saveRecordFilter: (params, caller) => saveRecordFilter(store, params, callerActor(caller) ?? params.actor),
    listRecordFilters: () => listRecordFilters(store),
    deleteRecordFilter: ({ name, actor }, caller) => deleteRecordFilter(store, name, callerActor(caller) ?? actor),
  };
}
