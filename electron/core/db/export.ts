// The judgments an export writes: live ones only (undone verdicts are never exported), with their comparison's texts,
// dataset and layer, their evaluator, and their segment marks with the assistance those index; one row at a time from a database cursor, so a large export never sits in memory.
import type Database from 'better-sqlite3';
import { WAS_ASSISTED_SQL } from './assistance-sql';
import { inDatasetSql } from './membership';

export interface ExportedJudgment {
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
  /** The evaluator's segment marks as stored (JSON), and the assistance shown (JSON) whose segments they index. */
  sub_judgments: string | null;
  assistance: string | null;
}

/** Live judgments (of one dataset when given; only decisive A/B verdicts that are not position-check repeats when asked), oldest first. */
export function exportedJudgments(db: Database.Database, datasetId: string | undefined, decisiveOnly: boolean): IterableIterator<ExportedJudgment> {
  return db
    .prepare(
      `SELECT j.id AS judgment_id, c.id AS comparison_id, d.name AS dataset, c.layer AS layer,
              p.text AS prompt, ra.text AS response_a, rb.text AS response_b,
              e.name AS evaluator, e.kind AS evaluator_kind, (e.simulated IS NOT NULL) AS evaluator_simulated, j.choice, j.strength, j.confidence, j.rationale,
              j.duration_ms, j.left_side, ${WAS_ASSISTED_SQL} AS assisted, j.origin, j.repeat_of, j.created_at,
              j.sub_judgments, CASE WHEN j.sub_judgments IS NOT NULL THEN j.assistance END AS assistance
       FROM live_judgments j
       JOIN comparisons c ON c.id = j.comparison_id
       JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a_id
       JOIN responses rb ON rb.id = c.response_b_id
       JOIN evaluators e ON e.id = j.evaluator_id
       LEFT JOIN datasets d ON d.id = c.dataset_id
       WHERE (@datasetId IS NULL OR ${inDatasetSql('c', '= @datasetId')})
         AND (@decisiveOnly = 0 OR (j.choice IN ('A', 'B') AND j.repeat_of IS NULL))
       ORDER BY j.created_at, j.id`,
    )
    .iterate({ datasetId: datasetId ?? null, decisiveOnly: decisiveOnly ? 1 : 0 }) as IterableIterator<ExportedJudgment>;
}
