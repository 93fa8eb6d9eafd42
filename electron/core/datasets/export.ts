// Exports judgments: TRL JSONL (prompt, chosen, rejected + provenance) and a judgments CSV (the texts beside the ids).
// Both carry the evaluator's rationale and segment marks. Each row says whether its evaluator is simulated
// (`evaluator_simulated`), so simulated judgments never pass for a person's.
// Undone (retracted) judgments are never exported; position-check repeats (repeat_of set) go to the CSV only,
// so a preference pair is not counted twice in TRL. Rows come one at a time from a database cursor (db/export.ts), so a large export never sits in memory.
import type { Store } from '../store';
import { exportedJudgments } from '../db/export';
import { marksWithText } from '../db/segment-marks';

export type ExportFormat = 'trl-jsonl' | 'judgments-csv';

/** TRL preference rows: only decisive verdicts (ties and skips have no chosen/rejected), with provenance fields. */
export function* trlLines(store: Store, datasetId?: string): Generator<string> {
  for (const row of exportedJudgments(store.db, datasetId, true)) {
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

export function* judgmentCsvLines(store: Store, datasetId?: string): Generator<string> {
  yield CSV_COLUMNS.join(',') + '\r\n';
  for (const row of exportedJudgments(store.db, datasetId, false)) {
    const marks = marksWithText(row);
    const record: Record<string, unknown> = {
      ...row,
      assisted: row.assisted === 1,
      evaluator_simulated: row.evaluator_simulated === 1,
      segment_marks: marks.length > 0 ? JSON.stringify(marks) : null,
    };
    yield CSV_COLUMNS.map((column) => csvField(record[column])).join(',') + '\r\n';
  }
}

export function exportLines(store: Store, format: ExportFormat, datasetId?: string): Generator<string> {
  return format === 'trl-jsonl' ? trlLines(store, datasetId) : judgmentCsvLines(store, datasetId);
}
