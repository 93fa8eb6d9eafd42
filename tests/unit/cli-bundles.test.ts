// `rung bundle export|import` and `rung keys show|trust|revoke` through the built CLI, on two database files: the
// unknown signer refused with its fingerprint and how to accept it, trusted, imported (printing what it added), a
// dry run writing nothing, and a revoked key refused.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHumanEvaluator } from '../../electron/core/db/evaluators';
import { submitJudgment } from '../../electron/core/db/judgment-writes';
import { openStore } from '../../electron/core/store';
import { rung } from '../helpers/cli';
import { jsonl, tempDir } from '../helpers/store';
import { rmSync, writeFileSync } from 'node:fs';

let dir: string, lab: string, home: string, data: string;

beforeEach(() => {
  dir = tempDir();
  lab = join(dir, 'lab.db');
  home = join(dir, 'home.db');
  data = join(dir, 'd.jsonl');
  writeFileSync(data, jsonl([0, 1, 2].map((i) => ({ prompt: `q${i}`, response_a: `a${i}`, response_b: `b${i}` }))));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('rung bundle and rung keys', () => {
  it('exports results, refuses the unknown signer, trusts it, imports, and refuses it once revoked', () => {
    for (const db of [lab, home]) expect(rung(['import', data, '--format', 'rung', '--db', db]).code).toBe(0);
    const store = openStore(lab);
    const ada = createHumanEvaluator(store.db, 'Ada', []);
    for (const id of store.db.prepare('SELECT id FROM comparisons LIMIT 2').pluck().all() as string[]) submitJudgment(store.db, { comparisonId: id, evaluatorId: ada.id, choice: 'A', leftSide: 'B', rationale: 'clearer' });
    store.close();

    const file = join(dir, 'ada.rungbundle');
    const exported = rung(['bundle', 'export', '--evaluator', 'Ada', '--out', file, '--db', lab]);
    expect(exported.stdout).toMatch(/ada\.rungbundle: results bundle of Ada: 1 evaluators, 2 judgments, 2 judgment sources(, 1 position checks)?; [\d,]+ bytes, signed by workstation \S+ \(SHA256:/);
    const labKey = rung(['keys', 'show', '--db', lab, '--json']);
    const { workstationId, fingerprint } = JSON.parse(labKey.stdout);

    const unknown = rung(['bundle', 'import', file, '--db', home]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`signed by workstation ${workstationId} with key ${fingerprint}, which this database does not know`);
    expect(unknown.stderr).toContain(`rung keys trust ${file}`);

    const dry = rung(['bundle', 'import', file, '--dry-run', '--db', home]);
    expect(dry.stdout).toMatch(/would add: 1 evaluators, 2 judgments(, 1 position checks)? \(nothing written\)/);
    expect(rung(['keys', 'trust', file, '--name', 'lab', '--db', home]).stdout).toContain(`trusted workstation ${workstationId}'s key ${fingerprint} as "lab"`);
    const imported = rung(['bundle', 'import', file, '--db', home]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/results bundle for Ada, .*trusted: lab\)\nadded: 1 evaluators, 2 judgments/);
    expect(rung(['stats', '--json', '--db', home]).stdout).toMatch(/"judgments": 2/);
    expect(rung(['bundle', 'import', file, '--db', home]).stderr).toMatch(/already imported here on .*a replay/);

    expect(rung(['keys', 'show', '--db', home]).stdout).toContain(`${workstationId}  ${fingerprint}  lab`);
    expect(rung(['keys', 'revoke', workstationId, '--db', home]).code).toBe(0);
    const again = join(dir, 'again.rungbundle');
    rung(['bundle', 'export', '--evaluator', 'Ada', '--out', again, '--db', lab]);
    const revoked = rung(['bundle', 'import', again, '--trust', '--db', home]);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toMatch(/revoked here on/);
    expect(rung(['bundle', 'export', '--db', lab]).code).toBe(2);
  });
});
