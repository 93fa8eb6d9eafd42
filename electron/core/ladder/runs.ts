// Runs and their layers 0..K: creating a run (each layer with its entry rule), listing runs with how
// many comparisons and human judgments each layer holds, and the built-in demo ladder.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { DEMO_RUN_NAME } from '../../api/names';
import { runCriteria, type Criterion } from '../db/criteria';
import { ruleSql, type LayerRule } from '../db/layer-rules';
import { layerCounts } from '../db/layer-members';
import { insertRun, runIdByName, runIds, runLayers, runRow } from '../db/runs';
import { describeRule } from './rules';

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
  humanLabels: number;
}

export interface RunView {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  layers: LayerView[];
  /** The run's rubric in order (empty: none). */
  criteria: Criterion[];
}

export function createRun(db: Database.Database, name: string, description: string, layers: NewLayer[], actor: string, criteria: readonly Criterion[] = []): RunView {
  if (layers.length === 0) throw new RungError('INVALID_PARAMS', 'a run needs at least one layer');
  layers.forEach((l) => ruleSql(l.rule)); // refuses a bad rule before anything is written
  return getRun(db, insertRun(db, name, description, layers, actor, criteria))!;
}

export function getRun(db: Database.Database, id: string): RunView | null {
  const run = runRow(db, id);
  if (!run) return null;
  const layers = runLayers(db, id).map((l) => ({ id: l.id, index: l.idx, name: l.name, rule: l.rule, description: describeRule(l.rule), ...layerCounts(db, l.id) }));
  return { ...run, layers, criteria: runCriteria(db, id) };
}

export function listRuns(db: Database.Database): RunView[] {
  return runIds(db).map((id) => getRun(db, id)!);
}


/** The demo ladder: the demo dataset's three layers (single-step; 3–4 steps; 8+ steps) by its layer field. */
export function createDemoRun(db: Database.Database, actor: string): RunView {
  const existing = runIdByName(db, DEMO_RUN_NAME);
  if (existing) return getRun(db, existing)!;
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
