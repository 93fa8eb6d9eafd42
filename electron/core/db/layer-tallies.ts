// Per-layer reads for the layer metrics (ladder/layer-metrics.ts) from SQL: each human verdict on a layer's comparisons,
// streamed comparison by comparison, and pages of a layer's comparisons with their verdict counts.
import type Database from 'better-sqlite3';
import { ASSISTANCE_MODE_SQL } from './assistance-sql';

/** Counts of a comparison's human verdicts by choice (usable verdicts of evaluators of kind 'human'). */
export interface ChoiceCounts {
  nA: number;
  nB: number;
  nTie: number;
}

/** One human verdict on a layer's comparison (position: the comparison's place in store order), with its ground truth. */
export interface LayerVerdict {
  position: number;
  choice: 'A' | 'B' | 'tie';
  mode: string | null;
  durationMs: number | null;
  simulated: number;
  groundTruth: 'A' | 'B' | 'tie' | null;
  pA: unknown;
}

/** The layer's human verdicts (db/verdicts.ts loadJudgedVerdicts' verdicts, on this layer's members), one at a time,
 *  a comparison's verdicts one after another (in store order of the comparisons: the members' key, so no sort). */
export function layerVerdicts(db: Database.Database, layerId: string): IterableIterator<LayerVerdict> {
  return db
    .prepare(
      `SELECT m.position, j.choice, ${ASSISTANCE_MODE_SQL} AS mode, j.duration_ms AS durationMs, e.simulated IS NOT NULL AS simulated,
              c.ground_truth AS groundTruth, CASE WHEN json_valid(j.assistance) THEN json_extract(j.assistance, '$.pA') END AS pA
         FROM layer_members m CROSS JOIN usable_verdicts j ON j.comparison_id = m.comparison_id
         JOIN evaluators e ON e.id = j.evaluator_id JOIN comparisons c ON c.id = m.comparison_id
        WHERE m.layer_id = ? AND e.kind = 'human'
        ORDER BY m.position`,
    )
    .iterate(layerId) as IterableIterator<LayerVerdict>;
}

/** A comparison of a layer (position: its place in store order), its ground truth (null when not asked for) and its human verdicts' counts. */
export interface ComparisonTally extends ChoiceCounts {
  id: string;
  position: number;
  groundTruth: 'A' | 'B' | 'tie' | null;
}

/** What the tallies count: the verdicts' own choices, or (criterion) their verdicts on a criterion of run `runId`'s
 *  rubric, verdicts without one left out; `groundTruth` false leaves every comparison's ground truth null. */
export interface TallyOn {
  criterion: { runId: string; key: string } | null;
  groundTruth: boolean;
}

/** The tallies of the comparisons that the CTE `page` (position, comparison_id) lists, in store order; its parameters
 *  come first, then the criterion's. */
function talliesSql(on: TallyOn, page: string): string {
  const choice = on.criterion ? 'jc.choice' : 'j.choice';
  const counted = (side: string) => `coalesce(sum(e.id IS NOT NULL AND ${choice} = '${side}'), 0)`;
  return `WITH page AS (${page})
    SELECT p.comparison_id AS id, p.position, ${on.groundTruth ? 'c.ground_truth' : 'NULL'} AS groundTruth,
           ${counted('A')} AS nA, ${counted('B')} AS nB, ${counted('tie')} AS nTie
      FROM page p JOIN comparisons c ON c.id = p.comparison_id
      LEFT JOIN usable_verdicts j ON j.comparison_id = p.comparison_id
      LEFT JOIN evaluators e ON e.id = j.evaluator_id AND e.kind = 'human'
      ${on.criterion ? 'LEFT JOIN judgment_criteria jc ON jc.judgment_id = j.id AND jc.run_id = ? AND jc.criterion = ?' : ''}
     GROUP BY p.position ORDER BY p.position`;
}

const criterionParams = (on: TallyOn) => (on.criterion ? [on.criterion.runId, on.criterion.key] : []);

/** Up to `limit` comparisons of the layer past `afterPosition`, in store order, with their tallies; those also in one
 *  of the `skipLayerIds` left out. */
export function comparisonTallyPage(
  db: Database.Database,
  layerId: string,
  skipLayerIds: readonly string[],
  on: TallyOn,
  afterPosition: number,
  limit: number,
): ComparisonTally[] {
  const page = `SELECT m.position, m.comparison_id FROM layer_members m
     WHERE m.layer_id = ? AND m.position > ?
       AND NOT EXISTS (SELECT 1 FROM layer_members o WHERE o.layer_id IN (SELECT value FROM json_each(?)) AND o.position = m.position)
     ORDER BY m.position LIMIT ?`;
  return db.prepare(talliesSql(on, page)).all(layerId, afterPosition, JSON.stringify(skipLayerIds), limit, ...criterionParams(on)) as ComparisonTally[];
}

/** Those of these comparisons (a page's worth of ids) that are members of the layer, in store order, with their tallies. */
export function comparisonTalliesAmong(db: Database.Database, layerId: string, comparisonIds: readonly string[], on: TallyOn): ComparisonTally[] {
  const page = `SELECT m.position, m.comparison_id FROM (SELECT DISTINCT value FROM json_each(?)) x
     CROSS JOIN layer_members m ON m.comparison_id = x.value AND m.layer_id = ?`;
  return db.prepare(talliesSql(on, page)).all(JSON.stringify(comparisonIds), layerId, ...criterionParams(on)) as ComparisonTally[];
}

/** How many comparisons the layer holds (its members must be current: extendLayerMembers). */
export function layerMemberCount(db: Database.Database, layerId: string): number {
  return db.prepare('SELECT count(*) FROM layer_members WHERE layer_id = ?').pluck().get(layerId) as number;
}
