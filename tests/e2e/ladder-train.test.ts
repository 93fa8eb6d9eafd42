// End to end in browser mode: training a rung from the Ladder page. Judgments come from a Rung-format JSONL
// imported through the API (the demo's single-step and 3–4 step problems, each with one human verdict for the
// correct solution, ties skipped); a run with layers 0 and 1 is made through the API, plus a run whose only
// layer holds nothing. In the UI: training a layer without judgments shows the engine's message verbatim and
// says where judgments come from; "Train RM0" from the keyboard shows loss and accuracy curves and ends with
// the model listed as active with its held-out accuracy; RM1's curves grow while it trains; a job survives a
// page reload (listTrainingJobs, then polling resumes);
// a second RM1 training is cancelled ("cancelled", nothing stored); a second RM0 becomes the active one and
// "Make active" restores the first. Screenshots (light, dark, 1280×720) go to tests/e2e/artifacts/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate';
import { deviceInfo } from '../../electron/core/engine';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('ladder training');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

const RUN = 'Trained from the UI';
const EMPTY_RUN = 'Nothing judged yet';
const EVALUATOR = 'E2E annotator';

/** The demo's layer 0 and 1 problems with one human verdict each: the correct solution (ties left unjudged). */
const rows = generateDemo()
  .filter((r) => r.layer <= 1)
  .map((r) => ({ ...r, judgments: r.ground_truth === 'tie' ? [] : [{ evaluator: EVALUATOR, choice: r.ground_truth }] }));
const judgedLayer0 = rows.filter((r) => r.layer === 0 && r.judgments.length > 0).length;
const judgedLayer1 = rows.filter((r) => r.layer === 1 && r.judgments.length > 0).length;

describe.runIf(gate.run)('ladder training (browser mode)', () => {
  let runId: string;

  const api = (method: string, params: unknown = {}) => session.server.value(method, params);

  const session = browserSession('train', {
    async beforeBrowser() {
      const summary = await api('importDataset', { source: await session.server.uploadRows('judged.jsonl', rows) });
      expect(summary.comparisonsAdded).toBe(rows.length);
      expect(summary.judgmentsAdded).toBe(judgedLayer0 + judgedLayer1);
      runId = (await api('createRun', {
        name: RUN,
        layers: [
          { name: 'Single-step problems', rule: { kind: 'field', layer: 0 } },
          { name: '3–4 step problems', rule: { kind: 'field', layer: 1 } },
        ],
      })).id;
      await api('createRun', { name: EMPTY_RUN, layers: [{ name: 'Layer seven only', rule: { kind: 'field', layer: 7 } }] });
    },
  });

  const layerRow = (run: string, layer: number) =>
    session.browser.page.locator(`[data-testid="run-card"][data-run-name="${run}"] [data-testid="layer-row"][data-layer="${layer}"]`);
  /** Records, from now on, the most chart points any job showed while its status was still "running". */
  const watchLive = () =>
    session.browser.page.evaluate(() => {
      const w = window as unknown as { __livePoints: number };
      w.__livePoints = 0;
      const check = () => {
        for (const job of document.querySelectorAll('[data-testid="train-job"][data-status="running"]')) {
          w.__livePoints = Math.max(w.__livePoints, job.querySelectorAll('[data-testid="chart-loss"] [data-testid="chart-point"]').length);
        }
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
  const livePoints = () => session.browser.page.evaluate(() => (window as unknown as { __livePoints: number }).__livePoints);
  const activeTestId = () => session.browser.page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

  it('opens the Ladder page: every layer has its "Train RMk" button and no models yet', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await page.getByTestId('nav-ladder').click();
    await layerRow(RUN, 1).waitFor({ timeout: 30_000 });
    expect(await layerRow(RUN, 0).getByTestId('layer-judgments').textContent()).toBe(String(judgedLayer0));
    expect(await layerRow(RUN, 1).getByTestId('layer-judgments').textContent()).toBe(String(judgedLayer1));
    expect(await layerRow(RUN, 0).getByTestId('train-open').textContent()).toBe('Train RM0');
    expect(await layerRow(RUN, 1).getByTestId('train-open').textContent()).toBe('Train RM1');
    expect(await layerRow(RUN, 1).getByTestId('train-panel').textContent()).toContain(`learns from the ${judgedLayer0 + judgedLayer1} human labels of layers 0–1`);
    expect(await layerRow(RUN, 0).getByTestId('models-empty').textContent()).toBe('No RM0 trained yet.');
  });

  it("shows the engine's message verbatim for a layer without judgments, and where judgments come from", async () => {
    const { page } = session.browser;
    const row = layerRow(EMPTY_RUN, 0);
    await row.getByTestId('train-open').click();
    const form = row.getByTestId('train-form');
    await form.waitFor();
    expect(await activeTestId()).toBe('train-holdout');
    expect(await form.textContent()).toContain('RM0 is trained on the human judgments of layer 0 of this run (0 so far)');
    expect(await row.getByTestId('train-no-judgments').textContent()).toContain('Compare page');
    await row.getByTestId('train-start').click();
    const error = row.getByTestId('train-error').or(row.getByTestId('train-start-error'));
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain('training needs at least 2 comparisons with human judgments');
    expect(await error.getByRole('alert').count()).toBe(1);
    expect(await row.getByTestId('train-judge-hint').getByRole('link', { name: 'Compare page' }).getAttribute('href')).toBe('#/compare');
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'ladder-train-no-judgments.png') });
    expect(await row.getByTestId('models-empty').count()).toBe(1);
    // Escape closes a reopened form and gives the focus back to "Train RM0".
    await row.getByTestId('train-open').click();
    await row.getByTestId('train-form').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => row.getByTestId('train-form').count()).toBe(0);
    await expect.poll(activeTestId).toBe('train-open');
  });

  let firstModel: { id: string; accuracy: number };

  it('trains RM0 from the keyboard with its curves, then lists the model as active', async () => {
    const { page } = session.browser;
    const row = layerRow(RUN, 0);
    await row.getByTestId('train-open').focus();
    await page.keyboard.press('Enter');
    await row.getByTestId('train-form').waitFor();
    expect(await activeTestId()).toBe('train-holdout');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('25');
    await row.getByTestId('train-seed').fill('3');
    await row.getByTestId('train-device').selectOption('cpu');
    // BF16 is offered only where the engine has AMX, and the hint says why not elsewhere.
    const amx = deviceInfo().amxBf16;
    await expect.poll(() => row.getByTestId('train-precision-hint').textContent()).toMatch(amx.available ? /^BF16 speeds up/ : /^BF16 is not available here: /);
    expect(await row.getByTestId('train-precision-bf16').isDisabled()).toBe(!amx.available);
    expect(await row.getByTestId('train-precision').inputValue()).toBe('fp32');
    // An out-of-range share is refused next to its field before anything is sent.
    await row.getByTestId('train-holdout').fill('95');
    await row.getByTestId('train-start').click();
    expect(await row.getByTestId('field-error').allTextContents()).toEqual(['The held-out share must be from 0 to 90 %.']);
    await row.getByTestId('train-holdout').fill('25');
    await watchLive();
    await row.getByTestId('train-holdout').press('Enter');

    const job = row.getByTestId('train-job');
    await job.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('train-form').count()).toBe(0);
    // Focus moved to the job's heading; the status reads "running" (or already "done" on a fast machine).
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H4');

    // Watch at least one epoch's point appear on both charts while it trains.
    const lossPoints = row.getByTestId('chart-loss').getByTestId('chart-point');
    const accPoints = row.getByTestId('chart-accuracy').getByTestId('chart-point');
    await expect.poll(() => lossPoints.count(), { timeout: 120_000 }).toBeGreaterThan(0);
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 180_000, interval: 250 }).toBe('done');
    // RM0 of the demo stops early after a few epochs, often between two polls; RM1 (below) is watched growing.
    console.info(`RM0: most loss points drawn while running: ${await livePoints()}; at the end: ${await lossPoints.count()}`);
    expect(await accPoints.count()).toBeGreaterThan(0);
    expect(await row.getByTestId('train-status').textContent()).toBe('done');
    expect(await row.getByTestId('train-result').textContent()).toMatch(/held-out accuracy \d+\.\d%/);

    // The model appears in the layer's list, active, with its metrics; the server agrees.
    const models = row.getByTestId('model-row');
    await expect.poll(() => models.count(), { timeout: 30_000 }).toBe(1);
    expect(await models.first().getAttribute('data-active')).toBe('true');
    expect(await models.first().getByTestId('model-active').textContent()).toBe('Active');
    const listed = (await api('listModels', {})) as { id: string; layer: number; active: boolean; heldOut: { accuracy: number } | null; judgments: number; evaluators: number; device: string }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ layer: 0, active: true, device: 'cpu', evaluators: 1 });
    expect(listed[0].judgments).toBe(judgedLayer0);
    const accuracy = listed[0].heldOut!.accuracy;
    expect(accuracy).toBeGreaterThan(0);
    expect(await models.first().getByTestId('model-accuracy').textContent()).toBe(`${(accuracy * 100).toFixed(1)}%`);
    expect(await models.first().getByTestId('model-baseline').textContent()).toMatch(/^\d+\.\d%$/);
    expect(await models.first().getByTestId('model-trained-on').textContent()).toContain(`${judgedLayer0} judgments · 1 evaluator`);
    expect(await models.first().getByTestId('model-device').textContent()).toBe('cpu');
    firstModel = { id: listed[0].id, accuracy };
    // Export: the model's two files are saved, the weights in safetensors' layout and the config naming the model.
    const saved: { name: string; path: string }[] = [];
    const onDownload = async (download: import('playwright-core').Download) => saved.push({ name: download.suggestedFilename(), path: (await download.path())! });
    page.on('download', onDownload);
    await models.first().getByTestId('model-export').click();
    await expect.poll(async () => `${saved.length} ${await row.getByTestId('model-active-error').count()} ${(await row.getByTestId('model-active-error').allTextContents()).join()}`, { timeout: 60_000 }).toBe('2 0 ');
    page.off('download', onDownload);
    const safetensors = saved.find((f) => f.name.endsWith('.safetensors'))!;
    const config = saved.find((f) => f.name.endsWith('.config.json'))!;
    expect(safetensors.name).toMatch(/^rung-model-.+\.safetensors$/);
    const bytes = readFileSync(safetensors.path);
    expect(Object.keys(JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8'))).sort()).toEqual(['__metadata__', 'fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight']);
    expect(JSON.parse(readFileSync(config.path, 'utf8')).model.id).toBe(listed[0].id);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'ladder-train-done.png') });
    // Layer 1 has its own (empty) list.
    expect(await layerRow(RUN, 1).getByTestId('models-empty').count()).toBe(1);
  });

  it("draws RM1's curves while it trains", async () => {
    const { page } = session.browser;
    const row = layerRow(RUN, 1);
    await row.getByTestId('train-open').click();
    await watchLive();
    await row.getByTestId('train-start').click();
    const job = row.getByTestId('train-job');
    await job.waitFor({ timeout: 30_000 });
    // Points appear on the loss curve while the job still says "running" (RM1 runs its full 40 epochs).
    await expect.poll(() => row.getByTestId('chart-loss').getByTestId('chart-point').count(), { timeout: 120_000, interval: 50 }).toBeGreaterThan(0);
    if ((await job.getAttribute('data-status')) === 'running') {
      // While it runs: the current step is shown, Cancel is offered and a second start is not.
      expect(await row.getByTestId('train-progress').textContent()).toMatch(/final model · epoch \d+, step \d+ · train loss \d\.\d{3}/);
      expect(await row.getByTestId('train-cancel').isEnabled()).toBe(true);
      expect(await row.getByTestId('train-open').textContent()).toBe('Training RM1…');
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, 'ladder-train-running.png') });
    }
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 180_000, interval: 250 }).toBe('done');
    const live = await livePoints();
    const final = await row.getByTestId('chart-loss').getByTestId('chart-point').count();
    console.info(`RM1: most loss points drawn while running ${live}, at the end ${final}`);
    expect(live).toBeGreaterThan(0);
    expect(final).toBeGreaterThanOrEqual(live);
    await expect.poll(() => row.getByTestId('model-row').count(), { timeout: 30_000 }).toBe(1);
    expect(await row.getByTestId('model-row').first().getAttribute('data-active')).toBe('true');
    // RM0's model is untouched.
    expect(await layerRow(RUN, 0).getByTestId('model-row').count()).toBe(1);
  });

  it('keeps a running job across a page reload: listTrainingJobs, then the pushed updates resume', async () => {
    const { page } = session.browser;
    const row = layerRow(RUN, 1);
    const job = row.getByTestId('train-job');
    // The previous RM1 job may still be on show: wait for the new one's id, not just for a job.
    const previousId = (await job.count()) > 0 ? await job.getAttribute('data-job-id') : null;
    await row.getByTestId('train-open').click();
    await row.getByTestId('train-seed').fill('2');
    await row.getByTestId('train-start').click();
    await expect.poll(async () => ((await job.count()) > 0 ? job.getAttribute('data-job-id') : null), { timeout: 30_000 }).not.toBe(previousId);
    const jobId = (await job.getAttribute('data-job-id'))!;
    expect(jobId).not.toBeNull();
    const mark = session.requested.length;
    await page.reload();
    await job.waitFor({ timeout: 30_000 });
    const statusAfter = await job.getAttribute('data-status');
    expect(await job.getAttribute('data-job-id')).toBe(jobId);
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 180_000, interval: 250 }).toBe('done');
    const after = session.requested.slice(mark).map((url) => new URL(url).pathname);
    console.info(`RM1 again: status right after the reload ${statusAfter}; getTrainingJob resyncs after it: ${after.filter((p) => p === '/api/getTrainingJob').length}`);
    expect(after).toContain('/api/listTrainingJobs');
    // Still running when the page came back: its progress was pushed over the event stream to the end.
    if (statusAfter === 'running') expect(after).toContain('/api/events');
    expect(await row.getByTestId('chart-loss').getByTestId('chart-point').count()).toBeGreaterThan(0);
    await expect.poll(() => row.getByTestId('model-row').count(), { timeout: 30_000 }).toBe(2);
  });

  it('cancels a second RM1 training: "cancelled", nothing stored', async () => {
    const { page } = session.browser;
    const row = layerRow(RUN, 1);
    const job = row.getByTestId('train-job');
    const modelIds = async () => ((await api('listModels', {})) as { id: string }[]).map((m) => m.id).sort();
    const before = await modelIds();
    const finishedFirst: string[] = [];
    // Training the demo data takes about a second here; should a job finish before the click lands, start another.
    const shownJobId = async () => ((await job.count()) > 0 ? job.getAttribute('data-job-id') : null);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const previousId = await shownJobId();
      await row.getByTestId('train-open').click();
      await row.getByTestId('train-seed').fill(String(10 + attempt));
      await row.getByTestId('train-start').click();
      await expect.poll(shownJobId, { timeout: 30_000 }).not.toBe(previousId); // the new job, not the last one
      const cancel = row.getByTestId('train-cancel');
      await cancel.click({ timeout: 5_000 }).catch(() => {});
      await expect.poll(() => job.getAttribute('data-status'), { timeout: 60_000 }).not.toBe('running');
      if ((await job.getAttribute('data-status')) === 'cancelled') break;
      const jobs = (await api('listTrainingJobs', { runId })) as { modelId: string | null; startedAt: string }[];
      finishedFirst.push(jobs.sort((x, y) => (x.startedAt < y.startedAt ? 1 : -1))[0].modelId!);
    }
    console.info(`RM1: trainings that finished before Cancel landed: ${finishedFirst.length}`);
    expect(await job.getAttribute('data-status')).toBe('cancelled');
    expect(await row.getByTestId('train-status').textContent()).toBe('cancelled');
    expect(await row.getByTestId('train-progress').textContent()).toContain('Cancelled — nothing was stored.');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H4');
    expect(await row.getByTestId('train-open').isEnabled()).toBe(true);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'ladder-train-cancelled.png') });
    // The cancelled job stored no model: the models are those from before plus any that finished first.
    const jobs = (await api('listTrainingJobs', { runId })) as { layer: number; status: string; modelId: string | null }[];
    expect(jobs.filter((j) => j.status === 'cancelled').map((j) => j.modelId)).toEqual([null]);
    expect(await modelIds()).toEqual([...before, ...finishedFirst].sort());
    await expect.poll(() => row.getByTestId('model-row').count()).toBe(2 + finishedFirst.length);
    expect(await row.locator('[data-testid="model-row"][data-active="true"]').count()).toBe(1);
    // RM0 is untouched: one model, active.
    expect(await layerRow(RUN, 0).getByTestId('model-row').count()).toBe(1);
    expect(await layerRow(RUN, 0).getByTestId('model-row').first().getAttribute('data-active')).toBe('true');
  });

  it('trains a second RM0 and makes the first one active again', async () => {
    const { page } = session.browser;
    const row = layerRow(RUN, 0);
    await row.getByTestId('train-open').click();
    await row.getByTestId('train-seed').fill('5');
    await row.getByTestId('train-start').click();
    await expect.poll(() => row.getByTestId('train-job').getAttribute('data-status'), { timeout: 180_000, interval: 250 }).toBe('done');
    const models = row.getByTestId('model-row');
    await expect.poll(() => models.count(), { timeout: 30_000 }).toBe(2);
    const first = row.locator(`[data-testid="model-row"][data-model-id="${firstModel.id}"]`);
    const activeIds = async () => ((await api('listModels', {})) as { id: string; layer: number; active: boolean }[]).filter((m) => m.layer === 0 && m.active).map((m) => m.id);
    expect(await activeIds()).toHaveLength(1);
    console.info(`RM0: after the second training the active model is the ${(await first.getAttribute('data-active')) === 'true' ? 'first' : 'new'} one`);
    if ((await first.getAttribute('data-active')) !== 'true') {
      // The newest model became active; restore the first from the keyboard.
      const button = first.getByTestId('model-make-active');
      expect(await button.getAttribute('aria-label')).toContain('the active RM0');
      await button.focus();
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => first.getAttribute('data-active'), { timeout: 30_000 }).toBe('true');
    expect(await row.locator('[data-testid="model-row"][data-active="true"]').count()).toBe(1);
    expect(await row.getByTestId('model-make-active').count()).toBe(1);
    expect(await activeIds()).toEqual([firstModel.id]);
    expect(await first.getByTestId('model-accuracy').textContent()).toBe(`${(firstModel.accuracy * 100).toFixed(1)}%`);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'ladder-train-light.png') });
    await page.getByTestId('theme-select').selectOption('dark');
    await page.screenshot({ path: join(artifacts, 'ladder-train-dark.png') });
    await page.getByTestId('theme-select').selectOption('light');
  });

  it('made no request outside the server it was opened from', () => {
    const outside = session.outsideRequests();
    expect(outside).toEqual([]);
  });
});
