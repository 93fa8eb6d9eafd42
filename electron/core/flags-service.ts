// The contract's handlers for checks (incl. the drift view), flags, judgments and evaluator agreement (merged into service.ts).
import { callerActor } from '../api/caller';
import type { Handlers } from '../api/contract';
import { updateFlag } from './checks/flag-actions';
import { exportFlags, getFlagDetail, listFlags, listJudgments } from './checks/flag-queries';
import { getDrift } from './checks/drift';
import { runChecks } from './checks/run';
import { evaluatorStats } from './app/evaluator-stats';
import { excludeJudgment } from './db/judgment-writes';
import type { Store } from './store';
import type { VerdictIntake } from './app/verdict-intake';

type FlagHandlers = Pick<Handlers, 'runChecks' | 'listFlags' | 'getFlag' | 'updateFlag' | 'excludeJudgment' | 'exportFlags' | 'listJudgments' | 'getEvaluatorStats' | 'getDrift'>;

export function createFlagHandlers(store: Store, verdicts: VerdictIntake): FlagHandlers {
  return {
    runChecks: (_params, caller) => runChecks(store, callerActor(caller) ?? 'app'),
    getDrift: ({ runId }) => getDrift(store.db, runId),
    listFlags: (options) => listFlags(store.db, options),
    getFlag: ({ id }) => getFlagDetail(store.db, id) as ReturnType<FlagHandlers['getFlag']>,
    updateFlag: (request) => updateFlag(store.db, request),
    excludeJudgment: ({ judgmentId, actor, reason }) => excludeJudgment(store.db, judgmentId, actor, reason),
    exportFlags: ({ format, status }) => exportFlags(store.db, format, status),
    listJudgments: async (filter) => {
      await verdicts.stored(filter.evaluatorId); // an evaluator's own list shows the verdicts they were just told are in
      return listJudgments(store.db, filter) as Awaited<ReturnType<FlagHandlers['listJudgments']>>;
    },
    getEvaluatorStats: (params) => evaluatorStats(store, params),
  };
}
