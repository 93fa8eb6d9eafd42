// A record browser filter in plain words, for the list of saved filters (Data page, `rung filters list`): each field a
// phrase, naming the dataset, run and evaluator it names (or saying one is gone), joined with "; ".
import type Database from 'better-sqlite3';
import type { RecordFilterParams } from '../../api/records';
import { datasetName } from '../db/datasets';
import { getEvaluator } from '../db/evaluators';
import { runName } from '../db/runs';

const quoted = (name: string | null, what: string, id: string): string => (name === null ? `${what} ${id} (no longer here)` : `${what} "${name}"`);

/** Whose verdict the filter asks about, in words: "judged by Ada", "Ada's verdict B", "skipped by Ada", "not judged by Ada", "no live verdict". */
function verdictPhrase(f: RecordFilterParams, evaluator: string | null): string | null {
  if (f.verdict === 'none') return evaluator === null ? 'no live verdict' : `not judged by ${evaluator}`;
  if (f.verdict === 'skip') return evaluator === null ? 'skipped by someone' : `skipped by ${evaluator}`;
  if (f.verdict !== undefined) return evaluator === null ? `a live verdict ${f.verdict}` : `${evaluator}'s verdict ${f.verdict}`;
  return evaluator === null ? null : `judged by ${evaluator}`;
}

export function filterWords(db: Database.Database, f: RecordFilterParams): string {
  const evaluator = f.evaluatorId === undefined ? null : (getEvaluator(db, f.evaluatorId)?.name ?? `evaluator ${f.evaluatorId} (no longer here)`);
  const run = f.runId === undefined ? null : quoted(runName(db, f.runId), 'run', f.runId);
  const parts = [
    f.text === undefined ? null : `text contains "${f.text}"`,
    f.datasetId === undefined ? null : `in ${quoted(datasetName(db, f.datasetId), 'dataset', f.datasetId)}`,
    run === null ? null : f.layer === undefined ? `in any layer of ${run}` : `in layer ${f.layer} of ${run}`,
    run === null && f.layer !== undefined ? `the data's own layer ${f.layer}` : null,
    f.metadataKey === undefined ? null : `metadata ${f.metadataKey} = "${f.metadataValue}"`,
    verdictPhrase(f, evaluator),
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join('; ') : 'every comparison';
}
