// End to end in browser mode (#15): an encoder folder (the tiny BERT written from JS) registered with `rung encoder add`
// before the server starts is listed on the Data page with its architecture, dimensions and vocabulary; adding a
// folder from the browser is refused with the reason (reading a folder by path is for `rung` and the desktop app);
// RM0 trained from the Ladder page with "Text features: Encoder tiny" is stored, scores through the embedding cache,
// and the Data page then counts the cached texts; on Compare, that RM0 assists a layer-1 comparison (its segments
// scored through the encoder) and the verdict stores the model it was assisted by; the encoder is removed from its row.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate';
import { gateBrowserTests } from '../helpers/browser';
import { rung } from '../helpers/cli';
import { nextComparisonId } from '../helpers/compare-page';
import { writeTinyEncoder } from '../helpers/encoders';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('encoders');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const RUN = 'Encoder features';
const demo = generateDemo().filter((r) => r.layer <= 1 && r.ground_truth !== 'tie');
const rows = demo.filter((r) => r.layer === 0).map((r) => ({ ...r, judgments: [{ evaluator: 'E2E annotator', choice: r.ground_truth }] }));
/** Layer 1 of the run, not yet judged: judged on Compare with RM0's assistance. */
const unjudged = demo.filter((r) => r.layer === 1).map((r) => ({ ...r, judgments: [] }));

describe.runIf(gate.run)('encoders (browser mode)', () => {
  let runId: string;
  const api = (method: string, params: unknown = {}) => session.server.value(method, params);
  const session = browserSession('encoders', {
    beforeServer({ tmp, dbPath }) {
      writeTinyEncoder(join(tmp, 'tiny'));
      const added = rung(['encoder', 'add', join(tmp, 'tiny'), '--db', dbPath]);
      expect(added.stderr).toBe('');
    },
    async beforeBrowser() {
      await api('importDataset', { source: await session.server.uploadRows('judged.jsonl', [...rows, ...unjudged]) });
      const layers = [
        { name: 'Single-step problems', rule: { kind: 'field', layer: 0 } },
        { name: 'Multi-step problems', rule: { kind: 'field', layer: 1 } },
      ];
      runId = (await api('createRun', { name: RUN, layers })).id;
      // Known sequences: no position checks, no control trials, so the first item of layer 1 shows its assistance.
      await api('updateSettings', { positionCheckShare: 0, controlShare: 0 });
    },
  });

  const encoderRow = () => session.browser.page.getByTestId('encoder-row');
  const compare = () => session.browser.page.getByTestId('compare');
  const readDb = <T,>(sql: string, ...args: unknown[]): T[] => session.readDb<T>(sql, ...args);

  it('lists the registered encoder on the Data page, and refuses adding a folder over HTTP with the reason', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await page.getByTestId('nav-data').click();
    await encoderRow().first().waitFor({ timeout: 30_000 });
    const cells = await encoderRow().locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual(['tiny', 'BertModel', '8', '15', '16']);
    expect(cells[7]).toMatch(/^[0-9a-f]{12}$/);
    await page.getByTestId('encoder-path').fill(join(session.tmp, 'tiny'));
    await page.getByTestId('encoder-add').click();
    const error = page.getByTestId('encoder-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/refused over HTTP.*rung encoder add DIR/);
    expect(await encoderRow().count()).toBe(1);
  });

  it('trains RM0 on the encoder\'s features from the Ladder page; the model scores through the cache', async () => {
    const { page } = session.browser;
    await page.getByTestId('nav-ladder').click();
    const row = page.locator(`[data-testid="run-card"][data-run-name="${RUN}"] [data-testid="layer-row"][data-layer="0"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('train-open').click();
    await row.getByTestId('train-form').waitFor();
    const features = row.getByTestId('train-text-features');
    await expect.poll(() => features.locator('option').allTextContents()).toEqual(['Hashed words', 'Encoder tiny (8 dimensions)']);
    await features.selectOption('tiny');
    await row.getByTestId('train-device').selectOption('cpu');
    await row.getByTestId('train-start').click();
    const job = row.getByTestId('train-job');
    await job.waitFor({ timeout: 30_000 });
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 180_000, interval: 250 }).toBe('done');
    await expect.poll(() => row.getByTestId('model-row').count(), { timeout: 30_000 }).toBe(1);
    const [model] = await api('listModels', {});
    const scored = await api('scoreComparisons', { modelId: model.id });
    expect(scored.comparisons).toHaveLength(rows.length + unjudged.length);
    // Every prompt and response of the database's comparisons is now cached.
    const [encoder] = await api('listEncoders');
    expect(encoder.cachedEmbeddings).toBeGreaterThan(0);
    await page.getByTestId('nav-data').click();
    await expect.poll(() => encoderRow().locator('td').nth(6).textContent(), { timeout: 30_000 }).toBe(String(encoder.cachedEmbeddings));
    await page.getByTestId('encoders-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'data-encoders.png') });
  });

  it('assists a layer-1 comparison on Compare with the encoder-trained RM0; the verdict stores that model', async () => {
    const { page } = session.browser;
    const [model] = (await api('listModels', { runId })) as { id: string; name: string; recipe: string; layer: number; active: boolean }[];
    expect(model).toMatchObject({ layer: 0, active: true });
    expect(model.recipe).toContain('encoder tiny');
    await page.goto(`${session.server.url}#/compare`);
    await page.getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    // The annotator whose verdicts were imported is listed and focused: Ada creates her profile.
    await page.getByTestId('compare-evaluator-name').fill('Ada');
    await page.getByTestId('compare-evaluator-name').press('Enter');
    await compare().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-evaluator').textContent()).toBe('Ada');
    await page.getByTestId('compare-run').selectOption(runId);
    await page.getByTestId('compare-layer').selectOption('1');
    await page.keyboard.press('Escape'); // hands the keys back from the filter to judging
    // The first assistance of the layer encodes the segments' texts (not yet cached) with the encoder.
    const panel = page.getByTestId('assist-panel');
    await panel.waitFor({ timeout: 60_000 });
    const comparisonId = (await compare().getAttribute('data-comparison-id'))!;
    expect(readDb<{ layer: number }>('SELECT layer FROM comparisons WHERE id = ?', comparisonId)).toEqual([{ layer: 1 }]);
    const leftSide = (await compare().getAttribute('data-left-side')) as 'A' | 'B';
    const named = page.getByTestId('assist-model');
    expect(await named.textContent()).toBe('RM0');
    expect(await named.getAttribute('title')).toBe(`${model.name} (${model.id})`);
    // An encoder model scores every segment too (each embedded as a text of its own), unlike an embedding model.
    expect(await page.getByTestId('assist-segments-note').textContent()).toContain("Segments (the data's) scored");
    const segments = await page.locator('[data-segment]').count();
    expect(segments).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'compare-encoder-assistance.png') });

    await page.keyboard.press('1');
    await nextComparisonId(compare(), comparisonId);
    await expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');
    const [verdict] = readDb<{ choice: string; assistance: string }>(
      `SELECT j.choice, j.assistance FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id WHERE e.name = 'Ada' AND j.comparison_id = ?`,
      comparisonId,
    );
    expect(verdict.choice).toBe(leftSide);
    const stored = JSON.parse(verdict.assistance);
    expect(stored).toMatchObject({ mode: 'assisted', runId, layer: 1, modelId: model.id, modelName: model.name, modelKind: 'trained', modelLayer: 0, segmentSource: 'data' });
    expect(stored.segments.A.length + stored.segments.B.length).toBe(segments);
  });

  it('removes the encoder from its row', async () => {
    const { page } = session.browser;
    await page.getByTestId('nav-data').click();
    await encoderRow().first().waitFor({ timeout: 30_000 });
    await page.getByTestId('encoder-remove').click();
    await expect.poll(() => encoderRow().count(), { timeout: 30_000 }).toBe(0);
    expect(await api('listEncoders')).toEqual([]);
  });
});
