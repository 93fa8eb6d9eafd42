// The contract's handlers for the Data page's record browser (merged into service.ts).
import type { Handlers } from '../api/contract';
import { getComparison, listComparisons } from './app/records';
import type { Store } from './store';

export function createRecordHandlers(store: Store): Pick<Handlers, 'listComparisons' | 'getComparison'> {
  return {
    listComparisons: (params) => listComparisons(store, params),
    getComparison: ({ id }) => getComparison(store, id),
  };
}
