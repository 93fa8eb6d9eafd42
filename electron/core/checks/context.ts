// The shape of a store-based check: it reads the store (and may score models on the native engine,
// asynchronously) and returns its candidate flags with notes on what it could not check and why.
import type { Store } from '../store';
import type { FlagCandidate } from '../db/flags';
import type { HumanVerdict } from './verdicts';

export interface CheckContext {
  store: Store;
  /** The live human verdicts, read once per run of the checks. */
  verdicts: readonly HumanVerdict[];
}

export interface CheckOutcome {
  flags: FlagCandidate[];
  /** What was left unchecked and why (e.g. "run X: layer 1 has no active model"). */
  notes: string[];
}

export type StoreCheck = (context: CheckContext) => Promise<CheckOutcome> | CheckOutcome;

/** The evaluator of each verdict's judgment, for a flag's evaluatorIds. */
export function evaluatorsOf(verdicts: readonly HumanVerdict[], judgmentIds: readonly string[]): string[] {
  const ids = new Set(judgmentIds);
  return [...new Set(verdicts.filter((v) => ids.has(v.judgmentId)).map((v) => v.evaluatorId))];
}
