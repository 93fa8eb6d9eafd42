// The contract's handlers for a lab's own model's scores (merged into service.ts).
import { callerActor } from '../api/caller';
import type { Handlers } from '../api/contract';
import { importScores } from './app/import-scores';
import type { Store } from './store';

export function createScoresHandlers(store: Store): Pick<Handlers, 'importScores'> {
  return {
    importScores: (params, caller) => importScores(store, params, callerActor(caller) ?? params.actor),
  };
}
