// Runs the consistency checks over the store and records their flags; returns what each check found.
import type { Store } from '../store';
import { evaluatorDisagreements } from './evaluator-disagreement';
import { openFlagsByKind, recordFlags, type FlagCandidate } from './flags';
import { intransitiveCycles } from './intransitivity';
import { selfInconsistencies } from './self-inconsistency';
import type { FlagKind } from './settings';
import { liveHumanVerdicts, type HumanVerdict } from './verdicts';

export const checks: Record<FlagKind, (verdicts: readonly HumanVerdict[]) => FlagCandidate[]> = {
  'evaluator-disagreement': evaluatorDisagreements,
  'self-inconsistency': selfInconsistencies,
  'intransitive-cycle': intransitiveCycles,
};

export interface CheckReport {
  found: Record<string, number>;
  added: number;
  /** Open flags per kind after the run (all kinds, including those from other checks). */
  byKind: Record<string, number>;
}

export function runChecks(store: Store, actor = 'checks'): CheckReport {
  const verdicts = liveHumanVerdicts(store.db);
  const found: Record<string, number> = {};
  const candidates: FlagCandidate[] = [];
  for (const [kind, check] of Object.entries(checks)) {
    const flags = check(verdicts);
    found[kind] = flags.length;
    candidates.push(...flags);
  }
  const { added } = recordFlags(store.db, candidates, actor);
  return { found, added, byKind: openFlagsByKind(store.db) };
}
