// `rung experiment` end to end (simulated ladders swept over seeds, the five claims, three files) and the same
// experiment as the page runs it (startExperiment as a job, then listExperiments and getExperiment); refusals
// (usage: 2; a folder that holds a report: 1).
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rung, rungLong } from '../helpers/cli';
import { tempDir } from '../helpers/store';
import { useService } from '../helpers/api';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));


const CLAIMS = ['cost-reduction', 'quality-gain', 'error-propagation', 'check-recall', 'deferral-coverage'];

describe('rung experiment', () => {
  it('refuses bad usage (2), a file for a folder and a folder that holds a report (1), and writes nothing then', () => {
    expect(rung(['experiment', '--help']).stdout).toMatch(/usage: rung experiment \[--preset quick\|full\] \[--seeds N\] \[--scale N\] --out DIR/);
    const noOut = rung(['experiment']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out DIR is required/);
    for (const [flag, value, message] of [
      ['--seeds', '1', /--seeds must be an integer from 2 to 100 \(intervals over seeds need two\), got "1"/],
      ['--scale', '0', /--scale must be an integer from 1 to 100, got "0"/],
      ['--preset', 'huge', /--preset must be quick or full, got "huge"/],
      ['--device', 'tpu', /--device must be auto, cpu or cuda, got "tpu"/],
    ] as const) {
      const bad = rung(['experiment', flag, value, '--out', join(dir, 'x')]);
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
    expect(readdirSync(dir)).toEqual([]);
    const file = join(dir, 'taken.txt');
    writeFileSync(file, 'x');
    const onFile = rung(['experiment', '--seeds', '2', '--scale', '1', '--out', file]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain(`out: ${file} is a file, not a folder`);
    const held = join(dir, 'held');
    mkdirSync(held);
    writeFileSync(join(held, 'report.html'), 'an earlier report');
    const refused = rung(['experiment', '--seeds', '2', '--scale', '1', '--out', held]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`out: ${held} already holds an experiment (report.html): choose another folder`);
    expect(readFileSync(join(held, 'report.html'), 'utf8')).toBe('an earlier report');
    expect(readdirSync(held)).toEqual(['report.html']);
  });

  it('runs the quick preset small and writes results.json, results.csv and report.html with the five claims', () => {
    const out = join(dir, 'report');
    const result = rungLong(['experiment', '--seeds', '2', '--scale', '1', '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({ preset: 'quick', seeds: 2, scale: 1, outDir: out });
    expect(printed.claims.map((c: { id: string }) => c.id)).toEqual(CLAIMS);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'results.csv', 'results.json']);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.runs).toHaveLength(8); // 4 conditions × 2 seeds
    for (const claim of results.claims) {
      expect(claim.note.length).toBeGreaterThan(20);
      if (claim.value === null) expect(claim.note).toMatch(/^not measured: /);
      else expect(claim.ci[0]).toBeLessThanOrEqual(claim.ci[1]);
    }
    // Each run: its own database, three layers, its condition's settings as the simulation applied them.
    const bias = results.runs.find((r: { condition: string }) => r.condition === 'length-bias');
    expect(bias.rm0Bias).toEqual({ kind: 'length', share: 0.5 });
    expect(bias.evaluatorParams.overtrust).toBe(0.3);
    const unassisted = results.runs.find((r: { condition: string }) => r.condition === 'unassisted');
    expect(unassisted.layers[1].assistedAccuracy.of).toBe(0); // nothing shown
    expect(results.runs.find((r: { condition: string }) => r.condition === 'ladder').layers[1].assistedAccuracy.of).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'results.csv'), 'utf8').trimEnd().split('\r\n')).toHaveLength(1 + 8 * 3);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/https?:|<script|<link/i);
    for (const id of CLAIMS) expect(html).toContain(id);
    expect(statSync(join(out, 'report.html')).size).toBeGreaterThan(2000);
    // The text form prints the claims table.
    const text = rungLong(['experiment', '--seeds', '2', '--scale', '1', '--preset', 'quick', '--out', join(dir, 'again')]);
    expect(text.code, text.stderr).toBe(0);
    for (const id of CLAIMS) expect(text.stdout).toMatch(new RegExp(`^${id} `, 'm'));
  }, 600_000);
});

describe('experiments as the page runs them', () => {
  const s = useService();

  it('start as a job, end with a report kept beside the database, and open', async () => {
    const job = await s.value('startExperiment', { preset: 'quick', seeds: 2, scale: 1 });
    expect(job).toMatchObject({ status: 'running', total: 8 });
    const refused = await s.call('runExperiment', { out: join(dir, 'x') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } }); // writing a folder is the command line's
    let state = job;
    while (state.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await s.value('getExperimentJob', { jobId: job.id });
    }
    expect(state).toMatchObject({ status: 'done', done: 8, error: null });
    const listed = await s.value('listExperiments');
    expect(listed.experiments.map((x: { id: string }) => x.id)).toEqual([state.experimentId]);
    expect(listed.experiments[0].claims.map((c: { id: string }) => c.id)).toEqual(CLAIMS);
    const opened = await s.value('getExperiment', { id: state.experimentId });
    expect(opened.summary.seeds).toBe(2);
    expect(opened.reportHtml).toMatch(/^<!doctype html>/);
  }, 600_000);
});
