// The evaluator's round trip through the contract — nextComparison then submitJudgment — with 1,000,000
// comparisons in the database: p50/p95 in ms, beside a same-run baseline of one bare fsynced insert.
import { join } from 'node:path';
import { it } from 'vitest';
import { dispatch } from '../../electron/api';
import { createHandlers } from '../../electron/core/service';
import { tempStore } from '../helpers/store';
import { fillComparisons } from './fill';
import { fmt, percentile, report } from './stats';

const COMPARISONS = 1_000_000;
const ROUNDS = 1_000;


it('next comparison + submit judgment with 1,000,000 comparisons', async () => {
  const t = tempStore();
  const fillStart = performance.now();
  fillComparisons(t.store.db, COMPARISONS, {
    prompt: (i) => `Prompt ${i}: explain step ${i % 100} of the proof.`,
    response: (i, side) => `Response ${side} to ${i}. `.repeat(20),
  });
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const handlers = createHandlers(t.store, { mode: 'browser', version: 'bench' });
  const call = async (method: string, params: unknown) => {
    const result = await dispatch(handlers, method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as any;
  };
  const evaluator = await call('createEvaluator', { name: 'bench' });

  const roundTrips: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    const next = await call('nextComparison', { evaluatorId: evaluator.id });
    await call('submitJudgment', { comparisonId: next.comparison.id, evaluatorId: evaluator.id, choice: i % 3 === 0 ? 'B' : 'A', leftSide: next.leftSide, durationMs: 900 });
    roundTrips.push(performance.now() - start);
  }

  // Baseline: the floor any durable store pays — one fsynced single-row transaction.
  t.store.db.exec('CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = t.store.db.prepare('INSERT INTO bench_floor (v) VALUES (?)');
  const floor: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    insert.run('x');
    floor.push(performance.now() - start);
  }
  roundTrips.sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  report(`queue round trip: ${fmt(COMPARISONS)} comparisons, ${fmt(ROUNDS)} judgments (db at ${join(t.dir, 'rung.db')})`, [
    ['fill time (not measured below)', `${fmt(fillSeconds, 1)} s`],
    ['next+submit p50', `${fmt(percentile(roundTrips, 50), 3)} ms`],
    ['next+submit p95', `${fmt(percentile(roundTrips, 95), 3)} ms`],
    ['baseline fsynced insert p50', `${fmt(percentile(floor, 50), 3)} ms`],
    ['baseline fsynced insert p95', `${fmt(percentile(floor, 95), 3)} ms`],
    ['ratio p50 round trip / baseline', `${fmt(percentile(roundTrips, 50) / percentile(floor, 50), 1)}×`],
  ]);
  t.cleanup();
});
