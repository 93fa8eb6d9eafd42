// The criterion a training, an agreement report or an export is asked for: a key of a run's rubric, checked against
// the run (a criterion needs a run; the run must have a rubric holding that key). No criterion: the judgments' own
// choices, as without rubrics. The criterion a stored model was trained on (layer metrics and routing measure it on
// that criterion). And verdicts relabelled with their verdicts on a criterion.
import { RungError } from '../../api/errors';
import { runCriteria } from '../db/criteria';
import type { CriterionChoice } from '../db/criterion-verdicts';
import { runName } from '../db/runs';
import type Database from 'better-sqlite3';

export interface ChosenCriterion {
  runId: string;
  run: string;
  key: string;
  label: string;
}

/** The criterion `key` of run `runId`, or null when no criterion is asked for; refused, naming `criterion`, when it
 *  comes without a run, the run has no rubric or the rubric has no such key (NOT_FOUND for an unknown run). */
export function chosenCriterion(db: Database.Database, runId: string | undefined, key: string | undefined): ChosenCriterion | null {
  if (key === undefined) return null;
  if (runId === undefined) throw new RungError('INVALID_PARAMS', `criterion: "${key}" needs a run (runId): criteria belong to a run's rubric`);
  const run = runName(db, runId);
  if (run === null) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  const criteria = runCriteria(db, runId);
  if (criteria.length === 0) throw new RungError('INVALID_PARAMS', `criterion: run "${run}" has no criteria (it was created without a rubric)`);
  const found = criteria.find((c) => c.key === key);
  if (!found) throw new RungError('NOT_FOUND', `criterion: run "${run}" has no criterion "${key}" (its criteria: ${criteria.map((c) => c.key).join(', ')})`);
  return { runId, run, key, label: found.label };
}

export interface ModelCriterion extends ChosenCriterion {
  /** Its position in the run's rubric: 0 is the criterion the judgments' own choices stand for (-1: no longer in it). */
  idx: number;
}

/** The criterion of run `runId`'s rubric a model of that run was trained on (its trained_on record's criterion), or
 *  null when it was trained on the judgments' own choices. */
export function modelCriterion(db: Database.Database, runId: string, trainedOn: { criterion?: { key: string } | null }): ModelCriterion | null {
  const key = trainedOn.criterion?.key;
  if (key === undefined) return null;
  const criteria = runCriteria(db, runId);
  const idx = criteria.findIndex((c) => c.key === key);
  return { runId, run: runName(db, runId) ?? runId, key, label: criteria[idx]?.label ?? key, idx };
}

/** The verdicts that have a verdict on the criterion (`choices`, by judgment id), each carrying it: its choice, or
 *  whatever `relabel` takes of it (training takes the strength too). The rest are left out. */
export function onCriterion<V extends { judgmentId: string; choice: 'A' | 'B' | 'tie' }>(
  verdicts: readonly V[],
  choices: ReadonlyMap<string, CriterionChoice>,
  relabel: (verdict: V, on: CriterionChoice) => V = (v, on) => ({ ...v, choice: on.choice }),
): V[] {
  return verdicts.flatMap((v) => {
    const on = choices.get(v.judgmentId);
    return on ? [relabel(v, on)] : [];
  });
}
