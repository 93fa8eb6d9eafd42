// Exports judgments: TRL JSONL (prompt, chosen, rejected + provenance) and a judgments CSV (the texts beside the ids).
// Both carry the evaluator's rationale and segment marks. Each row says whether its evaluator is simulated
// (`evaluator_simulated`), so simulated judgments never pass for a person's.
// Undone (retracted) judgments are never exported; position-check repeats (repeat_of set) go to the CSV only,
// so a preference pair is not counted twice in TRL. Rows come one at a time from a database cursor (db/export.ts), so a large export never sits in memory.
// Rubrics: a TRL row carries its judgment's verdicts per criterion (`criteria`: {key: {choice, strength}}, {} when
// none); the CSV has a choice and a strength column per criterion key of the runs' rubrics (criterion_KEY,
// criterion_KEY_strength; none without rubrics). Asked for one criterion, the preference label (TRL chosen/rejected,
// the CSV's choice and strength) is the verdict on it, and judgments without one are left out.
import type { Store } from '../store';
import { rubricCriteria } from '../db/criterion-verdicts';
import { exportedJudgments, type ExportedJudgment } from '../db/export';
import { marksWithText } from '../db/segment-marks';

export type ExportFormat = 'trl-jsonl' | 'judgments-csv';

/** The criterion of a run's rubric whose verdicts an export labels with. */
export type ExportCriterion = { runId: string; key: string };

type Verdicts = Record<string, { choice: string; strength: number | null }>;
const criteriaOf = (row: ExportedJudgment): Verdicts => (row.criteria ? (JSON.parse(row.criteria) as Verdicts) : {});

/** TRL preference rows: only decisive verdicts (ties and skips have no chosen/rejected), with provenance fields. */
export function* trlLines(store: Store, datasetId?: string, criterion?: ExportCriterion): Generator<string> {
  for (const row of exportedJudgments(store.db, datasetId, true, criterion)) {
    const aWins = row.choice === 'A';
    yield JSON.stringify({
      prompt: row.prompt,
      chosen: aWins ? row.response_a : row.response_b,
      rejected: aWins ? row.response_b : row.response_a,
      comparison_id: row.comparison_id,
      judgment_id: row.judgment_id,
      dataset: row.dataset,
      layer: row.layer,
      evaluator: row.evaluator,
      evaluator_kind: row.evaluator_kind,
      evaluator_simulated: row.evaluator_simulated === 1,
      strength: row.strength,
      confidence: row.confidence,
      rationale: row.rationale,
      // Marks name the response they are on as TRL does: chosen or rejected.
      segment_marks: marksWithText(row).map(({ side, ...mark }) => ({ response: (side === 'A') === aWins ? 'chosen' : 'rejected', ...mark })),
      assisted: row.assisted === 1,
      origin: row.origin,
      created_at: row.created_at,
      ...(criterion ? { criterion: criterion.key } : {}),
      criteria: criteriaOf(row),
    }) + '\n';
  }
}

export const CSV_COLUMNS = [
  'judgment_id',
  'comparison_id',
  'dataset',
  'layer',
  'evaluator',
  'evaluator_kind',
  'evaluator_simulated',
  'choice',
  'strength',
  'confidence',
  'duration_ms',
  'left_side',
  'assisted',
  'origin',
  'rationale',
  'created_at',
  'repeat_of',
  // The texts and marks come last, so the short columns read first in a spreadsheet.
  'prompt',
  'response_a',
  'response_b',
  'segment_marks',
] as const;

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted and quotes doubled. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The criterion keys of every run's rubric, each once, in the order the runs and their rubrics give them. */
const criterionKeys = (store: Store) => [...new Set(rubricCriteria(store.db).map((c) => c.key))];

export function* judgmentCsvLines(store: Store, datasetId?: string, criterion?: ExportCriterion): Generator<string> {
  const keys = criterionKeys(store);
  const columns = [...CSV_COLUMNS, ...keys.flatMap((key) => [`criterion_${key}`, `criterion_${key}_strength`])];
  yield columns.join(',') + '\r\n';
  for (const row of exportedJudgments(store.db, datasetId, false, criterion)) {
    const marks = marksWithText(row);
    const verdicts = criteriaOf(row);
    const record: Record<string, unknown> = {
      ...row,
      assisted: row.assisted === 1,
      evaluator_simulated: row.evaluator_simulated === 1,
      segment_marks: marks.length > 0 ? JSON.stringify(marks) : null,
    };
    for (const key of keys) {
      record[`criterion_${key}`] = verdicts[key]?.choice;
      record[`criterion_${key}_strength`] = verdicts[key]?.strength;
    }
    yield columns.map((column) => csvField(record[column])).join(',') + '\r\n';
  }
}

export function exportLines(store: Store, format: ExportFormat, datasetId?: string, criterion?: ExportCriterion): Generator<string> {
  return format === 'trl-jsonl' ? trlLines(store, datasetId, criterion) : judgmentCsvLines(store, datasetId, criterion);
}
