// End to end in browser mode: the model checks after training. A synthetic ladder (tests/helpers/planted-ladder:
// embedded responses a planted reward decides, with gold answers and people planted against it) is imported through
// the API; RM0 and RM1 are trained as jobs, and the checks run by themselves when each job finishes. The Ladder page
// charts RM1's drift against RM0; the Flags page lists cross-layer and model-vs-human flags whose detail says which
// model contradicts which judgment and what trained that model. Screenshots go to tests/e2e/artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { ladder, record } from '../helpers/planted-ladder';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('model checks');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

describe.runIf(gate.run)('model checks (browser mode)', () => {

  const api = (method: string, params: unknown = {}) => session.server.value(method, params);

  async function trained(runId: string, layer: number) {
    const started = await api('startTraining', { runId, layer, holdout: 0, seed: 5 + layer, device: 'cpu' });
    for (;;) {
      const job = await api('getTrainingJob', { jobId: started.id });
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const session = browserSession('model-checks', {
    async beforeBrowser() {
      await api('importDataset', { source: await session.server.uploadRows('planted.jsonl', ladder(true).map((i) => record(i))) });
      const run = await api('createRun', { name: 'Planted ladder', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
      expect(await trained(run.id, 0)).toMatchObject({ status: 'done' });
      expect(await trained(run.id, 1)).toMatchObject({ status: 'done' });
    },
    timeoutMs: 180_000,
  });

  it('charts the drift of RM1 against RM0 on the Ladder page', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/ladder`);
    const chart = page.getByTestId('drift-chart');
    await chart.waitFor({ timeout: 30_000 });
    expect(await chart.getByTestId('drift-point').count()).toBe(1);
    const tip = await chart.getByTestId('drift-point').locator('title').textContent();
    expect(tip).toMatch(/^RM1 .* vs RM0 .*: ρ = 0\.9\d\d on 500 anchors$/);
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'ladder-drift.png') });
  });

  it('lists the flags the checks found after training, with the model, the judgment and the provenance', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/flags`);
    await page.getByTestId('filter-kind').selectOption('cross-layer');
    const rows = page.getByTestId('flag-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(6);
    await rows.first().dblclick();
    const detail = page.getByTestId('flag-detail');
    await detail.waitFor();
    const evidence = await detail.getByTestId('flag-evidence-cross-layer').textContent();
    expect(evidence).toMatch(/\(RM1\) prefers [AB] \(confidence \d+\.\d%, reward margin \d+\.\d\d\) on a layer-0 comparison where (the gold answer|a unanimous consensus of \d people)/);
    expect(await detail.getByTestId('flag-flagged-models').textContent()).toMatch(/trained on \d+ judgments \(ann \d+, bob \d+, dan \d+, cat \d+\)/);
    await page.screenshot({ path: join(artifacts, 'flag-cross-layer.png') });
    await page.getByTestId('flag-detail-close').click();

    await page.getByTestId('filter-kind').selectOption('model-vs-human');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(8);
    await rows.first().dblclick();
    await detail.getByTestId('flag-evidence-human-verdicts').waitFor();
    expect(await detail.getByTestId('flag-evidence-human-verdicts').textContent()).toContain('the model was trained on this verdict');
  });
});
