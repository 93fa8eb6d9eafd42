// Runs and their layers 0..K: creating a run (each layer with its entry rule), listing runs with how
// many comparisons and human judgments each layer holds, and the built-in demo ladder.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { DEMO_RUN_NAME } from '../../api/names';
import { appendAudit } from '../db/audit';
import { newId, nowIso } from '../ids';
import { extendLayerMembers, layerCounts, layerMemberIds, ruleSql, runLayerIds } from '../db/layer-members';
import { describeRule, type LayerRule } from './rules';

export interface NewLayer {
  name: string;
  rule: LayerRule;
}

export interface LayerView {
  id: string;
  index: number;
  name: string;
  rule: LayerRule;
  description: string;
  comparisons: number;
  humanJudgments: number;
}

export interface RunView {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  layers: LayerView[];
}

export function createRun(db: Database.Database, name: string, description: string, layers: NewLayer[], actor: string): RunView {
  if (layers.length === 0) throw new RungError('INVALID_PARAMS', 'a run needs at least one layer');
  layers.forEach((l) => ruleSql(l.rule)); // refuses a bad rule before anything is written
  const id = newId();
  db.transaction(() => {
    if (db.prepare('SELECT 1 FROM runs WHERE name = ?').get(name)) throw new RungError('CONFLICT', `a run named "${name}" already exists`);
    const now = nowIso();
    db.prepare('INSERT INTO runs (id, name, description, created_at) VALUES (?, ?, ?, ?)').run(id, name, description, now);
    const insert = db.prepare('INSERT INTO layers (id, run_id, idx, name, rule, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    layers.forEach((layer, idx) => insert.run(newId(), id, idx, layer.name, JSON.stringify(layer.rule), now));
    extendLayerMembers(db); // the new layers' members and counts, in the same transaction
    appendAudit(db, { actor, action: 'create', entity: 'run', entityId: id, details: { name, layers: layers.length } });
  }).immediate();
  return getRun(db, id)!;
}

/** The comparisons of one layer of a run (by index), or of all its layers; NOT_FOUND for an unknown run or layer. */
export function runComparisonIds(db: Database.Database, runId: string, layer?: number): string[] {
  return layerMemberIds(db, runLayerIds(db, runId, layer));
}

export function getRun(db: Database.Database, id: string): RunView | null {
  const run = db.prepare('SELECT id, name, description, created_at AS createdAt FROM runs WHERE id = ?').get(id) as Omit<RunView, 'layers'> | undefined;
  if (!run) return null;
  const layers = (db.prepare('SELECT id, idx, name, rule FROM layers WHERE run_id = ? ORDER BY idx').all(id) as { id: string; idx: number; name: string; rule: string }[]).map(
    (l) => {
      const rule = JSON.parse(l.rule) as LayerRule;
      return { id: l.id, index: l.idx, name: l.name, rule, description: describeRule(rule), ...layerCounts(db, l.id) };
    },
  );
  return { ...run, layers };
}

export function listRuns(db: Database.Database): RunView[] {
  return (db.prepare('SELECT id FROM runs ORDER BY created_at, name').all() as { id: string }[]).map((r) => getRun(db, r.id)!);
}


/** The demo ladder: the demo dataset's three layers (single-step; 3–4 steps; 8+ steps) by its layer field. */
export function createDemoRun(db: Database.Database, actor: string): RunView {
  const existing = db.prepare('SELECT id FROM runs WHERE name = ?').get(DEMO_RUN_NAME) as { id: string } | undefined;
  if (existing) return getRun(db, existing.id)!;
  return createRun(
    db,
    DEMO_RUN_NAME,
    'Word problems with planted wrong steps: each rung has longer solutions than the one below.',
    [
      { name: 'Single-step problems', rule: { kind: 'field', layer: 0 } },
      { name: '3–4 step problems', rule: { kind: 'field', layer: 1 } },
      { name: '8+ step problems', rule: { kind: 'field', layer: 2 } },
    ],
    actor,
  );
}
