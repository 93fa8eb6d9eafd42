// The routed comparisons of a run's layer, as its latest deferral round left each: route, the model's P(A ≻ B), the
// round's threshold, the auto-label, and the verdicts people gave on it since (an audit's answers, or the human
// queue's) — most confident first, one page at a time; and how many went each way.
import type Database from 'better-sqlite3';
import { LATEST_DEFERRAL, type Route } from './deferrals';

export interface RoutedItemRow {
  comparisonId: string;
  prompt: string;
  route: Route;
  pA: number;
  spread: number;
  threshold: number | null;
  routedAt: string;
  /** The auto-label's choice while it is live and not excluded, else null. */
  autoLabel: 'A' | 'B' | null;
}

export interface RoutedAnswerRow {
  comparisonId: string;
  evaluator: string;
  choice: 'A' | 'B' | 'tie';
  simulated: boolean;
}

/** The first characters of a prompt a list shows. */
const PROMPT_CHARS = 200;

/** The layer's deferrals, each comparison's latest only. */
const LATEST_OF_LAYER = `dr.run_id = @runId AND dr.layer = @layer AND ${LATEST_DEFERRAL}`;

/** How many of the layer's routed comparisons went each way (their latest round). */
export function routedCounts(db: Database.Database, runId: string, layer: number): Record<Route, number> {
  const rows = db
    .prepare(`SELECT d.route, count(*) AS n FROM deferrals d JOIN deferral_rounds dr ON dr.id = d.round_id WHERE ${LATEST_OF_LAYER} GROUP BY d.route`)
    .all({ runId, layer }) as { route: Route; n: number }[];
  const counts: Record<Route, number> = { auto: 0, audit: 0, human: 0 };
  for (const r of rows) counts[r.route] = r.n;
  return counts;
}

/** One page of the layer's routed comparisons (of one route when given), most confident first. */
export function routedItems(db: Database.Database, runId: string, layer: number, page: { route?: Route; offset: number; limit: number }): RoutedItemRow[] {
  return db
    .prepare(
      `SELECT d.comparison_id AS comparisonId, substr(p.text, 1, ${PROMPT_CHARS}) AS prompt, d.route, d.p_a AS pA, d.spread,
              dr.threshold, dr.created_at AS routedAt, CASE WHEN j.id IS NOT NULL AND j.excluded_at IS NULL THEN j.choice END AS autoLabel
         FROM deferrals d JOIN deferral_rounds dr ON dr.id = d.round_id
         JOIN comparisons c ON c.id = d.comparison_id JOIN prompts p ON p.id = c.prompt_id
         LEFT JOIN live_judgments j ON j.id = d.judgment_id
        WHERE ${LATEST_OF_LAYER} ${page.route ? 'AND d.route = @route' : ''}
        ORDER BY max(d.p_a, 1 - d.p_a) DESC, d.comparison_id
        LIMIT @limit OFFSET @offset`,
    )
    .all({ runId, layer, limit: page.limit, offset: page.offset, ...(page.route ? { route: page.route } : {}) }) as RoutedItemRow[];
}

/** People's usable verdicts on these comparisons (simulated evaluators marked), oldest first. */
export function routedAnswers(db: Database.Database, comparisonIds: readonly string[]): RoutedAnswerRow[] {
  const rows = db
    .prepare(
      `SELECT v.comparison_id AS comparisonId, e.name AS evaluator, v.choice, e.simulated IS NOT NULL AS simulated
         FROM usable_verdicts v JOIN evaluators e ON e.id = v.evaluator_id
        WHERE e.kind = 'human' AND v.comparison_id IN (SELECT value FROM json_each(?))
        ORDER BY v.seq`,
    )
    .all(JSON.stringify(comparisonIds)) as (Omit<RoutedAnswerRow, 'simulated'> & { simulated: number })[];
  return rows.map((r) => ({ ...r, simulated: r.simulated === 1 }));
}
