// End to end in browser mode: the Experiments page. A bad seed count is refused in the form; the quick preset, made
// small (2 seeds at scale 1), runs as a job with its progress shown; when it ends its report opens in the page with
// the five claims and report.html in a frame sandboxed without scripts (styled within the app's CSP, no new window),
// is listed, and its self-contained report.html is saved. Screenshot to tests/e2e/artifacts/.
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

    // report.html itself is shown in the page on request (the claims are not shown twice): a frame with every sandbox
    // restriction (no scripts, an opaque origin), fed the report's text rather than an address, laid out, and no other
    // window opened.
    const frame = page.getByTestId('experiment-report-frame');
    expect(await frame.isVisible()).toBe(false);
    await page.getByTestId('experiment-report-details').locator('summary').click();
    await expect.poll(() => frame.isVisible()).toBe(true);
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('src')).toBeNull();
    const srcdoc = (await frame.getAttribute('srcdoc'))!;
    expect(srcdoc).toMatch(/^<!doctype html>/);
    expect(srcdoc).not.toMatch(/https?:|<script/i);
    for (const id of CLAIMS) expect(srcdoc).toContain(id);
    await expect.poll(() => page.frames().filter((f) => f.url() === 'about:srcdoc').length).toBe(1);
    // Its own style sheet applied (the CSP allows it by its hash): the claims table's header has the report's grey.
    const th = frame.contentFrame().locator('th').first();
    await expect.poll(() => th.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(246, 248, 250)');
    expect(await frame.contentFrame().locator('h1').textContent()).toBe('Oversight report');
    expect((await frame.boundingBox())!.height).toBeGreaterThan(200);
    expect(session.browser.context.pages()).toHaveLength(1);
    await page.screenshot({ path: join(artifacts, 'experiments-report.png'), fullPage: true });
    // The framed report as a person sees it (the sandboxed frame paints from a process of its own: a moment for it first).
    await frame.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(artifacts, 'experiments-report-frame.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('experiment-save-html').click()]);
    expect(download.suggestedFilename()).toMatch(/^rung-experiment-\d{8}T\d{6}Z-quick\.html$/);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/https?:|<script/i);
    for (const id of CLAIMS) expect(html).toContain(id);
    expect(html).toBe(srcdoc); // the page shows what it saves
    // The framed report's inline style sheet is the one the app's CSP allows by its hash: nothing was refused.
    expect(session.cspViolations).toEqual([]);
  }, 300_000);
});
