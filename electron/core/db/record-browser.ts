// The SQL of the Data page's record browser: a page of comparisons under filters, walked in store order (rowid) from a
// keyset cursor, at most a budget of rows per call — driven by an index where one serves a filter (a run's layer, the
// data's layer field, a dataset), each other filter tested per row — and one comparison's datasets, layers and flags.
import type Database from 'better-sqlite3';
import { inDatasetSql } from './membership';
import { inLayersSql } from './layer-members';
import { READABLE_METADATA_SQL } from './unreadable-rows';

export interface RecordFilter {
  text?: string;
  datasetId?: string;
  /** The layer ids of the chosen run (one when a layer was chosen). */
  runLayerIds?: string[];
  /** The data's own layer field (when no run is chosen). */
  layer?: number;
  metadata?: { key: string; value: string };
  evaluatorId?: string;
  verdict?: 'A' | 'B' | 'tie' | 'skip' | 'none';
}

/** Which ordered index walks the comparisons: every comparison (rowid), or the members of one filter. */
export type Driver = 'all' | 'run-layer' | 'layer' | 'dataset';

/** Each driver: the ordered walk (rid is the comparison's rowid) and how many it walks in all (kept counts where kept). */
const DRIVERS: Record<Driver, { rid: string; from: string; where: string; size: string }> = {
  all: { rid: 'c.rowid', from: 'comparisons c', where: '1', size: "SELECT rows FROM row_counts WHERE name = 'comparisons'" },
  'run-layer': {
    rid: 'm.position',
    from: 'layer_members m JOIN comparisons c ON c.rowid = m.position',
    where: 'm.layer_id = @layerId',
    size: 'SELECT comparisons FROM layer_counts WHERE layer_id = @layerId',
  },
  layer: { rid: 'c.rowid', from: 'comparisons c INDEXED BY comparisons_layer', where: 'c.layer = @layer', size: 'SELECT count(*) FROM comparisons WHERE layer = @layer' },
  dataset: {
    rid: 'c.rowid',
    from: 'comparisons c INDEXED BY comparisons_dataset',
    where: 'c.dataset_id = @datasetId',
    size: 'SELECT count(*) FROM comparisons WHERE dataset_id = @datasetId',
  },
};

/** LIKE: case-insensitive for ASCII letters, with no copy of the text (lower() would make one per row). */
const textIn = (column: string) => `${column} LIKE @text ESCAPE '\\'`;

/** A live judgment on `c` (by the filter's evaluator, when there is one) with the verdict. */
function judgedSql(filter: RecordFilter, choice: boolean): string {
  const by = filter.evaluatorId !== undefined ? ' AND j.evaluator_id = @evaluatorId' : '';
  return `EXISTS (SELECT 1 FROM judgments j WHERE j.comparison_id = c.id AND j.retracted_at IS NULL${by}${choice ? ' AND j.choice = @verdict' : ''})`;
}

/** The per-row conditions of the filter, less the one the driver serves. */
function residual(filter: RecordFilter, driver: Driver): string[] {
  const parts: string[] = [];
  if (filter.datasetId !== undefined && driver !== 'dataset') parts.push(inDatasetSql('c', '= @datasetId'));
  if (filter.runLayerIds !== undefined && driver !== 'run-layer') parts.push(inLayersSql('c', '@layerIds'));
  if (filter.layer !== undefined && filter.runLayerIds === undefined && driver !== 'layer') parts.push('c.layer = @layer');
  if (filter.metadata) {
    const value = `json_extract(${READABLE_METADATA_SQL}, '$.${filter.metadata.key}')`;
    const type = `json_type(${READABLE_METADATA_SQL}, '$.${filter.metadata.key}')`;
    parts.push(`CASE ${type} WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(${value} AS TEXT) END = @metadataValue`);
  }
  if (filter.verdict === 'none') parts.push(`NOT ${judgedSql(filter, false)}`);
  else if (filter.verdict !== undefined || filter.evaluatorId !== undefined) parts.push(judgedSql(filter, filter.verdict !== undefined));
  if (filter.text !== undefined) {
    parts.push(`(${textIn('(SELECT text FROM prompts WHERE id = c.prompt_id)')} OR ${textIn('(SELECT text FROM responses WHERE id = c.response_a_id)')}
      OR ${textIn('(SELECT text FROM responses WHERE id = c.response_b_id)')})`);
  }
  return parts;
}

/** Whether a dataset's members are all in comparisons.dataset_id (none imported again from another dataset's). */
export function datasetHasOnlyOwnRows(db: Database.Database, datasetId: string): boolean {
  return db.prepare('SELECT 1 FROM dataset_items WHERE dataset_id = ? LIMIT 1').get(datasetId) === undefined;
}

function bindings(filter: RecordFilter): Record<string, unknown> {
  return {
    text: filter.text === undefined ? undefined : `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    datasetId: filter.datasetId,
    layerIds: filter.runLayerIds && JSON.stringify(filter.runLayerIds),
    layerId: filter.runLayerIds?.[0],
    layer: filter.layer,
    metadataValue: filter.metadata?.value,
    evaluatorId: filter.evaluatorId,
    verdict: filter.verdict === 'none' ? undefined : filter.verdict,
  };
}

/** Bound parameters the statement names, only (better-sqlite3 refuses extra named ones). */
function named(sql: string, all: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(all).filter(([name]) => new RegExp(`@${name}\\b`).test(sql)));
}

export interface RecordWalk {
  /** Rowids of the matching comparisons, in store order. */
  hits: number[];
  examined: number;
  /** Where the next call starts (the last rowid examined), or null when the walk reached the end. */
  next: number | null;
  /** The driver serves every filter: every row examined matched. */
  exact: boolean;
}

/** How much one call may walk: at most `rows` comparisons, and it stops (between rows) once `ms` have passed. */
export interface WalkBudget {
  rows: number;
  ms: number;
}

/** Walks the driver's comparisons after rowid `after`, within the budget, until `limit` match. */
export function walkRecords(db: Database.Database, filter: RecordFilter, driver: Driver, after: number, limit: number, budget: WalkBudget): RecordWalk {
  const d = DRIVERS[driver];
  const parts = residual(filter, driver);
  // Nested CASEs test the conditions in order and stop at the first false (the text search, dearest, last).
  const hit = parts.reduceRight((inner, part) => `CASE WHEN ${part} THEN ${inner} ELSE 0 END`, '1');
  const sql = `SELECT ${d.rid} AS rid, ${hit} AS hit FROM ${d.from} WHERE ${d.where} AND ${d.rid} > @after ORDER BY ${d.rid} LIMIT @budget`;
  const hits: number[] = [];
  let examined = 0;
  let last = after;
  let outOfTime = false;
  const deadline = performance.now() + budget.ms;
  for (const row of db.prepare(sql).iterate({ ...named(sql, bindings(filter)), after, budget: budget.rows }) as IterableIterator<{ rid: number; hit: number }>) {
    examined++;
    last = row.rid;
    if (row.hit) hits.push(row.rid);
    if (hits.length === limit) break;
    if (examined % 256 === 0 && performance.now() > deadline) {
      outOfTime = true;
      break;
    }
  }
  const more = hits.length === limit || outOfTime || examined === budget.rows;
  return { hits, examined, next: more ? last : null, exact: parts.length === 0 };
}

/** How many comparisons the driver walks in all (a run layer's members must be current: the caller extends them). */
export function driverSize(db: Database.Database, filter: RecordFilter, driver: Driver): number {
  const sql = DRIVERS[driver].size;
  return (db.prepare(sql).pluck().get(named(sql, bindings(filter))) as number | undefined) ?? 0;
}

export interface RawRecordRow {
  rid: number;
  id: string;
  datasetId: string | null;
  layer: number | null;
  promptExcerpt: string;
  responseAExcerpt: string;
  responseBExcerpt: string;
  judgments: number;
  openFlags: number;
}

const EXCERPT = 240;

/** The page's rows: excerpts of the texts and counts of live judgments and open flags, in store order. */
export function recordRows(db: Database.Database, rowids: readonly number[]): RawRecordRow[] {
  return db
    .prepare(
      `SELECT c.rowid AS rid, c.id, c.dataset_id AS datasetId, c.layer,
              substr(p.text, 1, ${EXCERPT}) AS promptExcerpt, substr(ra.text, 1, ${EXCERPT}) AS responseAExcerpt, substr(rb.text, 1, ${EXCERPT}) AS responseBExcerpt,
              (SELECT count(*) FROM judgments j WHERE j.comparison_id = c.id AND j.retracted_at IS NULL) AS judgments,
              (SELECT count(*) FROM flags f WHERE f.comparison_id = c.id AND f.status = 'open') AS openFlags
         FROM comparisons c JOIN prompts p ON p.id = c.prompt_id JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id
        WHERE c.rowid IN (SELECT value FROM json_each(?)) ORDER BY c.rowid`,
    )
    .all(JSON.stringify(rowids)) as RawRecordRow[];
}

/** The ids of comparisons by rowid, in store order. */
export function recordIds(db: Database.Database, rowids: readonly number[]): string[] {
  return db.prepare('SELECT id FROM comparisons WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid').pluck().all(JSON.stringify(rowids)) as string[];
}

export interface RawComparison {
  id: string;
  prompt: string;
  responseA: string;
  responseB: string;
  groundTruth: 'A' | 'B' | 'tie' | null;
  layer: number | null;
  metadata: string | null;
  createdAt: string;
}

/** A comparison's texts and fields; null when there is no such comparison. */
export function recordComparison(db: Database.Database, id: string): RawComparison | null {
  return (
    (db
      .prepare(
        `SELECT c.id, p.text AS prompt, ra.text AS responseA, rb.text AS responseB, c.ground_truth AS groundTruth, c.layer, c.metadata, c.created_at AS createdAt
           FROM comparisons c JOIN prompts p ON p.id = c.prompt_id JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id
          WHERE c.id = ?`,
      )
      .get(id) as RawComparison | undefined) ?? null
  );
}

/** The datasets that hold a comparison: the one that brought it first, then those that imported it again. */
export function datasetsOfComparison(db: Database.Database, id: string): { id: string; name: string }[] {
  return db
    .prepare(
      `SELECT d.id, d.name FROM comparisons c JOIN datasets d ON d.id = c.dataset_id WHERE c.id = @id
       UNION ALL SELECT d.id, d.name FROM dataset_items di JOIN datasets d ON d.id = di.dataset_id WHERE di.comparison_id = @id AND d.id IS NOT (SELECT dataset_id FROM comparisons WHERE id = @id)`,
    )
    .all({ id }) as { id: string; name: string }[];
}

/** The run layers a comparison is a member of (members brought up to date by the caller). */
export function layersOfComparison(db: Database.Database, id: string): { runId: string; run: string; layer: number; name: string }[] {
  return db
    .prepare(
      `SELECT r.id AS runId, r.name AS run, l.idx AS layer, l.name FROM layer_members m JOIN layers l ON l.id = m.layer_id JOIN runs r ON r.id = l.run_id
        WHERE m.comparison_id = ? ORDER BY r.created_at, r.id, l.idx`,
    )
    .all(id) as { runId: string; run: string; layer: number; name: string }[];
}

/** Every flag on a comparison, most severe first. */
export function flagsOnComparison(db: Database.Database, id: string): { id: string; kind: string; status: string; severity: number; notes: string; createdAt: string }[] {
  return db
    .prepare('SELECT id, kind, status, severity, notes, created_at AS createdAt FROM flags WHERE comparison_id = ? ORDER BY severity DESC, id')
    .all(id) as { id: string; kind: string; status: string; severity: number; notes: string; createdAt: string }[];
}
