// The deferral tables (deferral_rounds, deferrals) and the auto-labels they record: the SQL of routing a layer,
// of the human queue's view of routes (latest round per comparison), and of the Queue page's counts.
import type Database from 'better-sqlite3';
import { newId, nowIso } from '../ids';
import { appendAudit } from './audit';

/** A live, usable human verdict on comparison `c` (simulated evaluators stand in for people; skips, retracted, excluded and repeats ignored). */
export const HAS_HUMAN_VERDICT = `EXISTS (SELECT 1 FROM usable_verdicts hv JOIN evaluators he ON he.id = hv.evaluator_id
  WHERE hv.comparison_id = c.id AND he.kind = 'human')`;

/** A live auto-label (origin 'auto') on comparison `c`. */
export const HAS_AUTO_LABEL = `EXISTS (SELECT 1 FROM live_judgments al WHERE al.comparison_id = c.id AND al.origin = 'auto')`;

/** Deferral row `d` (of round `dr`) is the latest round that routed its comparison. */
export const LATEST_DEFERRAL = `NOT EXISTS (SELECT 1 FROM deferrals d2 JOIN deferral_rounds dr2 ON dr2.id = d2.round_id
  WHERE d2.comparison_id = d.comparison_id AND dr2.rowid > dr.rowid)`;

/** Comparison `c` is auto-labelled by its latest deferral round (so it stays out of the human queue). */
export const ROUTED_AUTO = `EXISTS (SELECT 1 FROM deferrals d JOIN deferral_rounds dr ON dr.id = d.round_id
  WHERE d.comparison_id = c.id AND d.route = 'auto' AND ${LATEST_DEFERRAL})`;

export type Route = 'auto' | 'audit' | 'human';
export type CalibrationScope = 'this-layer' | 'lower-layers-too';

export interface NewRound {
  runId: string;
  layer: number;
  modelId: string;
  modelEvaluatorId: string;
  target: number;
  confidence: number;
  auditShare: number;
  threshold: number | null;
  /** Which held-out pairs the threshold was certified on: layer k's own, or those of layers 0..k. */
  calibratedOn: CalibrationScope;
  /** Calibration pairs at or above the threshold and the errors among them (all pairs and null when no threshold passed;
   *  the column is NOT NULL since 0004, so such a round stores 0 there and reads back null). */
  calibrationPairs: number;
  calibrationErrors: number | null;
  errorBound: number | null;
  seed: number;
  actor: string;
}

export interface NewDeferral {
  comparisonId: string;
  pA: number;
  spread: number;
  route: Route;
}

/** The evaluator entry a model's auto-labels are judgments of (kind 'model', source model:<id>), created on first use. */
export function modelEvaluatorId(db: Database.Database, model: { id: string; name: string }): string {
  const source = `model:${model.id}`;
  const existing = db.prepare(`SELECT id FROM evaluators WHERE kind = 'model' AND source = ?`).get(source) as { id: string } | undefined;
  if (existing) return existing.id;
  // Names are unique per kind: a different model with the same name gets its id appended.
  const taken = db.prepare(`SELECT 1 FROM evaluators WHERE kind = 'model' AND name = ?`).get(model.name);
  const name = taken ? `${model.name} (${model.id.slice(0, 8)})` : model.name;
  const id = newId();
  db.prepare(`INSERT INTO evaluators (id, kind, name, domains, source, created_at) VALUES (?, 'model', ?, '[]', ?, ?)`).run(id, name, source, nowIso());
  appendAudit(db, { actor: 'deferral', action: 'create', entity: 'evaluator', entityId: id, details: { model: model.id } });
  return id;
}

/** Of these comparisons, the ones still pending: no usable human verdict and no live auto-label. */
export function pendingComparisonIds(db: Database.Database, comparisonIds: readonly string[]): string[] {
  return (
    db
      .prepare(`SELECT c.id FROM comparisons c WHERE c.id IN (SELECT value FROM json_each(?)) AND NOT ${HAS_HUMAN_VERDICT} AND NOT ${HAS_AUTO_LABEL} ORDER BY c.rowid`)
      .all(JSON.stringify(comparisonIds)) as { id: string }[]
  ).map((r) => r.id);
}

/**
 * Writes a round: its row, one deferral per comparison, and an auto-label judgment (origin 'auto', by the model's
 * evaluator entry, confidence max(p, 1 − p), no side shown) for each 'auto' and 'audit' route. Call inside a transaction.
 */
export function insertRound(db: Database.Database, round: NewRound, deferrals: readonly NewDeferral[]): string {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO deferral_rounds (id, run_id, layer, model_id, model_evaluator_id, target, confidence, audit_share, threshold,
                                  calibration_pairs, calibration_errors, error_bound, seed, created_by, created_at, calibrated_on)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id, round.runId, round.layer, round.modelId, round.modelEvaluatorId, round.target, round.confidence, round.auditShare, round.threshold,
    round.calibrationPairs, round.calibrationErrors ?? 0, round.errorBound, round.seed, round.actor, now, round.calibratedOn,
  );
  const judgment = db.prepare(
    `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, confidence, left_side, origin, created_at) VALUES (?, ?, ?, ?, ?, NULL, 'auto', ?)`,
  );
  const deferral = db.prepare('INSERT INTO deferrals (round_id, comparison_id, p_a, spread, route, judgment_id) VALUES (?, ?, ?, ?, ?, ?)');
  for (const d of deferrals) {
    let judgmentId: string | null = null;
    if (d.route !== 'human') {
      judgmentId = newId();
      judgment.run(judgmentId, d.comparisonId, round.modelEvaluatorId, d.pA >= 0.5 ? 'A' : 'B', Math.max(d.pA, 1 - d.pA), now);
    }
    deferral.run(id, d.comparisonId, d.pA, d.spread, d.route, judgmentId);
  }
  const count = (route: Route) => deferrals.filter((d) => d.route === route).length;
  appendAudit(db, {
    actor: round.actor,
    action: 'route',
    entity: 'deferral_round',
    entityId: id,
    details: { runId: round.runId, layer: round.layer, modelId: round.modelId, threshold: round.threshold, auto: count('auto'), audit: count('audit'), human: count('human') },
  });
  return id;
}

/** A stored round: what was recorded (the actor as createdBy), with its id, the model's name and when. */
export interface RoundRow extends Omit<NewRound, 'actor'> {
  id: string;
  modelName: string | null;
  createdBy: string;
  createdAt: string;
}

/** The latest deferral round of a run's layer, or null. */
export function latestRound(db: Database.Database, runId: string, layer: number): RoundRow | null {
  return (
    (db
      .prepare(
        `SELECT dr.id, dr.run_id AS runId, dr.layer, dr.model_id AS modelId, m.name AS modelName, dr.model_evaluator_id AS modelEvaluatorId,
                dr.target, dr.confidence, dr.audit_share AS auditShare, dr.threshold, dr.calibration_pairs AS calibrationPairs,
                CASE WHEN dr.threshold IS NULL THEN NULL ELSE dr.calibration_errors END AS calibrationErrors, dr.error_bound AS errorBound, dr.seed, dr.created_by AS createdBy, dr.created_at AS createdAt,
                dr.calibrated_on AS calibratedOn
         FROM deferral_rounds dr LEFT JOIN models m ON m.id = dr.model_id
         WHERE dr.run_id = ? AND dr.layer = ? ORDER BY dr.rowid DESC LIMIT 1`,
      )
      .get(runId, layer) as RoundRow | undefined) ?? null
  );
}

/** Each comparison's latest route among these comparisons, with the auto-label's choice. */
export interface LatestRoute {
  comparisonId: string;
  route: Route;
  pA: number;
  autoChoice: 'A' | 'B' | null;
  /** The confidence level of the round that routed it. */
  confidence: number;
}

export function latestRoutes(db: Database.Database, comparisonIds: readonly string[]): LatestRoute[] {
  return db
    .prepare(
      `SELECT d.comparison_id AS comparisonId, d.route, d.p_a AS pA, j.choice AS autoChoice, dr.confidence
       FROM deferrals d JOIN deferral_rounds dr ON dr.id = d.round_id LEFT JOIN live_judgments j ON j.id = d.judgment_id
       WHERE d.comparison_id IN (SELECT value FROM json_each(?)) AND ${LATEST_DEFERRAL}`,
    )
    .all(JSON.stringify(comparisonIds)) as LatestRoute[];
}

/** The comparisons among these that have a usable human verdict, and how many such verdicts there are in all. */
export function humanLabelCounts(db: Database.Database, comparisonIds: readonly string[]): { comparisons: Set<string>; verdicts: number } {
  const rows = db
    .prepare(
      `SELECT hv.comparison_id AS id, count(*) AS n FROM usable_verdicts hv JOIN evaluators he ON he.id = hv.evaluator_id
       WHERE hv.comparison_id IN (SELECT value FROM json_each(?)) AND he.kind = 'human'
       GROUP BY hv.comparison_id`,
    )
    .all(JSON.stringify(comparisonIds)) as { id: string; n: number }[];
  return { comparisons: new Set(rows.map((r) => r.id)), verdicts: rows.reduce((s, r) => s + r.n, 0) };
}

/** Usable verdicts of simulated evaluators (kind 'human', simulated set) on these comparisons. */
export function simulatedLabelCount(db: Database.Database, comparisonIds: readonly string[]): number {
  return db
    .prepare(
      `SELECT count(*) FROM usable_verdicts hv JOIN evaluators he ON he.id = hv.evaluator_id
       WHERE hv.comparison_id IN (SELECT value FROM json_each(?)) AND he.kind = 'human' AND he.simulated IS NOT NULL`,
    )
    .pluck()
    .get(JSON.stringify(comparisonIds)) as number;
}

/** The comparisons a round sent to audit. */
export function auditComparisonIds(db: Database.Database, roundId: string): string[] {
  return db.prepare(`SELECT comparison_id FROM deferrals WHERE round_id = ? AND route = 'audit'`).pluck().all(roundId) as string[];
}

/** A layer's deferral with its auto-label: `live` when that label is live and not excluded from training (autoChoice
 *  is then its choice; null otherwise). */
export interface LayerDeferral {
  comparisonId: string;
  route: Route;
  autoChoice: string | null;
  live: boolean;
}

/** Every deferral of a run's layer, rounds oldest first (a later round's row supersedes an earlier one's). */
export function layerDeferrals(db: Database.Database, runId: string, layer: number): LayerDeferral[] {
  return (
    db
      .prepare(
        `SELECT d.comparison_id AS comparisonId, d.route, j.choice AS autoChoice, (j.id IS NOT NULL AND j.excluded_at IS NULL) AS live
           FROM deferrals d JOIN deferral_rounds r ON r.id = d.round_id LEFT JOIN live_judgments j ON j.id = d.judgment_id
          WHERE r.run_id = ? AND r.layer = ? ORDER BY r.created_at, r.id`,
      )
      .all(runId, layer) as (Omit<LayerDeferral, 'live'> & { live: number })[]
  ).map((r) => ({ ...r, live: r.live === 1 }));
}

/** Writes a round in one transaction: the deferrals of comparisons still pending then (labelled meanwhile: left out),
 *  the model's evaluator entry created on first use. Returns the round id, that evaluator and the rows written. */
export function recordRound(
  db: Database.Database,
  model: { id: string; name: string },
  round: Omit<NewRound, 'modelEvaluatorId'>,
  deferrals: readonly NewDeferral[],
): { roundId: string; evaluatorId: string; rows: NewDeferral[] } {
  return db
    .transaction(() => {
      const stillPending = new Set(pendingComparisonIds(db, deferrals.map((d) => d.comparisonId)));
      const rows = deferrals.filter((d) => stillPending.has(d.comparisonId));
      const evaluatorId = modelEvaluatorId(db, model);
      const roundId = insertRound(db, { ...round, modelEvaluatorId: evaluatorId }, rows);
      return { roundId, evaluatorId, rows };
    })
    .immediate();
}
