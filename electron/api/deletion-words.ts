// A dataset's deletion plan (datasetDeletionPlan) in sentences, shared by the Data page's confirmation and
// `rung dataset delete`: what goes, what stays, which runs lose comparisons, and the verdicts others gave.
import type { z } from 'zod';
import type { DatasetDeletionPlan } from './contract';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const verb = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** One sentence per thing that goes or stays. */
export function deletionPlanWords(plan: z.output<typeof DatasetDeletionPlan>): string[] {
  return [
    `${plural(plan.comparisons, 'comparison')} only this dataset holds ${verb(plan.comparisons, 'goes', 'go')}, with ${plural(plan.flags, 'flag')} on them.`,
    `${plural(plan.importedJudgments, 'judgment')} the file brought ${verb(plan.importedJudgments, 'goes', 'go')}.`,
    ...(plan.keptComparisons > 0 ? [`${plural(plan.keptComparisons, 'comparison')} other datasets also hold ${verb(plan.keptComparisons, 'stays', 'stay')} with them.`] : []),
    ...plan.runs.map((run) => `Run ${run.name} loses ${plural(run.comparisons, 'comparison')}.`),
    ...(plan.otherVerdicts > 0 ? [`${plural(plan.otherVerdicts, 'verdict')} by ${plural(plan.otherEvaluators, 'evaluator')} not imported with it ${verb(plan.otherVerdicts, 'sits', 'sit')} on the comparisons that go.`] : []),
  ];
}
