// The contract's handlers for runs and layers (merged into service.ts).
import type { Handlers } from '../api/contract';
import { createDemoRun, createRun, listRuns } from './ladder/runs';
import type { Store } from './store';

type LadderHandlers = Pick<Handlers, 'listRuns' | 'createRun' | 'createDemoRun'>;

export function createLadderHandlers(store: Store): LadderHandlers {
  return {
    listRuns: () => listRuns(store.db),
    createRun: ({ name, description, layers, actor }) => createRun(store.db, name, description, layers, actor),
    createDemoRun: () => createDemoRun(store.db, 'app'),
  };
}
