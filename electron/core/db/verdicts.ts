// Verdicts as the checks and metrics read them: people's live verdicts with the comparison's prompt and responses
// (checks), their usable verdicts with assistance and ground truth (metrics), verdicts with sub-judgments
// (segment check), and the comparisons a set of judgments judged.
import type Database from 'better-sqlite3';
import { ASSISTANCE_MODE_SQL } from './assistance-sql';
import { inDatasetSql } from './membership';
import { replacedByRelabel } from './relabel';

export type Verdict = 'A' | 'B' | 'tie';

export interface HumanVerdict {
  judgmentId: string;
  comparisonId: string;
  evaluatorId: string;
  evaluatorName: string;
  choice: Verdict;
  leftSide: 'A' | 'B' | null;
  repeatOf: string | null;
  durationMs: number | null;
  createdAt: string;
  promptId: string;
  responseAId: string;
  responseBId: string;
}

const HUMAN_VERDICT_COLUMNS = `j.id AS judgmentId, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, e.name AS evaluatorName,
              j.choice, j.left_side AS leftSide, j.repeat_of AS repeatOf, j.duration_ms AS durationMs, j.created_at AS createdAt,
              c.prompt_id AS promptId, c.response_a_id AS responseAId, c.response_b_id AS responseBId`;

/**
 * Live verdicts (skips aside) of evaluators of kind human, position-check repeats and exclusions included — but not an
 * earlier verdict a relabel answer stands in for (db/relabel.ts), as when it was retracted —, oldest first.
 */
export function liveHumanVerdicts(db: Database.Database): HumanVerdict[] {
  return db
    .prepare(
      `SELECT ${HUMAN_VERDICT_COLUMNS}
       FROM live_judgments j
       JOIN evaluators e ON e.id = j.evaluator_id AND e.kind = 'human'
       JOIN comparisons c ON c.id = j.comparison_id
       WHERE j.choice <> 'skip' AND NOT ${replacedByRelabel('j')}
       ORDER BY j.created_at, j.id`,
    )
    .all() as HumanVerdict[];
}

/** liveHumanVerdicts on the given comparisons only (one index probe per comparison, not a pass over every verdict). */
export function liveHumanVerdictsOn(db: Database.Database, comparisonIds: readonly string[]): HumanVerdict[] {
  return db
    .prepare(
      `SELECT ${HUMAN_VERDICT_COLUMNS}
       FROM comparisons c
       CROSS JOIN live_judgments j ON j.comparison_id = c.id
       JOIN evaluators e ON e.id = j.evaluator_id AND e.kind = 'human'
       WHERE j.choice <> 'skip' AND NOT ${replacedByRelabel('j')} AND c.id IN (SELECT value FROM json_each(?))
       ORDER BY j.created_at, j.id`,
    )
    .all(JSON.stringify(comparisonIds)) as HumanVerdict[];
}

/** The comparisons a dataset holds: those its import added and those its file shared with earlier imports. */
export function datasetComparisonIds(db: Database.Database, datasetId: string): string[] {
  return db.prepare(`SELECT c.id FROM comparisons c WHERE ${inDatasetSql('c', '= ?')}`).pluck().all(datasetId, datasetId) as string[];
}

export interface JudgedVerdict {
  judgmentId: string;
  comparisonId: string;
  evaluatorId: string;
  choice: Verdict;
  durationMs: number | null;
  simulated: boolean;
  /** json_extract(assistance, '$.mode'): 'assisted', 'control', or null when nothing was recorded */
  mode: string | null;
  /** the assistance's P(A ≻ B) when assisted */
  pA: number | null;
  groundTruth: Verdict | null;
}

/** Usable verdicts (usable_verdicts) of people and simulated evaluators (kind 'human'), optionally only on the given comparisons; oldest first. */
export function loadJudgedVerdicts(db: Database.Database, comparisonIds?: readonly string[]): JudgedVerdict[] {
  const rows = db
    .prepare(
      `SELECT j.id AS judgmentId, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, j.choice, j.duration_ms AS durationMs,
              e.simulated IS NOT NULL AS simulated, c.ground_truth AS groundTruth,
              ${ASSISTANCE_MODE_SQL} AS mode,
              CASE WHEN json_valid(j.assistance) THEN json_extract(j.assistance, '$.pA') END AS pA
         FROM usable_verdicts j JOIN evaluators e ON e.id = j.evaluator_id JOIN comparisons c ON c.id = j.comparison_id
        WHERE e.kind = 'human'
          ${comparisonIds ? 'AND j.comparison_id IN (SELECT value FROM json_each(?))' : ''}
        ORDER BY j.created_at, j.id`,
    )
    .all(...(comparisonIds ? [JSON.stringify(comparisonIds)] : [])) as (Omit<JudgedVerdict, 'simulated'> & { simulated: number })[];
  return rows.map((r) => ({ ...r, simulated: r.simulated === 1, pA: typeof r.pA === 'number' ? r.pA : null }));
}

export interface SubJudgedVerdict {
  judgmentId: string;
  comparisonId: string;
  evaluatorId: string;
  evaluator: string;
  choice: 'A' | 'B';
  /** The stored sub_judgments JSON, and each response's segments as the data gave them (JSON), if any. */
  subJudgments: string;
  segmentsA: string | null;
  segmentsB: string | null;
}

/** Live A/B verdicts of people (kind 'human') that carry sub-judgments (only on a dataset's comparisons when given), oldest first. */
export function subJudgedVerdicts(db: Database.Database, datasetId?: string): SubJudgedVerdict[] {
  return db
    .prepare(
      `SELECT j.id AS judgmentId, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, e.name AS evaluator, j.choice,
              j.sub_judgments AS subJudgments, ra.segments AS segmentsA, rb.segments AS segmentsB
         FROM live_judgments j
         JOIN evaluators e ON e.id = j.evaluator_id AND e.kind = 'human'
         JOIN comparisons c ON c.id = j.comparison_id
         JOIN responses ra ON ra.id = c.response_a_id
         JOIN responses rb ON rb.id = c.response_b_id
        WHERE j.sub_judgments IS NOT NULL AND j.choice IN ('A', 'B') ${datasetId === undefined ? '' : `AND ${inDatasetSql('c', '= ?')}`}
        ORDER BY j.created_at, j.id`,
    )
    .all(...(datasetId === undefined ? [] : [datasetId, datasetId])) as SubJudgedVerdict[];
}

/** The comparisons these judgments (live or not) judge, each once. */
export function judgedComparisonIds(db: Database.Database, judgmentIds: readonly string[]): string[] {
  return db.prepare('SELECT DISTINCT comparison_id FROM judgments WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(judgmentIds)) as string[];
}

/** The assistance stored with a judgment (JSON text; null when none), undefined when there is no such judgment. */
export function judgmentAssistance(db: Database.Database, judgmentId: string): string | null | undefined {
  const row = db.prepare('SELECT assistance FROM judgments WHERE id = ?').get(judgmentId) as { assistance: string | null } | undefined;
  return row ? row.assistance : undefined;
}
