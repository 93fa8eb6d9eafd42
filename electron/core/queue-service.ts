// The contract's handlers for deferral (merged into service.ts): routing a layer's pending comparisons and the
// Queue page's status of a layer.
import type { Handlers } from '../api/contract';
import { getQueueStatus, routeLayer } from './ladder/routing';
import type { Store } from './store';

type QueueHandlers = Pick<Handlers, 'routeLayer' | 'getQueueStatus'>;

export function createQueueHandlers(store: Store): QueueHandlers {
  return {
    routeLayer: (params) => routeLayer(store, params),
    getQueueStatus: (params) => getQueueStatus(store, params),
  };
}
