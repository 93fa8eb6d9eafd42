// The verdict checks per criterion of a run's rubric. A judgment's own choice is its verdict on the rubric's first
// criterion, so the plain checks already cover that one; each later criterion gets the same checks over the verdicts
// on it (judgment_criteria; a verdict without one is left out, a position-check repeat carries its own), and each of
// their flags names the criterion in its dedupe key (one flag per subject, kind and criterion) and its evidence.
// A store without rubrics adds nothing.
import { criterionChoices, rubricCriteria, type RubricCriterion } from '../db/criterion-verdicts';
import type { FlagCandidate } from '../db/flags';
import { onCriterion } from '../ladder/criterion';
import type { CheckContext } from './context';
import type { HumanVerdict } from './verdicts';

export interface CriterionView {
  criterion: RubricCriterion;
  /** The verdicts on this criterion: those given on it, each carrying its verdict on it. */
  verdicts: HumanVerdict[];
}

/** One criterion's verdicts the checks read: of every judgment, or in a pass of a full run those of its verdicts only. */
export const criterionChoicesIn = (context: Pick<CheckContext, 'store' | 'verdicts' | 'pass'>, runId: string, key: string) =>
  criterionChoices(context.store.db, runId, key, context.pass && context.verdicts.map((v) => v.judgmentId));

/** Each later criterion of each rubric with the verdicts (of the context's) on it; criteria nobody judged are left out. */
export function criterionViews(context: Pick<CheckContext, 'store' | 'verdicts' | 'pass'>): CriterionView[] {
  return rubricCriteria(context.store.db)
    .filter((c) => c.idx > 0)
    .map((criterion) => ({ criterion, verdicts: onCriterion(context.verdicts, criterionChoicesIn(context, criterion.runId, criterion.key)) }))
    .filter((view) => view.verdicts.length > 0);
}

/** What a flag's evidence says of its criterion. */
export const criterionEvidence = (c: Pick<RubricCriterion, 'runId' | 'run' | 'key' | 'label'>) => ({ runId: c.runId, run: c.run, key: c.key, label: c.label });

/** A flag about one criterion: its dedupe key and evidence name the criterion. */
export function onCriterionFlag(flag: FlagCandidate, c: Pick<RubricCriterion, 'runId' | 'run' | 'key' | 'label'>): FlagCandidate {
  return { ...flag, dedupeKey: `${flag.dedupeKey}:criterion:${c.runId}:${c.key}`, evidence: { ...flag.evidence, criterion: criterionEvidence(c) } };
}

/** A verdict check's flags on the verdicts, then on each criterion view's. */
export function withCriteria(check: (verdicts: readonly HumanVerdict[]) => FlagCandidate[], verdicts: readonly HumanVerdict[], views: readonly CriterionView[]): FlagCandidate[] {
  const flags = check(verdicts);
  for (const view of views) for (const flag of check(view.verdicts)) flags.push(onCriterionFlag(flag, view.criterion)); // not push(...): a check may find 10^5+ flags
  return flags;
}
