// Exports judgments: TRL JSONL (prompt, chosen, rejected + provenance) and a judgments CSV. Each row says whether its
// evaluator is simulated (`evaluator_simulated`), so simulated judgments never pass for a person's.
// Undone (retracted) judgments are never exported; position-check repeats (repeat_of set) go to the CSV only,
// so a preference pair is not counted twice in TRL. Rows are produced one at a time from a database cursor, so a large export never sits in memory.
import type { Store } from '../store';
import { WAS_ASSISTED_SQL } from '../db/judgments';
import { inDatasetSql } from '../db/membership';

export type ExportFormat = 'trl-jsonl' | 'judgments-csv';

interface JudgmentRow {
  judgment_id: string;
  comparison_id: string;
  dataset: string | null;
  layer: number | null;
  prompt: string;
  response_a: string;
  response_b: string;
  evaluator: string;
  evaluator_kind: string;
  evaluator_simulated: number;
  choice: string;
  strength: number | null;
  confidence: number | null;
  rationale: string | null;
  duration_ms: number | null;
  left_side: string | null;
  assisted: number;
  origin: string;
  repeat_of: string | null;
  created_at: string;
}

function judgmentRows(store: Store, datasetId: string | undefined, decisiveOnly: boolean): IterableIterator<JudgmentRow> {
  return store.db
    .prepare(
      `SELECT j.id AS judgment_id, c.id AS comparison_id, d.name AS dataset, c.layer AS layer,
              p.text AS prompt, ra.text AS response_a, rb.text AS response_b,
              e.name AS evaluator, e.kind AS evaluator_kind, (e.simulated IS NOT NULL) AS evaluator_simulated, j.choice, j.strength, j.confidence, j.rationale,
              j.duration_ms, j.left_side, ${WAS_ASSISTED_SQL} AS assisted, j.origin, j.repeat_of, j.created_at
       FROM judgments j
       JOIN comparisons c ON c.id = j.comparison_id
       JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a_id
       JOIN responses rb ON rb.id = c.response_b_id
       JOIN evaluators e ON e.id = j.evaluator_id
       LEFT JOIN datasets d ON d.id = c.dataset_id
       WHERE (@datasetId IS NULL OR ${inDatasetSql('c', '= @datasetId')})
         AND j.retracted_at IS NULL
         AND (@decisiveOnly = 0 OR (j.choice IN ('A', 'B') AND j.repeat_of IS NULL))
       ORDER BY j.created_at, j.id`,
    )
    .iterate({ datasetId: datasetId ?? null, decisiveOnly: decisiveOnly ? 1 : 0 }) as IterableIterator<JudgmentRow>;
}

/** TRL preference rows: only decisive verdicts (ties and skips have no chosen/rejected), with provenance fields. */
export function* trlLines(store: Store, datasetId?: string): Generator<string> {
  for (const row of judgmentRows(store, datasetId, true)) {
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
] as const;

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted and quotes doubled. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function* judgmentCsvLines(store: Store, datasetId?: string): Generator<string> {
  yield CSV_COLUMNS.join(',') + '\r\n';
  for (const row of judgmentRows(store, datasetId, false)) {
    const record: Record<string, unknown> = { ...row, assisted: row.assisted === 1, evaluator_simulated: row.evaluator_simulated === 1 };
    yield CSV_COLUMNS.map((column) => csvField(record[column])).join(',') + '\r\n';
  }
}

export function exportLines(store: Store, format: ExportFormat, datasetId?: string): Generator<string> {
  return format === 'trl-jsonl' ? trlLines(store, datasetId) : judgmentCsvLines(store, datasetId);
}
