// The rubric's checks of a verdict (in checkVerdict's transaction): a verdict on a comparison judged under a rubric
// gives one verdict on each of its criteria, the first of which is the judgment's own choice and strength; a skip and
// a comparison without a rubric carry none.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { runName } from './runs';
import { rubricOf, rubricOfRun, runHolds } from './rubrics';

export interface NewCriterionVerdict {
  criterion: string;
  choice: 'A' | 'B' | 'tie';
  strength?: number;
}

interface Judged {
  comparisonId: string;
  choice: 'A' | 'B' | 'tie' | 'skip';
  strength?: number;
  rubricRunId?: string;
  criteria?: NewCriterionVerdict[];
}

const invalid = (message: string) => new RungError('INVALID_PARAMS', message);

/** Checks a verdict's criteria; returns the run whose rubric they are written under (undefined when it carries none). */
export function checkCriteria(db: Database.Database, judgment: Judged): string | undefined {
  const given = judgment.criteria ?? [];
  // The run it was judged in, checked once: its name for the messages below, and that it holds the comparison.
  const judgedIn = judgment.rubricRunId === undefined ? null : runName(db, judgment.rubricRunId);
  if (judgment.rubricRunId !== undefined) {
    if (judgedIn === null) throw new RungError('NOT_FOUND', `rubricRunId: no run with id ${judgment.rubricRunId}`);
    if (!runHolds(db, judgment.rubricRunId, judgment.comparisonId)) throw invalid(`rubricRunId: run "${judgedIn}" does not hold comparison ${judgment.comparisonId}`);
  }
  if (judgment.choice === 'skip') {
    if (given.length > 0) throw invalid('criteria: a skip carries no criteria verdicts (it skips the whole comparison)');
    return undefined;
  }
  const rubric = judgment.rubricRunId !== undefined ? rubricOfRun(db, judgment.rubricRunId) : rubricOf(db, judgment.comparisonId);
  if (!rubric) {
    if (given.length > 0) {
      const why = judgedIn !== null ? `run "${judgedIn}" has no criteria` : 'no run with criteria holds it';
      throw invalid(`criteria.0.criterion: this comparison is judged without a rubric (${why}): give the verdict without criteria`);
    }
    return undefined;
  }
  const run = judgedIn ?? runName(db, rubric.runId);
  const keys = rubric.criteria.map((c) => c.key);
  const seen = new Set<string>();
  given.forEach((c, i) => {
    if (!keys.includes(c.criterion)) throw invalid(`criteria.${i}.criterion: "${c.criterion}" is not a criterion of run "${run}" (its criteria: ${keys.join(', ')})`);
    if (seen.has(c.criterion)) throw invalid(`criteria.${i}.criterion: "${c.criterion}" is given twice`);
    seen.add(c.criterion);
  });
  const missing = keys.find((k) => !seen.has(k));
  if (missing !== undefined) throw invalid(`criteria: no verdict on "${missing}": run "${run}" asks for one on each of its criteria (${keys.join(', ')})`);
  const first = given.find((c) => c.criterion === keys[0])!;
  if (first.choice !== judgment.choice) throw invalid(`choice: must be the verdict on the first criterion "${keys[0]}" (${first.choice}), got ${judgment.choice}`);
  if ((first.strength ?? null) !== (judgment.strength ?? null)) {
    throw invalid(`strength: must be the strength on the first criterion "${keys[0]}" (${first.strength ?? 'none'}), got ${judgment.strength ?? 'none'}`);
  }
  return rubric.runId;
}
