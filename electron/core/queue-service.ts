// The contract's handlers for deferral (merged into service.ts): routing a layer's pending comparisons, the Queue
// page's status of a layer and its list of routed comparisons.
import type { Handlers } from '../api/contract';
import { getQueueStatus, routeLayer } from './ladder/routing';
import { listRoutedItems } from './ladder/routed-items';
import type { Store } from './store';

type QueueHandlers = Pick<Handlers, 'routeLayer' | 'getQueueStatus' | 'listRoutedItems'>;

export function createQueueHandlers(store: Store): QueueHandlers {
  return {
    routeLayer: (params) => routeLayer(store, params),
    getQueueStatus: (params) => getQueueStatus(store, params),
    listRoutedItems: (params) => listRoutedItems(store, params),
  };
}
