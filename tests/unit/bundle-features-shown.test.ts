// A bundle's format version and features as inspectBundle and importBundle report them (each feature by name and in
// plain words; none for a version 1 bundle), and in the words `rung bundle inspect|import` and the Data page show.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleVersionWords } from '../../electron/api/bundle-words';
import { BundleInspectionView } from '../../renderer/src/pages/data/BundlesPanel';
import { jsonl } from '../helpers/store';
import { workstation, type Workstation } from '../helpers/workstations';

const rows = Array.from({ length: 3 }, (_, i) => ({ prompt: `Question ${i}?`, response_a: `Answer ${i} one.`, response_b: `Answer ${i} two.`, layer: 0 }));
const GUIDELINES = { name: 'guidelines', words: "a dataset's or a run layer's guidelines" };
const RUBRICS = { name: 'rubrics', words: "a run's rubric criteria and verdicts per criterion" };

/** A file written in the workstation's temp folder, as a path source. */
const pathSource = (w: Workstation, name: string, content: string | Buffer) => ({ kind: 'path' as const, path: w.t.file(name, content) });
const bundleFile = (w: Workstation, base64: string) => pathSource(w, 'work.rungbundle', Buffer.from(base64, 'base64'));

let lab: Workstation, home: Workstation;
beforeEach(async () => {
  lab = workstation();
  home = workstation();
  await lab.value('importDataset', { source: pathSource(lab, 'd.jsonl', jsonl(rows)), format: 'rung' });
});
afterEach(() => {
  lab.close();
  home.close();
});

describe('a bundle’s version and features, shown', () => {
  it('reports a version 2 work bundle’s features by name and in words, on inspection and on import', async () => {
    const ada = await lab.value('createEvaluator', { name: 'Ada' });
    const criteria = [{ key: 'helpful', label: 'Helpfulness' }];
    const run = await lab.value('createRun', { name: 'Rubric', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }], criteria });
    await lab.value('setGuidelines', { runId: run.id, layer: 0, text: 'Be quick.', actor: 'Lea' });
    const work = await lab.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id });
    const inspected = await home.value('inspectBundle', { source: bundleFile(home, work.contentBase64) });
    expect(inspected).toMatchObject({ schemaVersion: 2, features: [GUIDELINES, RUBRICS] });
    const imported = await home.value('importBundle', { source: bundleFile(home, work.contentBase64), trust: true });
    expect(imported).toMatchObject({ schemaVersion: 2, features: [GUIDELINES, RUBRICS] });
    expect(bundleVersionWords(imported)).toBe(
      "version 2, with a dataset's or a run layer's guidelines (guidelines); a run's rubric criteria and verdicts per criterion (rubrics): a Rung older than these features cannot read it",
    );
  });

  it('reports no features for a version 1 bundle, and says any Rung reads it', async () => {
    const ada = await lab.value('createEvaluator', { name: 'Ada' });
    const run = await lab.value('createRun', { name: 'Plain', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }] });
    const work = await lab.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id });
    const inspected = await home.value('inspectBundle', { source: bundleFile(home, work.contentBase64) });
    expect(inspected).toMatchObject({ schemaVersion: 1, features: [] });
    expect(bundleVersionWords(inspected)).toBe('version 1: nothing beyond the first bundle format (any Rung reads it)');
  });

  it('shows the format in the Data page’s inspection', () => {
    const inspection = {
      fileName: 'work.rungbundle',
      sha256: 'a'.repeat(64),
      kind: 'work' as const,
      bundleId: '00000000-0000-4000-8000-000000000001',
      schemaVersion: 2,
      features: [RUBRICS],
      createdAt: '2026-12-06T10:00:00.000Z',
      evaluator: { id: '00000000-0000-4000-8000-000000000002', name: 'Ada' },
      runIds: [],
      signer: { workstationId: 'ws-1', fingerprint: 'SHA256:abc', trust: 'trusted' as const, displayName: null, note: null },
      added: { comparisons: 3 },
    };
    const html = renderToStaticMarkup(createElement(BundleInspectionView, { inspection }));
    expect(html).toContain(
      '<dd data-testid="bundle-format">version 2, with a run&#x27;s rubric criteria and verdicts per criterion (rubrics): a Rung older than these features cannot read it</dd>',
    );
  });
});
