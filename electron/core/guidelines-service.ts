// The contract's handlers for guidelines (merged into service.ts).
import { callerActor } from '../api/caller';
import type { Handlers } from '../api/contract';
import { guidelinesFor, setGuidelines } from './app/guidelines';
import type { Store } from './store';

type GuidelinesHandlers = Pick<Handlers, 'getGuidelines' | 'setGuidelines'>;

export function createGuidelinesHandlers(store: Store): GuidelinesHandlers {
  return {
    getGuidelines: (params) => guidelinesFor(store.db, params),
    setGuidelines: (params, caller) => setGuidelines(store.db, params, callerActor(caller) ?? params.actor),
  };
}
