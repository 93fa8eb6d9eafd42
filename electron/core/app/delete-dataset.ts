// Deleting a dataset as the contract gives it: its plan (what would go), and the deletion, refused with CONFLICT while
// verdicts not imported with it sit on the comparisons that would go, unless the caller deletes them too.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import type { ParsedParams, Result } from '../../api/contract';
import { datasetDeletionPlan, deleteDatasetRows, type DeletionPlan } from '../db/dataset-delete';

const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function found(plan: DeletionPlan | null, datasetId: string): asserts plan is DeletionPlan {
  if (plan === null) throw new RungError('NOT_FOUND', `no dataset with id ${datasetId}`);
}

/** What deleting the dataset would remove; NOT_FOUND for an unknown dataset. */
export function deletionPlan(db: Database.Database, datasetId: string): Result<'datasetDeletionPlan'> {
  const plan = datasetDeletionPlan(db, datasetId);
  found(plan, datasetId);
  return plan;
}

/** The refusal's message: how many verdicts others gave on the comparisons that would go, and by how many evaluators. */
const refusalMessage = (plan: DeletionPlan): string =>
  `dataset ${plan.name} is not deleted: ${counted(plan.otherVerdicts, 'verdict')} by ${counted(plan.otherEvaluators, 'evaluator')} not imported with it ` +
  `${plan.otherVerdicts === 1 ? 'sits' : 'sit'} on comparisons only it holds; pass withJudgments (--with-judgments on the command line) to delete them too`;

/** Deletes the dataset (one audited transaction); returns the counts removed. */
export function deleteDataset(db: Database.Database, { datasetId, withJudgments }: ParsedParams<'deleteDataset'>, actor: string): Result<'deleteDataset'> {
  return deleteDatasetRows(db, datasetId, actor, (plan): asserts plan is DeletionPlan => {
    found(plan, datasetId);
    if (plan.otherVerdicts > 0 && !withJudgments) throw new RungError('CONFLICT', refusalMessage(plan));
  });
}
