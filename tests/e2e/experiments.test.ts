// End to end in browser mode: the Experiments page. A bad seed count is refused in the form; the quick preset, made
// small (2 seeds at scale 1), runs as a job with its progress shown; when it ends its report opens with the five
// claims, is listed, and its self-contained report.html is saved. Screenshot to tests/e2e/artifacts/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('experiments page');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

const CLAIMS = ['cost-reduction', 'quality-gain', 'error-propagation', 'check-recall', 'deferral-coverage'];

describe.runIf(gate.run)('experiments page (browser mode)', () => {
  const session = browserSession('experiments');

  it('runs a preset as a job, opens its report and saves report.html', async () => {
    const page = session.browser.page;
    await page.goto(session.server.url);
    await page.getByTestId('nav-experiments').click();
    await expect.poll(() => page.getByText('No experiments yet.').count()).toBe(1);

    await page.getByTestId('experiment-seeds').fill('1');
    await page.getByTestId('experiment-start').click();
    await expect.poll(() => page.getByTestId('experiment-form-error').textContent()).toMatch(/Seeds: a whole number from 2 to 100/);

    await page.getByTestId('experiment-seeds').fill('2');
    await page.getByTestId('experiment-scale').fill('1');
    await page.getByTestId('experiment-start').click();
    await expect.poll(() => page.getByTestId('experiment-job').textContent()).toMatch(/Experiment \(quick, 2 seeds, scale 1\): running/);
    expect(await page.getByTestId('experiment-start').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('experiment-job').textContent(), { timeout: 240_000, interval: 1_000 }).toMatch(/: done/);

    // Its report opens by itself, and the list has it.
    await expect.poll(() => page.getByTestId('experiment-claims').locator('tbody tr').count()).toBe(5);
    for (const id of CLAIMS) expect(await page.getByTestId(`claim-${id}`).textContent()).toContain(id);
    expect(await page.getByTestId('experiment-list').locator('tbody tr').count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'experiments-report.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('experiment-save-html').click()]);
    expect(download.suggestedFilename()).toMatch(/^rung-experiment-\d{8}T\d{6}Z-quick\.html$/);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/https?:|<script/i);
    for (const id of CLAIMS) expect(html).toContain(id);
  }, 300_000);
});
