// `rung run create` and `rung run list`: a ladder over an imported dataset from the command line, with the Ladder
// page's rules — each layer gets the same rule and the same members as the form's createRun (validateRun's params
// through the contract) — and bad rules refused with the rule's text named, nothing written.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api';
import { runComparisonIds } from '../../electron/core/db/runs';
import { createHandlers } from '../../electron/core/service';
import { openStore } from '../../electron/core/store';
import { newLayerDraft, validateRun, type LayerDraft } from '../../renderer/src/pages/ladder/draft';
import { rung } from '../helpers/cli';
import { jsonl, tempDbEach } from '../helpers/store';

let dir: string;
let db: string;
tempDbEach((folder, path) => ((dir = folder), (db = path)));

/** 12 comparisons with varied lengths (in characters: "é" and "😀" count as the form counts them), layers, segments and metadata. */
function dataset(): string {
  const rows = Array.from({ length: 12 }, (_, i) => ({
    prompt: `question ${i}`,
    response_a: `${'é'.repeat(i * 3)}a${i}`,
    response_b: `${'😀'.repeat(i)}b${i}`,
    layer: i % 3,
    segments: { a: Array.from({ length: (i % 4) + 1 }, (_, j) => `a${i}.${j}`), b: [`b${i}`] },
    metadata: { kind: i % 2 ? 'hard' : 'easy', level: i % 5 },
  }));
  const path = join(dir, 'ladder-data.jsonl');
  writeFileSync(path, jsonl(rows));
  return path;
}

const layer = (patch: Partial<LayerDraft>): LayerDraft => ({ ...newLayerDraft(patch.kind ?? 'field'), ...patch });

describe('rung run create / list', () => {
  it('gives each layer the same rule and members as the form, and lists the run', async () => {
    expect(rung(['import', dataset(), '--db', db]).code).toBe(0);
    const created = rung([
      'run', 'create', '--name', 'CLI ladder', '--db', db, '--json',
      '--layer', 'all=dataset=ladder-data',
      '--layer', 'field=layer=1',
      '--layer', 'short=length<=20',
      '--layer', 'long=length>=20',
      '--layer', 'middle=length=10..30',
      '--layer', 'steps=segments>=3',
      '--layer', 'hard=meta.kind=hard',
      '--layer', 'levels=meta.level=1, 3,"4"',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const cliRun = JSON.parse(created.stdout);

    const store = openStore(db);
    try {
      const handlers = createHandlers(store, { mode: 'browser', version: 'test' });
      const call = async (method: string, params: unknown) => {
        const r = await dispatch(handlers, method, params, () => undefined, { transport: 'ipc' });
        if (!r.ok) throw new Error(r.error.message);
        return r.value as any;
      };
      const [data] = await call('listDatasets', {});
      const form = validateRun({
        name: 'Form ladder',
        description: '',
        layers: [
          layer({ name: 'all', kind: 'datasets', datasetIds: [data.id] }),
          layer({ name: 'field', kind: 'field', field: '1' }),
          layer({ name: 'short', kind: 'length', maxChars: '20' }),
          layer({ name: 'long', kind: 'length', minChars: '20' }),
          layer({ name: 'middle', kind: 'length', minChars: '10', maxChars: '30' }),
          layer({ name: 'steps', kind: 'segments', minSegments: '3' }),
          layer({ name: 'hard', kind: 'metadata', metaKey: 'kind', metaValues: 'hard' }),
          layer({ name: 'levels', kind: 'metadata', metaKey: 'level', metaValues: '1, 3,"4"' }),
        ],
      });
      if (!form.ok) throw new Error(JSON.stringify(form.errors));
      const formRun = await call('createRun', form.params);
      expect(cliRun.layers.map((l: any) => l.rule)).toEqual(formRun.layers.map((l: any) => l.rule));
      for (const [k, l] of cliRun.layers.entries()) {
        expect(runComparisonIds(store.db, cliRun.id, k), l.name).toEqual(runComparisonIds(store.db, formRun.id, k));
        expect(l.comparisons).toBe(formRun.layers[k].comparisons);
      }
      // The rules select something and not everything (so the comparison above means something).
      const counts = cliRun.layers.map((l: any) => l.comparisons);
      expect(counts[0]).toBe(12);
      expect(counts.slice(1).every((n: number) => n > 0 && n < 12)).toBe(true);
    } finally {
      store.close();
    }

    const listed = rung(['run', 'list', '--db', db]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`run "CLI ladder" (${cliRun.id})`);
    expect(listed.stdout).toMatch(/layer 2 short: length<=20 — \d+ comparisons/);
    expect(listed.stdout).toContain('layer 0 all: dataset=ladder-data — 12 comparisons');
    expect(listed.stdout).toContain('layer 7 levels: meta.level=1,3,"4"');
    expect(JSON.parse(rung(['run', 'list', '--db', db, '--json']).stdout)).toHaveLength(2);
  });

  it('creates a run with criteria (a rubric) in order, with descriptions, lists them, and refuses bad ones naming the entry', () => {
    expect(rung(['import', dataset(), '--db', db]).code).toBe(0);
    const refused = (args: string[], message: RegExp) => {
      const r = rung(['run', 'create', '--name', 'Bad', '--db', db, '--layer', 'all=layer=0', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    };
    const criteria = (...entries: string[]) => entries.flatMap((e) => ['--criterion', e]);
    refused(criteria('Helpful=Helpfulness'), /--criterion "Helpful=Helpfulness": key: a key of 1 to 32 characters: a lower-case letter, then lower-case letters, digits, _ or -/);
    refused(criteria('helpful'), /--criterion "helpful": write KEY=LABEL, e\.g\. --criterion "helpful=Helpfulness"/);
    refused(criteria('helpful= '), /--criterion "helpful= ": label: a label of 1 to 80 characters/);
    refused(criteria('helpful=A', 'helpful=B'), /--criterion "helpful=B": key: "helpful" is given twice: each criterion needs its own key/);
    refused(criteria(...Array.from({ length: 9 }, (_, i) => `c${i}=C${i}`)), /--criterion: at most 8 criteria/);
    const described = (...entries: string[]) => [...criteria('helpful=Helpfulness', 'harmless=Harmlessness'), ...entries.flatMap((e) => ['--criterion-description', e])];
    refused(described('kind=Is it kind?'), /--criterion-description "kind=Is it kind\?": no --criterion has the key "kind"/);
    refused(described('helpful=A', 'helpful=B'), /--criterion-description "helpful=B": "helpful" is described twice/);
    refused(described('helpful=  '), /--criterion-description "helpful=  ": the text is empty/);
    refused(described('helpful'), /--criterion-description "helpful": write KEY=TEXT/);
    refused(described(`harmless=${'x'.repeat(501)}`), /--criterion-description "harmless=x+": at most 500 characters/);
    expect(rung(['run', 'list', '--db', db]).stdout).toMatch(/no runs yet/);

    const created = rung([
      'run', 'create', '--name', 'Rubric', '--db', db, '--json', '--layer', 'all=layer=0',
      ...criteria('helpful=Helpfulness', 'harm-less = Harmlessness, too'), '--criterion-description', 'harm-less = Could it hurt anyone = even indirectly?',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).criteria).toEqual([
      { key: 'helpful', label: 'Helpfulness', description: '' },
      { key: 'harm-less', label: 'Harmlessness, too', description: 'Could it hurt anyone = even indirectly?' },
    ]);
    const listed = rung(['run', 'list', '--db', db]).stdout;
    expect(listed).toContain('  criteria: helpful=Helpfulness, harm-less=Harmlessness, too\n    harm-less: Could it hurt anyone = even indirectly?\n');
    expect(rung(['run', 'list', '--db', db, '--criterion', 'x=y']).code).toBe(2);
    expect(rung(['run', 'list', '--db', db, '--criterion-description', 'x=y']).code).toBe(2);
  });

  it('refuses bad rules with the rule text named, and writes nothing', () => {
    expect(rung(['import', dataset(), '--db', db]).code).toBe(0);
    const refused = (layerArg: string, message: RegExp) => {
      const r = rung(['run', 'create', '--name', 'Bad', '--db', db, '--layer', 'ok=layer=0', '--layer', layerArg]);
      expect(r.code, layerArg).toBe(2);
      expect(r.stderr, layerArg).toMatch(message);
    };
    refused('x=length<=abc', /--layer "x=length<=abc": rule "length<=abc": Enter a whole number of 0 or more/);
    refused('x=length=30..10', /rule "length=30\.\.10": The maximum is below the minimum/);
    refused('x=dataset=nope', /rule "dataset=nope": no dataset "nope"/);
    refused('x=meta.1bad=3', /rule "meta\.1bad=3": Use a plain identifier/);
    refused('x=colour=red', /rule "colour=red": a rule is dataset=NAME_OR_ID, layer=N/);
    refused('noequals', /--layer "noequals": write NAME=RULE/);
    expect(rung(['run', 'create', '--name', 'Bad', '--db', db]).stderr).toMatch(/give at least one --layer/);
    expect(rung(['run', 'delete', '--db', db]).code).toBe(2);
    expect(rung(['run', 'list', '--db', db]).stdout).toMatch(/no runs yet/);
  });
});
