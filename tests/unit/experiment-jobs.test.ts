// Experiment jobs (one at a time, progress, cancel after the run in progress, failures kept verbatim) and the reports
// kept beside the database: listed newest first, an unreadable folder listed apart with why, unknown ids refused.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExperimentJobs, type ExperimentJob, type ExperimentRunner } from '../../electron/core/app/experiment-jobs';
import { ExperimentCancelled, runExperiment } from '../../electron/core/experiment/run-experiment';
import { experimentsFolder } from '../../electron/core/experiment/stored';
import { openStore } from '../../electron/core/store';
import { useService } from '../helpers/api';

const s = useService();

/** A runner the test drives: it reports progress when told, and ends as told (or when cancelled). */
function controlledRunner() {
  const ends: { finish: () => void; fail: (error: Error) => void; progress: (done: number) => void; signal: AbortSignal }[] = [];
  const runner: ExperimentRunner = (request, signal, onProgress) =>
    new Promise<void>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new ExperimentCancelled('cancelled after 1 of 8 runs; nothing was written')));
      ends.push({ finish: resolve, fail: reject, progress: (done) => onProgress(`run ${done}`, done, 8), signal });
      expect(request.outDir.startsWith(experimentsFolder(s.t.store))).toBe(true);
    });
  return { runner, ends };
}

describe('experiment jobs', () => {
  it('run one at a time, report their progress, and name their report when done', async () => {
    const { runner, ends } = controlledRunner();
    const seen: ExperimentJob[] = [];
    const jobs = new ExperimentJobs(s.t.store, runner, (job) => seen.push(job));
    const job = jobs.start({ preset: 'quick', seeds: 2 });
    expect(job).toMatchObject({ status: 'running', preset: 'quick', seeds: 2, scale: 5, done: 0, total: 8, experimentId: null });
    expect(() => jobs.start({ preset: 'full' })).toThrow(`an experiment is running (job ${job.id}): wait for it or cancel it`);
    ends[0].progress(3);
    expect(jobs.get(job.id)).toMatchObject({ done: 3, stage: 'run 3' });
    ends[0].finish();
    const done = await jobs.settle(job.id);
    expect(done.status).toBe('done');
    expect(done.experimentId).toMatch(/^\d{8}T\d{6}Z-quick$/);
    expect(seen.map((j) => j.status)).toEqual(['running', 'running', 'done']);
    expect(jobs.list().map((j) => j.id)).toEqual([job.id]);
    // The next one may start now.
    expect(jobs.start({ preset: 'quick', seeds: 2 }).status).toBe('running');
  });

  it('are cancelled after the run in progress, and keep a failure verbatim', async () => {
    const { runner, ends } = controlledRunner();
    const jobs = new ExperimentJobs(s.t.store, runner);
    const job = jobs.start({ preset: 'quick' });
    expect(jobs.cancel(job.id).stage).toBe('cancelling after the run in progress');
    expect(ends[0].signal.aborted).toBe(true);
    expect(await jobs.settle(job.id)).toMatchObject({ status: 'cancelled', error: null, experimentId: null });
    const failing = jobs.start({ preset: 'quick' });
    ends[1].fail(new Error('the engine ran out of memory'));
    expect(await jobs.settle(failing.id)).toMatchObject({ status: 'failed', error: 'the engine ran out of memory' });
    expect(() => jobs.get('00000000-0000-4000-8000-000000000000')).toThrow(/no experiment job/);
  });

  it('leave nothing when cancelled: no folder they made, a folder that was there as it was', async () => {
    const abort = new AbortController();
    abort.abort();
    const fresh = join(s.t.dir, 'new-report');
    await expect(runExperiment({ preset: 'quick', seeds: 2, outDir: fresh, signal: abort.signal })).rejects.toThrow('cancelled after 0 of 8 runs; nothing was written');
    expect(existsSync(fresh)).toBe(false);
    const existing = join(s.t.dir, 'existing');
    mkdirSync(existing);
    writeFileSync(join(existing, 'notes.txt'), 'keep');
    await expect(runExperiment({ preset: 'quick', seeds: 2, outDir: existing, signal: abort.signal })).rejects.toBeInstanceOf(ExperimentCancelled);
    expect(readdirSync(existing)).toEqual(['notes.txt']);
    await expect(runExperiment({ preset: 'quick', seeds: 1, outDir: fresh })).rejects.toThrow('seeds must be an integer from 2 to 100 (intervals over seeds need two), got 1');
    expect(existsSync(fresh)).toBe(false);
  });

  it('need a database file to keep their reports beside', () => {
    const memory = openStore(':memory:');
    try {
      expect(() => new ExperimentJobs(memory).start({ preset: 'quick' })).toThrow('experiments are kept beside the database file, and this database is in memory');
    } finally {
      memory.close();
    }
  });
});

describe('stored experiments', () => {
  it('are listed newest first, with a folder that cannot be read listed apart, and unknown ids refused', async () => {
    const folder = experimentsFolder(s.t.store);
    expect(await s.value('listExperiments')).toEqual({ experiments: [], unreadable: [] });
    const summary = { preset: 'quick', scale: 1, seeds: 2, startedAt: '2026-12-07T05:00:00.000Z', seconds: 3, conditions: [], claims: [] };
    for (const [id, content] of [
      ['20261207T050000Z-quick', JSON.stringify(summary)],
      ['20261207T060000Z-quick', JSON.stringify({ ...summary, startedAt: '2026-12-07T06:00:00.000Z' })],
      ['20261207T070000Z-quick', '{"preset": "quick", '],
      ['20261207T080000Z-full', JSON.stringify({ ...summary, seeds: 'two' })],
    ]) {
      mkdirSync(join(folder, id), { recursive: true });
      writeFileSync(join(folder, id, 'results.json'), content);
    }
    writeFileSync(join(folder, '20261207T050000Z-quick', 'report.html'), '<!doctype html><title>r</title>');
    const listed = await s.value('listExperiments');
    expect(listed.experiments.map((x: { id: string }) => x.id)).toEqual(['20261207T060000Z-quick', '20261207T050000Z-quick']);
    expect(listed.unreadable).toEqual([
      { id: '20261207T070000Z-quick', reason: 'results.json is not valid JSON' },
      { id: '20261207T080000Z-full', reason: expect.stringMatching(/^results\.json: seeds: /) },
    ]);
    expect((await s.value('getExperiment', { id: '20261207T050000Z-quick' })).reportHtml).toContain('<title>r</title>');
    for (const id of ['20261207T090000Z-quick', '../rung.db', '20261207T050000Z-quick/..']) {
      const refused = await s.call('getExperiment', { id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no experiment with id ${id}` } });
    }
    const missingPage = await s.call('getExperiment', { id: '20261207T060000Z-quick' });
    expect(missingPage).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/report\.html: missing/) } });
  });
});
