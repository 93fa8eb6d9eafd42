// `rung demo --simulate` end to end (the recursive loop on the demo ladder with simulated evaluators) and `rung route`
// (and `rung route --list`):
// help, exit codes, the JSON rows per layer and what must hold in them (counts add up, bounds respected).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rung, rungLong } from '../helpers/cli';
import { tempDir } from '../helpers/store';
import { openStore } from '../../electron/core/store';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));


describe('rung demo --simulate', () => {
  it('has help, and refuses bad usage (2) and a database that is not empty (1)', () => {
    const help = rung(['demo', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage: rung demo load .*rung demo --simulate/);
    expect(help.stdout).toMatch(/--scale N .*default 10\). At 1 the risk bound can never certify/);
    expect(rung(['demo']).code).toBe(2);
    expect(rung(['demo', '--simulate', '--scale', '0', '--db', join(dir, 'x.db')]).stderr).toMatch(/--scale must be an integer from 1 to 100/);
    expect(rung(['demo', 'load', '--simulate', '--db', join(dir, 'x.db')]).code).toBe(2);
    expect(help.stdout).toMatch(/--base-error F .*--error-per-step F .*--assisted-factor F/s);
    for (const [flag, value, message] of [
      ['--base-error', '1.5', /--base-error must be a number from 0 to 1, got "1.5"/],
      ['--error-per-step', 'x', /--error-per-step must be a number from 0 to 1, got "x"/],
      ['--target', '0', /--target must be a number between 0 and 1 \(exclusive\), got "0"/],
      ['--overtrust', '2', /--overtrust must be a number from 0 to 1, got "2"/],
      ['--rm0-bias', 'loud', /--rm0-bias must be none, length or step-blind, got "loud"/],
      ['--rm0-bias-share', '0.2', /--rm0-bias-share is given only with a bias to plant \(rm0Bias length or step-blind\)/],
    ] as const) {
      const bad = rung(['demo', '--simulate', flag, value, '--db', join(dir, 'x.db')]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
    // The evaluators' parameters are the user's: never wrong ⇒ every simulated verdict matches the ground truth.
    const perfect = rungLong(['demo', '--simulate', '--scale', '1', '--base-error', '0', '--error-per-step', '0', '--json', '--db', join(dir, 'perfect.db')]);
    expect(perfect.code, perfect.stderr).toBe(0);
    const perfectReport = JSON.parse(perfect.stdout);
    expect(perfectReport.simulatedEvaluators.map((e: { params: object }) => e.params)).toEqual(
      [1, 2, 3].map((seed) => ({ baseError: 0, errorPerStep: 0, assistedWrongStepFactor: 1 / 3, overtrust: 0, seed })),
    );
    expect(perfectReport.rows.map((r: { humanAccuracy: number }) => r.humanAccuracy)).toEqual([1, 1, 1]);
    const db = join(dir, 'used.db');
    expect(rung(['demo', 'load', '--db', db]).code).toBe(0);
    const refused = rung(['demo', '--simulate', '--scale', '1', '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/needs an empty database/);
  });

  it('plants a length bias in RM0\'s seed labels: the seed labels carry it as the closed form says, RM0 learns it, the rows say how far it reaches', () => {
    const db = join(dir, 'biased.db');
    const result = rungLong(['demo', '--simulate', '--scale', '5', '--rm0-bias', 'length', '--rm0-bias-share', '0.6', '--overtrust', '0.3', '--json', '--db', db]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.rm0Bias).toEqual({ kind: 'length', share: 0.6 });
    expect(report.simulatedEvaluators.map((e: { params: { overtrust: number } }) => e.params.overtrust)).toEqual([0.3, 0.3, 0.3]);
    const [layer0] = report.rows;
    // On a seed item where the longer response is the wrong one, the label follows the bias with chance 0.6 (the
    // bias decides), else only when two or three of the evaluators err (each 5% on one-step items): 0.6 + 0.4·q.
    const e = 0.05;
    const q = 3 * e * e * (1 - e) + e ** 3;
    const expected = 0.6 + 0.4 * q;
    const seeds = layer0.truth.bias.length.seedLabels;
    expect(seeds.of).toBeGreaterThan(80);
    expect(Math.abs(seeds.rate - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / seeds.of));
    // RM0 learns it: on bias items it never trained on it takes the longer (wrong) side far more often than its
    // error rate on the demo (≈ 2% unbiased).
    expect(layer0.truth.bias.length.rm.of).toBeGreaterThan(50);
    expect(layer0.truth.bias.length.rm.rate).toBeGreaterThan(0.2);
    for (const row of report.rows) {
      const t = row.truth;
      expect(t.bias.length.items).toBeGreaterThan(0);
      expect(t.bias.length.flaggedFollowing.of).toBeLessThanOrEqual(t.bias.length.labels.of);
      // Every comparison ends up with a label, unless its three verdicts split three ways (A, B, tie); the accuracy
      // counts those with a decisive ground truth (9 in 10).
      expect(t.labelGroundTruthAccuracy.of).toBeLessThanOrEqual(row.comparisons);
      expect(t.labelGroundTruthAccuracy.of).toBeGreaterThan(0.8 * row.comparisons);
      expect(t.checks.flaggedWrongLabels).toBeLessThanOrEqual(t.checks.wrongLabels);
      expect(t.autoLabelGroundTruthError.of).toBeLessThanOrEqual(row.autoLabelled);
    }
    expect(report.rows[0].truth.assistedGroundTruthAccuracy.of).toBe(0); // layer 0 is judged without assistance
    expect(report.checks).toEqual(expect.any(Object));
    expect(result.stderr).toBe('');
  }, 600_000);

  it('runs the loop at the default scale and reports one row per layer', () => {
    const db = join(dir, 'sim.db');
    const result = rungLong(['demo', '--simulate', '--json', '--db', db]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ dbPath: db, scale: 10, target: 0.05, confidence: 0.95, auditShare: 0.05 });
    expect(report.simulatedEvaluators).toHaveLength(3);
    expect(report.rows.map((r: { layer: number }) => r.layer)).toEqual([0, 1, 2]);
    for (const row of report.rows) {
      for (const field of ['layer', 'humanAccuracy', 'assistedAccuracy', 'unassistedAccuracy', 'rmAccuracy', 'autoLabelled', 'auditedAutoLabelError', 'humanLabels', 'humanLabelsSaved']) expect(row).toHaveProperty(field);
      expect(row.modelId).toEqual(expect.any(String)); // RMk trained at every layer
      expect(row.rmAccuracy).toBeGreaterThanOrEqual(0);
      expect(row.rmAccuracy).toBeLessThanOrEqual(1);
      expect(row.humanLabelsSaved).toBeGreaterThanOrEqual(0);
      expect(row.humanLabelsSaved).toBe(row.autoLabelled - row.audits);
      // Every comparison ends up labelled by (simulated) people or auto-labelled: the first half and the audits by
      // all three evaluators, what deferral sent to people by one.
      const first = Math.ceil(row.comparisons / 2);
      expect(row.humanLabels).toBe(3 * first + 3 * row.audits + (row.comparisons - first - row.autoLabelled));
      if (row.threshold !== null) expect(row.thresholdErrorBound).toBeLessThanOrEqual(0.05);
      if (row.auditedAutoLabelError !== null) expect(row.auditedAutoLabelError).toBeLessThanOrEqual(row.auditedAutoLabelErrorBound);
      for (const k of ['humanAccuracy', 'assistedAccuracy', 'unassistedAccuracy']) if (row[k] !== null) expect(row[k]).toBeGreaterThanOrEqual(0);
      expect(row.metrics).toMatchObject({ layer: row.layer, comparisons: row.comparisons });
      // Nothing planted: the labels take the longer (wrong) side only where they err.
      expect(row.truth.bias.length.labels.rate).toBeLessThan(0.2);
      expect(row.truth.labelGroundTruthAccuracy.rate).toBeGreaterThan(0.8);
      expect(row.truth.rmGroundTruthAccuracy).toEqual({ rate: row.metrics.rmGroundTruthAccuracy.rate, of: row.metrics.rmGroundTruthAccuracy.total });
    }
    expect(report.rows[0].assistedAccuracy).toBeNull(); // layer 0 is judged without assistance
    expect(report.rows[1].metrics.assistedAccuracy.total).toBeGreaterThan(0);
    expect(report.rows[1].metrics.unassistedAccuracy.total).toBeGreaterThan(0); // control trials
    expect(report.rows[0].humanAccuracy).toBeGreaterThan(report.rows[2].humanAccuracy); // longer items, more errors
    // The loop works: RM0 learns layer 0 (its arithmetic checks see the planted slips), its assistance helps at
    // layers 1 and 2; deferral saves human labels where its held-out pairs certify the 5% target — at least on the
    // two lower layers, whose RMs err on almost none of them — and otherwise says the smallest target they do certify.
    expect(report.rows[0].rmAccuracy).toBeGreaterThan(0.9);
    for (const k of [0, 1]) expect(report.rows[k].humanLabelsSaved, `layer ${k} saves labels`).toBeGreaterThan(0);
    for (const k of [1, 2]) expect(report.rows[k].assistedAccuracy).toBeGreaterThan(report.rows[k].unassistedAccuracy);
    for (const row of report.rows) {
      expect(row.calibrationPairs).toBeGreaterThan(0);
      if (row.threshold !== null) expect(row.humanLabelsSaved).toBeGreaterThan(0);
      else expect(row.smallestCertifiableTarget).toBeGreaterThan(0.05);
    }

    // In the database every human-kind verdict is by a simulated evaluator, and all of them are marked.
    const store = openStore(db);
    try {
      const people = store.db.prepare(`SELECT count(*) AS n FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id WHERE e.kind = 'human' AND e.simulated IS NULL`).get();
      expect(people).toEqual({ n: 0 });
      expect(store.db.prepare(`SELECT count(*) AS n FROM evaluators WHERE simulated IS NOT NULL`).get()).toEqual({ n: 3 });
    } finally {
      store.close();
    }

    // `rung route` on the same database: help, usage errors, JSON shape, and nothing left to route.
    expect(rung(['route', '--help']).stdout).toMatch(/usage: rung route --run RUN --layer K/);
    expect(rung(['route', '--layer', '0', '--db', db]).code).toBe(2);
    expect(rung(['route', '--run', 'Demo ladder', '--layer', '0', '--audit', '2', '--db', db]).code).toBe(2);
    const missing = rung(['route', '--run', 'No such run', '--layer', '0', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no run with id or name "No such run"/);
    const routed = rung(['route', '--run', 'Demo ladder', '--layer', '2', '--json', '--db', db]);
    expect(routed.code, routed.stderr).toBe(0);
    const json = JSON.parse(routed.stdout);
    expect(json).toMatchObject({ layer: 2, pending: 0, autoLabelled: 0, includeSimulated: true, status: { layer: 2, waitingForHumans: 0 } });

    // `rung route --list`: what the simulation's rounds routed on layer 0, as JSON and as a table; refusals.
    const listed = rung(['route', '--run', 'Demo ladder', '--layer', '0', '--list', '--limit', '500', '--json', '--db', db]);
    expect(listed.code, listed.stderr).toBe(0);
    const page = JSON.parse(listed.stdout);
    expect(page.total).toBe(page.counts.auto + page.counts.audit + page.counts.human);
    expect(page.counts.auto + page.counts.audit).toBe(report.rows[0].autoLabelled);
    expect(page.items).toHaveLength(Math.min(500, page.total));
    const audits = JSON.parse(rung(['route', '--run', 'Demo ladder', '--layer', '0', '--list', '--route', 'audit', '--json', '--db', db]).stdout);
    expect(audits.items).toHaveLength(report.rows[0].audits);
    expect(audits.items.every((i: { status: string; answers: unknown[] }) => i.status === 'audit answered' && i.answers.length === 3)).toBe(true); // all three answered each
    const table = rung(['route', '--run', 'Demo ladder', '--layer', '0', '--list', '--route', 'audit', '--db', db]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${page.total} routed \\(${page.counts.auto} auto-labelled, ${page.counts.audit} audited, ${page.counts.human} to people\\); ${page.counts.audit} routed audit; showing ${page.counts.audit}, most confident first:`));
    expect(table.stdout).toMatch(/audit answered \((agrees|disagrees)\)/);
    for (const [args, message] of [
      [['--list', '--target', '0.1'], /--list routes nothing: --target do not go with it/],
      [['--route', 'audit'], /--route go only with --list/],
      [['--list', '--limit', '0'], /--limit must be an integer from 1 to 500, got "0"/],
    ] as const) {
      const bad = rung(['route', '--run', 'Demo ladder', '--layer', '0', ...args, '--db', db]);
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  }, 600_000);
});
