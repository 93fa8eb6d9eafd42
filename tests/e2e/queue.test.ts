// End to end in browser mode: the Queue page. A run with a trained RM0 (learnable data imported through the API);
// routing a layer without a model shows the plain message; "Route pending comparisons" auto-labels the confident
// ones, audits a share and shows the result; the status numbers follow, and so does the list of routed comparisons
// (filtered to the audits); "Judge this layer's queue" opens Compare on
// that run and layer, where the routed comparisons come first. Screenshot to tests/e2e/artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { ROUTING_COUNTS, routingRows } from '../helpers/routing-data';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('queue page');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

describe.runIf(gate.run)('queue page (browser mode)', () => {
  let runId: string;

  const api = (method: string, params: unknown = {}) => session.server.value(method, params);

  const session = browserSession('queue', {
    async beforeBrowser() {
      await api('importDataset', { source: await session.server.uploadRows('route.jsonl', routingRows()) });
      runId = (await api('createRun', { name: 'Deferral run', layers: [0, 1].map((layer) => ({ name: `Layer ${layer}`, rule: { kind: 'field', layer } })) })).id;
      let job = await api('startTraining', { runId, layer: 0, holdout: 0.25, seed: 3 });
      while (job.status === 'running') {
        await new Promise((r) => setTimeout(r, 100));
        job = await api('getTrainingJob', { jobId: job.id });
      }
      expect(job.status).toBe('done');
    },
  });

  it('routes a layer, shows the numbers with the bound, and hands its human queue to Compare', async () => {
    const page = session.browser.page;
    await page.goto(session.server.url);
    await page.getByTestId('nav-queue').click();
    await expect.poll(() => page.getByTestId('queue-waiting').textContent()).toBe(String(ROUTING_COUNTS.pending));
    expect(await page.getByTestId('queue-round').textContent()).toMatch(/not routed yet/);

    // Layer 1 has no model: the page says what to do.
    await page.getByTestId('queue-layer').selectOption('1');
    await page.getByTestId('queue-route').click();
    await expect.poll(() => page.getByTestId('queue-route-error').textContent()).toMatch(/has no reward model yet: train RM1 first/);

    await page.getByTestId('queue-layer').selectOption('0');
    await page.getByTestId('queue-audit-share').fill('10');
    await page.getByTestId('queue-route').click();
    await expect.poll(() => page.getByTestId('queue-route-result').textContent()).toMatch(/Routed 90 pending comparisons .* auto-labelled \(\d+ of them audited\), \d+ to people; error ≤ [\d.]+% at 95% confidence/);
    const status = await api('getQueueStatus', { runId, layer: 0 });
    expect(status.autoLabelled).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('queue-auto').textContent()).toBe(String(status.autoLabelled));
    expect(await page.getByTestId('queue-audit').textContent()).toBe(String(status.inAudit));
    expect(await page.getByTestId('queue-waiting').textContent()).toBe(String(status.waitingForHumans));
    expect(await page.getByTestId('queue-saved').textContent()).toBe(String(status.humanLabelsSaved));
    expect(await page.getByTestId('queue-round').textContent()).toMatch(/auto-label when confidence ≥ 0\.\d+ .* error ≤ [\d.]+% at 95% confidence/);
    // The routed comparisons: every one listed (90 fit one page), most confident first; filtered to the audits.
    await expect.poll(() => page.getByTestId('routed-row').count()).toBe(90);
    expect(await page.getByTestId('routed-counts').textContent()).toBe(`${status.autoLabelled - status.inAudit} auto-labelled, ${status.inAudit} audited, ${status.waitingForHumans} to people`);
    await page.getByTestId('routed-route').selectOption('audit');
    await expect.poll(() => page.getByTestId('routed-row').count()).toBe(status.inAudit);
    expect(await page.getByTestId('routed-status').allTextContents()).toEqual(Array(status.inAudit).fill('audit waiting'));
    await page.screenshot({ path: join(artifacts, 'queue-routed.png'), fullPage: true });

    await page.getByTestId('queue-judge').click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/compare');
    const filters = await page.evaluate(() => JSON.parse(window.localStorage.getItem('rung.compare.filters') ?? '{}'));
    expect(filters).toEqual({ runId, layer: 0 });
  });
});
