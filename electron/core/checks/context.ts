// The shape of a store-based check: it reads the store (and may score models on the native engine,
// asynchronously) and returns its candidate flags with notes on what it could not check and why.
import type { Store } from '../store';
import type { FlagCandidate } from '../db/flags';
import type { HumanVerdict } from './verdicts';

/** What a run of the checks after an import examines: that import's comparisons (the dataset's). */
export interface CheckScope {
  datasetId: string;
  comparisonIds: ReadonlySet<string>;
}

export interface CheckContext {
  store: Store;
  /** The live human verdicts, read once per run of the checks: all, or when scoped those on the scope's prompts
   *  (every comparison of those prompts, earlier imports' included: a cycle or a contradiction may span them). */
  verdicts: readonly HumanVerdict[];
  /** Only these comparisons are examined (after an import); absent: every comparison. */
  scope?: CheckScope;
  /** Only these models are checked by the model checks (after a training: the model it trained); absent: every active model. */
  models?: ReadonlySet<string>;
  /** A full run reads the store a page of whole prompts at a time (run.ts): this pass's comparisons, whose verdicts are
   *  `verdicts`; only these are examined in it. Absent: one pass over everything. */
  pass?: ReadonlySet<string>;
}

/** Whether a comparison is examined in this run of the checks. */
export const inScope = (context: Pick<CheckContext, 'scope' | 'pass'>, comparisonId: string): boolean =>
  (!context.scope || context.scope.comparisonIds.has(comparisonId)) && (!context.pass || context.pass.has(comparisonId));

/** Whether a model is checked in this run of the model checks. */
export const modelInScope = (context: Pick<CheckContext, 'models'>, modelId: string): boolean => !context.models || context.models.has(modelId);

/** The verdicts on the comparisons examined (the per-comparison checks' input). */
export const verdictsInScope = (context: CheckContext): readonly HumanVerdict[] =>
  context.scope ? context.verdicts.filter((v) => inScope(context, v.comparisonId)) : context.verdicts;

export interface CheckOutcome {
  flags: FlagCandidate[];
  /** What was left unchecked and why (e.g. "run X: layer 1 has no active model"). */
  notes: string[];
}

/** A check that examines the comparisons a pass at a time (`pass` of each context it is given) and says, once every
 *  pass is done, what it could not check over them all. */
export interface PassCheck {
  pass(context: CheckContext): Promise<FlagCandidate[]>;
  notes(): string[];
}

/** The evaluator of each verdict's judgment, for a flag's evaluatorIds. */
export function evaluatorsOf(verdicts: readonly HumanVerdict[], judgmentIds: readonly string[]): string[] {
  const ids = new Set(judgmentIds);
  return [...new Set(verdicts.filter((v) => ids.has(v.judgmentId)).map((v) => v.evaluatorId))];
}
