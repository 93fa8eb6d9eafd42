// The judgments an export writes: live ones only (undone verdicts are never exported), with their comparison's texts,
// dataset and layer, their evaluator, their segment marks with the assistance those index, and their per-criterion
// verdicts; one row at a time from a database cursor, so a large export never sits in memory. Asked for one criterion
// of a run's rubric, only the judgments with a verdict on it, whose choice and strength are that verdict.
import type Database from 'better-sqlite3';
import { WAS_ASSISTED_SQL } from './assistance-sql';
import { criteriaJsonSql } from './criterion-verdicts';
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
  /** The judgment's verdicts per criterion as JSON {key: {choice, strength}} in rubric order; null when it has none. */
  criteria: string | null;
}

/** Live judgments (of one dataset when given; only decisive A/B verdicts that are not position-check repeats when
 *  asked; with a criterion, only those with a verdict on it, which stands for their choice), oldest first. */
export function exportedJudgments(
  db: Database.Database,
  datasetId: string | undefined,
  decisiveOnly: boolean,
  criterion?: { runId: string; key: string },
): IterableIterator<ExportedJudgment> {
  const verdict = criterion ? 'jx' : 'j';
  return db
    .prepare(
      `SELECT j.id AS judgment_id, c.id AS comparison_id, d.name AS dataset, c.layer AS layer,
              p.text AS prompt, ra.text AS response_a, rb.text AS response_b,
              e.name AS evaluator, e.kind AS evaluator_kind, (e.simulated IS NOT NULL) AS evaluator_simulated, ${verdict}.choice, ${verdict}.strength, j.confidence, j.rationale,
              j.duration_ms, j.left_side, ${WAS_ASSISTED_SQL} AS assisted, j.origin, j.repeat_of, j.created_at,
              j.sub_judgments, CASE WHEN j.sub_judgments IS NOT NULL THEN j.assistance END AS assistance, ${criteriaJsonSql('j')} AS criteria
       FROM live_judgments j
       ${criterion ? 'JOIN judgment_criteria jx ON jx.judgment_id = j.id AND jx.run_id = @runId AND jx.criterion = @criterion' : ''}
       JOIN comparisons c ON c.id = j.comparison_id
       JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a_id
       JOIN responses rb ON rb.id = c.response_b_id
       JOIN evaluators e ON e.id = j.evaluator_id
       LEFT JOIN datasets d ON d.id = c.dataset_id
       WHERE (@datasetId IS NULL OR ${inDatasetSql('c', '= @datasetId')})
         AND (@decisiveOnly = 0 OR (${verdict}.choice IN ('A', 'B') AND j.repeat_of IS NULL))
       ORDER BY j.created_at, j.id`,
    )
    .iterate({ datasetId: datasetId ?? null, decisiveOnly: decisiveOnly ? 1 : 0, ...(criterion ? { runId: criterion.runId, criterion: criterion.key } : {}) }) as IterableIterator<ExportedJudgment>;
}
