// End to end in browser mode (#15): an encoder folder (the tiny BERT written from JS) registered with `rung encoder add`
// before the server starts is listed on the Data page with its architecture, dimensions and vocabulary; adding a
// folder from the browser is refused with the reason (reading a folder by path is for `rung` and the desktop app);
// RM0 trained from the Ladder page with "Text features: Encoder tiny" is stored, scores through the embedding cache,
// and the Data page then counts the cached texts; the encoder is removed from its row.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate';
import { gateBrowserTests } from '../helpers/browser';
import { rung } from '../helpers/cli';
import { writeTinyEncoder } from '../helpers/encoders';
import { uploadSource } from '../helpers/store';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('encoders');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const RUN = 'Encoder features';
const rows = generateDemo()
  .filter((r) => r.layer === 0 && r.ground_truth !== 'tie')
  .map((r) => ({ ...r, judgments: [{ evaluator: 'E2E annotator', choice: r.ground_truth }] }));

describe.runIf(gate.run)('encoders (browser mode)', () => {
  const api = (method: string, params: unknown = {}) => session.server.value(method, params);
  const session = browserSession('encoders', {
    beforeServer({ tmp, dbPath }) {
      writeTinyEncoder(join(tmp, 'tiny'));
      const added = rung(['encoder', 'add', join(tmp, 'tiny'), '--db', dbPath]);
      expect(added.stderr).toBe('');
    },
    async beforeBrowser() {
      await api('importDataset', { source: uploadSource('judged.jsonl', rows) });
      await api('createRun', { name: RUN, layers: [{ name: 'Single-step problems', rule: { kind: 'field', layer: 0 } }] });
    },
  });

  const encoderRow = () => session.browser.page.getByTestId('encoder-row');

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
    expect(scored.comparisons).toHaveLength(rows.length);
    // Every prompt and response of the layer's judged comparisons is now cached.
    const [encoder] = await api('listEncoders');
    expect(encoder.cachedEmbeddings).toBeGreaterThan(0);
    await page.getByTestId('nav-data').click();
    await expect.poll(() => encoderRow().locator('td').nth(6).textContent(), { timeout: 30_000 }).toBe(String(encoder.cachedEmbeddings));
    await page.getByTestId('encoders-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'data-encoders.png') });
  });

  it('removes the encoder from its row', async () => {
    const { page } = session.browser;
    await page.getByTestId('encoder-remove').click();
    await expect.poll(() => encoderRow().count(), { timeout: 30_000 }).toBe(0);
    expect(await api('listEncoders')).toEqual([]);
  });
});
