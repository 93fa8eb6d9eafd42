// The human queue and storing verdicts. A verdict is acknowledged only after its transaction has committed
// (WAL, synchronous=FULL), so an acknowledged judgment survives a crash. Judgments are never deleted:
// undo sets retracted_at (with an audit entry), and the queue, counts and exports ignore retracted rows.
//
// Queue order for one evaluator, within the filters (dataset, layer):
//   1. comparisons sent back for relabelling from the flags explorer (to this evaluator or to anyone);
//   2. comparisons returned by undo (latest undo first), including an undone position-check answer;
//   3. position checks that are due (a judged comparison shown again with sides swapped);
//   4. comparisons a deferral round sent to people ('audit' or 'human', see ladder/routing.ts) that nobody has
//      judged yet, most uncertain first (|P(A ≻ B) − 0.5| ascending);
//   5. comparisons the evaluator has not judged, in import order — less those whose latest deferral round
//      auto-labelled them (route 'auto'), which never reach the human queue.
// The side shown left is stable while a comparison is pending: it derives from hash(evaluator, comparison),
// so a reload shows the same sides. Position checks are scheduled deterministically from
// hash(evaluator, comparison): a share of judged comparisons (setting positionCheckShare, default 5%)
// comes back after MIN_CHECK_GAP..MAX_CHECK_GAP further judgments with the other side on the left.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { newId, nowIso, sha256Hex } from '../ids';
import { appendAudit } from './audit';
import { answerRelabel, completeRelabel, openRelabelComparisons } from './relabel';
import { getSettings } from './settings';
import { median } from '../metrics/agreement';
import { extendLayerMembers, inLayersSql, layersSize, runLayerIds } from './layer-members';
import { HAS_HUMAN_VERDICT, LATEST_DEFERRAL, ROUTED_AUTO } from './deferrals';
import { inDatasetSql, datasetSizeSql } from './membership';

/** SQL over judgments aliased j: the assistance mode recorded with a verdict ('assisted', 'control', or NULL). */
export const ASSISTANCE_MODE_SQL = `CASE WHEN json_valid(j.assistance) THEN json_extract(j.assistance, '$.mode') END`;
/** SQL over judgments aliased j: 1 when assistance was shown (a control trial recorded what was withheld, so it is not assisted). */
export const WAS_ASSISTED_SQL = `(j.assistance IS NOT NULL AND COALESCE(${ASSISTANCE_MODE_SQL}, 'assisted') <> 'control')`;

export type Side = 'A' | 'B';
export type QueueItemKind = 'new' | 'relabel' | 'returned' | 'position-check';

export interface ComparisonView {
  id: string;
  datasetId: string | null;
  layer: number | null;
  prompt: string;
  responseA: string;
  responseB: string;
}

export interface QueueItem {
  comparison: ComparisonView;
  leftSide: Side;
  kind: QueueItemKind;
  /** For a position check: the judgment it repeats (the answer is stored with repeat_of set to it). */
  repeatOf: string | null;
}

export interface QueueFilter {
  /** Only this run's comparisons; `layer` is then the run's layer index (its entry rule). */
  runId?: string;
  datasetId?: string;
  /** Without runId: the data's own layer field. */
  layer?: number;
}

interface FilterParams {
  datasetId: string | null;
  layer: number | null;
  /** JSON array of the run's layer ids (or the one layer's), or null. */
  scope: string | null;
}

/** The named parameters of FILTER for a queue filter; a run filter is resolved to its layers (members up to date). */
function filterParams(db: Database.Database, filter: QueueFilter): FilterParams {
  if (!filter.runId) return { datasetId: filter.datasetId ?? null, layer: filter.layer ?? null, scope: null };
  const layerIds = runLayerIds(db, filter.runId, filter.layer);
  extendLayerMembers(db, layerIds);
  return { datasetId: filter.datasetId ?? null, layer: null, scope: JSON.stringify(layerIds) };
}

export const MIN_CHECK_GAP = 3;
export const MAX_CHECK_GAP = 7;

const other = (side: Side): Side => (side === 'A' ? 'B' : 'A');

/** The side shown left for a pending comparison: a fair coin from hash(evaluator, comparison), stable across reloads. */
export function stableLeftSide(evaluatorId: string, comparisonId: string): Side {
  return parseInt(sha256Hex('left-side', evaluatorId, comparisonId).slice(0, 2), 16) & 1 ? 'B' : 'A';
}

/** The position-check draw for a judged comparison: `u` uniform in [0,1) (checked when u < share), and the gap in judgments. */
export function positionCheckDraw(evaluatorId: string, comparisonId: string): { u: number; gap: number } {
  const hex = sha256Hex('position-check', evaluatorId, comparisonId);
  const u = parseInt(hex.slice(0, 8), 16) / 2 ** 32;
  const gap = MIN_CHECK_GAP + (parseInt(hex.slice(8, 10), 16) % (MAX_CHECK_GAP - MIN_CHECK_GAP + 1));
  return { u, gap };
}

const FILTER = `(@datasetId IS NULL OR ${inDatasetSql('c', '= @datasetId')})
  AND (@layer IS NULL OR c.layer = @layer)
  AND (@scope IS NULL OR ${inLayersSql('c', '@scope')})`;

const VIEW = `SELECT c.id, c.dataset_id AS datasetId, c.layer, p.text AS prompt, ra.text AS responseA, rb.text AS responseB
  FROM comparisons c
  JOIN prompts p ON p.id = c.prompt_id
  JOIN responses ra ON ra.id = c.response_a_id
  JOIN responses rb ON rb.id = c.response_b_id`;

function requireEvaluator(db: Database.Database, evaluatorId: string): { name: string; kind: string } {
  const evaluator = db.prepare('SELECT name, kind FROM evaluators WHERE id = ?').get(evaluatorId) as { name: string; kind: string } | undefined;
  if (!evaluator) throw new RungError('NOT_FOUND', `no evaluator with id ${evaluatorId}`);
  return evaluator;
}

export function getComparisonView(db: Database.Database, comparisonId: string): ComparisonView | null {
  return (db.prepare(`${VIEW} WHERE c.id = ?`).get(comparisonId) as ComparisonView | undefined) ?? null;
}

/** How many live (not retracted) judgments the evaluator has: the clock position checks are due by. */
export function liveJudgmentCount(db: Database.Database, evaluatorId: string): number {
  return (db.prepare('SELECT count(*) AS n FROM judgments WHERE evaluator_id = ? AND retracted_at IS NULL').get(evaluatorId) as { n: number }).n;
}

export interface NextOptions extends QueueFilter {
  count: number;
  /** Comparison ids the caller already holds (prefetched or being submitted): never returned. */
  exclude?: string[];
  /** Whether position checks are served (false for callers that cannot pass repeatOf back). Default true. */
  positionChecks?: boolean;
}

/** The next `count` items of this evaluator's queue (see the order above). */
export function nextComparisons(db: Database.Database, evaluatorId: string, options: NextOptions): QueueItem[] {
  requireEvaluator(db, evaluatorId);
  const filter = filterParams(db, options);
  const excluded = new Set(options.exclude ?? []);
  const items: QueueItem[] = [];
  const taken = new Set<string>();
  const add = (comparisonId: string, leftSide: Side, kind: QueueItemKind, repeatOf: string | null) => {
    if (repeatOf && options.positionChecks === false) return;
    if (items.length >= options.count || excluded.has(comparisonId) || taken.has(comparisonId)) return;
    const comparison = getComparisonView(db, comparisonId);
    if (!comparison) return;
    taken.add(comparisonId);
    items.push({ comparison, leftSide, kind, repeatOf });
  };

  for (const comparisonId of openRelabelComparisons(db, evaluatorId, FILTER, filter)) add(comparisonId, stableLeftSide(evaluatorId, comparisonId), 'relabel', null);

  // Returned by undo: a retracted verdict with no live verdict on the same comparison (or check) since.
  const returned = db
    .prepare(
      `SELECT j.comparison_id AS comparisonId, j.left_side AS leftSide, j.repeat_of AS repeatOf, max(j.retracted_at) AS at, j.created_at AS createdAt
       FROM judgments j JOIN comparisons c ON c.id = j.comparison_id
       WHERE j.evaluator_id = @evaluatorId AND j.retracted_at IS NOT NULL AND ${FILTER}
         AND NOT EXISTS (SELECT 1 FROM judgments l WHERE l.evaluator_id = j.evaluator_id AND l.comparison_id = j.comparison_id
                         AND l.retracted_at IS NULL AND l.repeat_of IS j.repeat_of)
         AND (j.repeat_of IS NULL OR EXISTS (SELECT 1 FROM judgments o WHERE o.id = j.repeat_of AND o.retracted_at IS NULL))
       GROUP BY j.comparison_id, j.repeat_of
       ORDER BY at DESC, createdAt ASC`, // undo retracts newest first: within one millisecond the older verdict was undone later
    )
    .all({ evaluatorId, ...filter }) as { comparisonId: string; leftSide: Side | null; repeatOf: string | null }[];
  for (const r of returned) {
    add(r.comparisonId, r.leftSide ?? (r.repeatOf ? 'A' : stableLeftSide(evaluatorId, r.comparisonId)), r.repeatOf ? 'position-check' : 'returned', r.repeatOf);
  }

  if (items.length < options.count) {
    const due = pendingChecks(db, evaluatorId, filter, liveJudgmentCount(db, evaluatorId));
    for (const d of due) add(d.comparisonId, d.leftSide, 'position-check', d.repeatOf);
  }

  if (items.length < options.count) {
    const routed = db
      .prepare(
        `SELECT c.id FROM deferrals d JOIN deferral_rounds dr ON dr.id = d.round_id JOIN comparisons c ON c.id = d.comparison_id
         WHERE d.route IN ('audit', 'human') AND ${LATEST_DEFERRAL} AND ${FILTER}
           AND c.id NOT IN (SELECT value FROM json_each(@exclude))
           AND NOT ${HAS_HUMAN_VERDICT}
           AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.comparison_id = c.id AND j.evaluator_id = @evaluatorId
                           AND j.retracted_at IS NULL AND j.repeat_of IS NULL)
         ORDER BY abs(d.p_a - 0.5), c.rowid LIMIT @limit`,
      )
      .all({ evaluatorId, exclude: JSON.stringify([...excluded, ...taken]), limit: options.count - items.length, ...filter }) as { id: string }[];
    for (const r of routed) add(r.id, stableLeftSide(evaluatorId, r.id), 'new', null);
  }

  if (items.length < options.count) {
    const fresh = db
      .prepare(
        `SELECT c.id FROM comparisons c
         WHERE ${FILTER}
           AND c.id NOT IN (SELECT value FROM json_each(@exclude))
           AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.comparison_id = c.id AND j.evaluator_id = @evaluatorId
                           AND j.retracted_at IS NULL AND j.repeat_of IS NULL)
           AND NOT ${ROUTED_AUTO}
         ORDER BY c.rowid LIMIT @limit`,
      )
      .all({ evaluatorId, exclude: JSON.stringify([...excluded, ...taken]), limit: options.count - items.length, ...filter }) as { id: string }[];
    for (const f of fresh) add(f.id, stableLeftSide(evaluatorId, f.id), 'new', null);
  }

  // Nothing new left: checks not yet due come now (their clock would otherwise never reach them).
  if (items.length < options.count) {
    for (const d of pendingChecks(db, evaluatorId, filter, Number.MAX_SAFE_INTEGER)) add(d.comparisonId, d.leftSide, 'position-check', d.repeatOf);
  }
  return items;
}

/** Unanswered position checks (their original still live) due by the evaluator's `live` judgment count, earliest first. */
function pendingChecks(db: Database.Database, evaluatorId: string, filter: FilterParams, live: number) {
  return db
    .prepare(
      `SELECT pc.comparison_id AS comparisonId, pc.left_side AS leftSide, pc.original_judgment_id AS repeatOf
       FROM position_checks pc
       JOIN judgments o ON o.id = pc.original_judgment_id AND o.retracted_at IS NULL
       JOIN comparisons c ON c.id = pc.comparison_id
       WHERE pc.evaluator_id = @evaluatorId AND pc.due_after <= @live AND ${FILTER}
         AND NOT EXISTS (SELECT 1 FROM judgments r WHERE r.repeat_of = pc.original_judgment_id AND r.retracted_at IS NULL)
       ORDER BY pc.due_after, pc.created_at, pc.id`,
    )
    .all({ evaluatorId, live, ...filter }) as { comparisonId: string; leftSide: Side; repeatOf: string }[];
}

/** The first item of the queue, as the foundation's single-item call returns it (it cannot carry repeatOf, so no position checks). */
export function nextComparison(db: Database.Database, evaluatorId: string, datasetId?: string): { comparison: ComparisonView; leftSide: Side } | null {
  const [item] = nextComparisons(db, evaluatorId, { datasetId, count: 1, positionChecks: false });
  return item ? { comparison: item.comparison, leftSide: item.leftSide } : null;
}

/** Distinct layers of the comparisons (within a dataset when given), ascending. */
export function listLayers(db: Database.Database, datasetId?: string): number[] {
  const rows = datasetId
    ? db.prepare(`SELECT DISTINCT c.layer FROM comparisons c WHERE ${inDatasetSql('c', '= @datasetId')} AND c.layer IS NOT NULL ORDER BY 1`).all({ datasetId })
    : distinctLayers(db).map((layer) => ({ layer }));
  return (rows as { layer: number }[]).map((r) => r.layer);
}

/** The data's layer values, one index seek each (comparisons_layer) rather than a walk over every comparison. */
function distinctLayers(db: Database.Database): number[] {
  const next = db.prepare('SELECT layer FROM comparisons WHERE layer > ? ORDER BY layer LIMIT 1').pluck();
  const layers: number[] = [];
  for (let layer = next.get(-1) as number | undefined; layer !== undefined; layer = next.get(layer) as number | undefined) layers.push(layer);
  return layers;
}

export interface NewJudgment {
  comparisonId: string;
  evaluatorId: string;
  choice: 'A' | 'B' | 'tie' | 'skip';
  strength?: number;
  confidence?: number;
  rationale?: string;
  durationMs?: number;
  leftSide: Side;
  assistance?: Record<string, unknown>;
  subJudgments?: Record<string, unknown>[];
  /** Client-generated id of this submit: a retry with the same id returns the stored judgment instead of adding one. */
  requestId?: string;
  /** Answers a position check: the judgment this one repeats. */
  repeatOf?: string;
}

export interface SubmitOptions {
  /** Refuse (CONFLICT) a second live verdict by the same evaluator on the same comparison (the UI's path). */
  requireFresh?: boolean;
}

export interface Acknowledgement {
  id: string;
  createdAt: string;
  /** True when requestId matched a judgment already stored: nothing was added. */
  duplicate: boolean;
}

export function submitJudgment(db: Database.Database, judgment: NewJudgment, options: SubmitOptions = {}): Acknowledgement {
  return db
    .transaction((): Acknowledgement => {
      if (judgment.requestId) {
        const existing = db
          .prepare('SELECT id, comparison_id AS comparisonId, created_at AS createdAt FROM judgments WHERE evaluator_id = ? AND request_id = ?')
          .get(judgment.evaluatorId, judgment.requestId) as { id: string; comparisonId: string; createdAt: string } | undefined;
        if (existing) {
          if (existing.comparisonId !== judgment.comparisonId) throw new RungError('CONFLICT', `request ${judgment.requestId} was already used for another comparison`);
          return { id: existing.id, createdAt: existing.createdAt, duplicate: true };
        }
      }
      if (!db.prepare('SELECT 1 FROM comparisons WHERE id = ?').get(judgment.comparisonId)) {
        throw new RungError('NOT_FOUND', `no comparison with id ${judgment.comparisonId}`);
      }
      const evaluator = requireEvaluator(db, judgment.evaluatorId);
      if (judgment.repeatOf) {
        const original = db.prepare('SELECT evaluator_id AS evaluatorId, comparison_id AS comparisonId, retracted_at AS retractedAt FROM judgments WHERE id = ?').get(judgment.repeatOf) as
          | { evaluatorId: string; comparisonId: string; retractedAt: string | null }
          | undefined;
        if (!original) throw new RungError('NOT_FOUND', `no judgment with id ${judgment.repeatOf}`);
        if (original.evaluatorId !== judgment.evaluatorId || original.comparisonId !== judgment.comparisonId) {
          throw new RungError('CONFLICT', `judgment ${judgment.repeatOf} is not this evaluator's verdict on this comparison`);
        }
        if (original.retractedAt) throw new RungError('CONFLICT', `judgment ${judgment.repeatOf} was undone; there is nothing to repeat`);
        if (db.prepare('SELECT 1 FROM judgments WHERE repeat_of = ? AND retracted_at IS NULL').get(judgment.repeatOf)) {
          throw new RungError('CONFLICT', `the position check of judgment ${judgment.repeatOf} is already answered`);
        }
      }
      const relabelRequests = judgment.repeatOf ? [] : answerRelabel(db, judgment.evaluatorId, evaluator.name, judgment.comparisonId);
      if (
        !judgment.repeatOf &&
        relabelRequests.length === 0 &&
        options.requireFresh &&
        db.prepare('SELECT 1 FROM judgments WHERE evaluator_id = ? AND comparison_id = ? AND retracted_at IS NULL AND repeat_of IS NULL').get(judgment.evaluatorId, judgment.comparisonId)
      ) {
        throw new RungError('CONFLICT', 'this comparison already has your verdict; undo it first to change it');
      }

      const id = newId();
      const createdAt = nowIso();
      db.prepare(
        `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, strength, confidence, rationale, duration_ms, left_side,
                                assistance, sub_judgments, origin, dataset_id, created_at, request_id, repeat_of)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ui', NULL, ?, ?, ?)`,
      ).run(
        id,
        judgment.comparisonId,
        judgment.evaluatorId,
        judgment.choice,
        judgment.strength ?? null,
        judgment.confidence ?? null,
        judgment.rationale ?? null,
        judgment.durationMs ?? null,
        judgment.leftSide,
        judgment.assistance ? JSON.stringify(judgment.assistance) : null,
        judgment.subJudgments ? JSON.stringify(judgment.subJudgments) : null,
        createdAt,
        judgment.requestId ?? null,
        judgment.repeatOf ?? null,
      );
      appendAudit(db, {
        actor: evaluator.name,
        action: 'judge',
        entity: 'judgment',
        entityId: id,
        details: { comparisonId: judgment.comparisonId, choice: judgment.choice, ...(judgment.repeatOf ? { repeatOf: judgment.repeatOf } : {}) },
      });
      completeRelabel(db, relabelRequests, id);
      if (!judgment.repeatOf && judgment.choice !== 'skip') schedulePositionCheck(db, judgment.evaluatorId, judgment.comparisonId, id, judgment.leftSide);
      return { id, createdAt, duplicate: false };
    })
    .immediate();
}

function schedulePositionCheck(db: Database.Database, evaluatorId: string, comparisonId: string, judgmentId: string, leftSide: Side): void {
  const { positionCheckShare } = getSettings(db);
  const { u, gap } = positionCheckDraw(evaluatorId, comparisonId);
  if (u >= positionCheckShare) return;
  db.prepare(
    `INSERT INTO position_checks (id, evaluator_id, comparison_id, original_judgment_id, left_side, due_after, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(newId(), evaluatorId, comparisonId, judgmentId, other(leftSide), liveJudgmentCount(db, evaluatorId) + gap, nowIso());
}

export interface Undone {
  judgmentId: string;
  /** The comparison, back at the front of the queue, with the sides it was shown with. */
  item: QueueItem;
}

/** Retracts the evaluator's latest live verdict made in the app (never deletes it); null when there is none. */
export function undoLastJudgment(db: Database.Database, evaluatorId: string): Undone | null {
  return db
    .transaction((): Undone | null => {
      const evaluator = requireEvaluator(db, evaluatorId);
      const last = db
        .prepare(
          `SELECT id, comparison_id AS comparisonId, left_side AS leftSide, repeat_of AS repeatOf, choice FROM judgments
           WHERE evaluator_id = ? AND retracted_at IS NULL AND origin = 'ui'
           ORDER BY created_at DESC, rowid DESC LIMIT 1`,
        )
        .get(evaluatorId) as { id: string; comparisonId: string; leftSide: Side | null; repeatOf: string | null; choice: string } | undefined;
      if (!last) return null;
      db.prepare('UPDATE judgments SET retracted_at = ? WHERE id = ?').run(nowIso(), last.id);
      appendAudit(db, { actor: evaluator.name, action: 'retract', entity: 'judgment', entityId: last.id, details: { comparisonId: last.comparisonId, choice: last.choice, reason: 'undo' } });
      const comparison = getComparisonView(db, last.comparisonId)!;
      return {
        judgmentId: last.id,
        item: {
          comparison,
          leftSide: last.leftSide ?? stableLeftSide(evaluatorId, last.comparisonId),
          kind: last.repeatOf ? 'position-check' : 'returned',
          repeatOf: last.repeatOf,
        },
      };
    })
    .immediate();
}

export interface Progress {
  doneToday: number;
  skippedToday: number;
  remaining: number;
  medianSeconds: number | null;
}

/** Local midnight of the machine running this code, as ISO (the default start of "today"). */
export function localMidnightIso(now = new Date()): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/** Done today (verdicts, position checks included), remaining in this queue, median seconds per verdict today. */
export function getProgress(db: Database.Database, evaluatorId: string, filter: QueueFilter & { since?: string }): Progress {
  requireEvaluator(db, evaluatorId);
  const since = filter.since ?? localMidnightIso();
  const today = db
    .prepare(`SELECT choice, duration_ms AS durationMs FROM judgments WHERE evaluator_id = ? AND retracted_at IS NULL AND origin = 'ui' AND created_at >= ?`)
    .all(evaluatorId, since) as { choice: string; durationMs: number | null }[];
  const verdicts = today.filter((j) => j.choice !== 'skip');
  const params = { evaluatorId, ...filterParams(db, filter) };
  // Counted the cheapest way the filter allows (a plain count(*) walks no rows' columns).
  const total = (
    params.datasetId === null && params.layer === null && params.scope === null
      ? db.prepare('SELECT count(*) AS n FROM comparisons').get()
      : params.layer === null && params.scope === null
        ? db.prepare(`SELECT ${datasetSizeSql('@datasetId')} AS n`).get({ datasetId: params.datasetId })
        : params.datasetId === null && params.layer === null
          ? { n: layersSize(db, JSON.parse(params.scope!) as string[]) }
          : db.prepare(`SELECT count(*) AS n FROM comparisons c WHERE ${FILTER}`).get(params)
  ) as { n: number };
  const judged = (
    db
      .prepare(
        `SELECT count(DISTINCT j.comparison_id) AS n FROM judgments j JOIN comparisons c ON c.id = j.comparison_id
         WHERE j.evaluator_id = @evaluatorId AND j.retracted_at IS NULL AND j.repeat_of IS NULL AND ${FILTER}`,
      )
      .get(params) as { n: number }
  ).n;
  const checks = (
    db
      .prepare(
        `SELECT count(*) AS n FROM position_checks pc
         JOIN judgments o ON o.id = pc.original_judgment_id AND o.retracted_at IS NULL
         JOIN comparisons c ON c.id = pc.comparison_id
         WHERE pc.evaluator_id = @evaluatorId AND ${FILTER}
           AND NOT EXISTS (SELECT 1 FROM judgments r WHERE r.repeat_of = pc.original_judgment_id AND r.retracted_at IS NULL)`,
      )
      .get(params) as { n: number }
  ).n;
  // Auto-labelled by their latest deferral round and not judged by this evaluator: not in the queue.
  const autoLabelled = (
    db
      .prepare(
        `SELECT count(DISTINCT c.id) AS n FROM deferrals d JOIN deferral_rounds dr ON dr.id = d.round_id JOIN comparisons c ON c.id = d.comparison_id
         WHERE d.route = 'auto' AND ${LATEST_DEFERRAL} AND ${FILTER}
           AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.comparison_id = c.id AND j.evaluator_id = @evaluatorId
                           AND j.retracted_at IS NULL AND j.repeat_of IS NULL)`,
      )
      .get(params) as { n: number }
  ).n;
  const seconds = median(verdicts.filter((j) => j.durationMs !== null).map((j) => j.durationMs! / 1000));
  return {
    doneToday: verdicts.length,
    skippedToday: today.length - verdicts.length,
    remaining: Math.max(0, total.n - judged - autoLabelled) + checks,
    medianSeconds: seconds === null ? null : Math.round(seconds * 10) / 10,
  };
}
