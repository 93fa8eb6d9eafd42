// One pass over the judgments for the Evaluators page: every live human verdict that is not a skip, with what the
// agreement figures and over-trust need, in (created_at, id) order. Read in storage order and sorted here, with
// ground truth from one scan of the comparisons that have it: no per-verdict lookup into the comparisons.
import type Database from 'better-sqlite3';
import { ASSISTANCE_MODE_SQL } from './assistance-sql';

export interface EvaluatorVerdict {
  judgmentId: string;
  comparisonId: string;
  evaluatorId: string;
  evaluatorName: string;
  choice: 'A' | 'B' | 'tie';
  durationMs: number | null;
  createdAt: string;
  simulated: boolean;
  /** Excluded from training by a researcher (still a verdict the person gave). */
  excluded: boolean;
  /** The judgment this one repeats (a position check), or null. */
  repeatOf: string | null;
  /** json_extract(assistance, '$.mode'): 'assisted', 'control', or null when nothing was recorded */
  mode: string | null;
  pA: number | null;
  groundTruth: 'A' | 'B' | 'tie' | null;
}

type Raw = Omit<EvaluatorVerdict, 'evaluatorName' | 'simulated' | 'excluded' | 'groundTruth'> & { excluded: number };

export function loadEvaluatorVerdicts(db: Database.Database): EvaluatorVerdict[] {
  const humans = new Map(
    (db.prepare(`SELECT id, name, simulated IS NOT NULL AS simulated FROM evaluators WHERE kind = 'human'`).all() as { id: string; name: string; simulated: number }[]).map(
      (e) => [e.id, e],
    ),
  );
  const truth = new Map(
    (db.prepare('SELECT id, ground_truth AS gt FROM comparisons WHERE ground_truth IS NOT NULL').all() as { id: string; gt: 'A' | 'B' | 'tie' }[]).map((c) => [c.id, c.gt]),
  );
  const rows = db
    .prepare(
      `SELECT j.id AS judgmentId, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, j.choice, j.duration_ms AS durationMs,
              j.created_at AS createdAt, j.excluded_at IS NOT NULL AS excluded, j.repeat_of AS repeatOf,
              ${ASSISTANCE_MODE_SQL} AS mode,
              CASE WHEN json_valid(j.assistance) THEN json_extract(j.assistance, '$.pA') END AS pA
         FROM live_judgments j
        WHERE j.choice IN ('A', 'B', 'tie')`,
    )
    .all() as Raw[];
  const verdicts: EvaluatorVerdict[] = [];
  for (const r of rows) {
    const evaluator = humans.get(r.evaluatorId);
    if (!evaluator) continue;
    verdicts.push({
      ...r,
      evaluatorName: evaluator.name,
      simulated: evaluator.simulated === 1,
      excluded: r.excluded === 1,
      pA: typeof r.pA === 'number' ? r.pA : null,
      groundTruth: truth.get(r.comparisonId) ?? null,
    });
  }
  return verdicts.sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.judgmentId < y.judgmentId ? -1 : x.judgmentId > y.judgmentId ? 1 : 0));
}
