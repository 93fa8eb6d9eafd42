// What a stored reward model trained on (its trained_on record): the comparisons it learned from, which routing keeps
// out of calibration and the layer metrics keep apart from those it never saw.
import type Database from 'better-sqlite3';
import { judgedComparisonIds } from '../db/verdicts';

export interface TrainedOn {
  judgmentIds?: string[];
  heldOutComparisonIds?: string[];
  /** Recorded by trainRung: whether simulated evaluators' judgments were trained on. */
  includeSimulated?: boolean;
  /** Recorded by trainRung: the criterion of its run's rubric whose verdicts were the labels (null: the judgments' own choices). */
  criterion?: { key: string; label: string } | null;
  /** An external model (`rung scores import`): trained elsewhere on nothing Rung recorded, so every comparison is held out for it. */
  elsewhere?: true;
}

/** Comparisons the model trained on: its judgments' comparisons, less its held-out split. */
export function trainedComparisonIds(db: Database.Database, trainedOn: TrainedOn): Set<string> {
  const heldOut = new Set(trainedOn.heldOutComparisonIds ?? []);
  return new Set(judgedComparisonIds(db, trainedOn.judgmentIds ?? []).filter((id) => !heldOut.has(id)));
}
