// End to end in browser mode: the Ladder page. On an empty database it says there are no runs; "Create the
// demo ladder" (from the keyboard) loads the demo dataset and shows three layers, 0 at the bottom, holding
// 120/80/40 comparisons; the "New run" form shows its messages inline, reorders and removes layers with
// focus following, and creates a run with a length rule and a metadata rule whose counts match the demo
// data counted here independently; a duplicate name shows the server's CONFLICT message verbatim; after a
// reload both runs are still there. Screenshots (light, dark, 1280×720) go to tests/e2e/artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('ladder page');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

const RUN = 'Mid-length, then 3–4 steps';
const MIN_CHARS = 200;
const MAX_CHARS = 1000;

/** Counted from the demo generator itself, not from the server: SQLite's length() counts code points. */
const demo = generateDemo();
const chars = (r: (typeof demo)[number]) => [...r.response_a].length + [...r.response_b].length;
const expectedMid = demo.filter((r) => chars(r) >= MIN_CHARS && chars(r) <= MAX_CHARS).length;
const expectedSteps = demo.filter((r) => r.metadata.steps === 3 || r.metadata.steps === 4).length;

describe.runIf(gate.run)('ladder page (browser mode)', () => {

  const session = browserSession('ladder');

  const api = (method: string, params: unknown = {}) => session.server.call(method, params);

  const run = (name: string) => session.browser.page.locator(`[data-testid="run-card"][data-run-name="${name}"]`);
  const layerCounts = async (name: string) => {
    const rows = run(name).getByTestId('layer-row');
    const out: { layer: string | null; name: string | null; rule: string | null; comparisons: string | null; judgments: string | null }[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      out.push({
        layer: await row.getAttribute('data-layer'),
        name: await row.getByTestId('layer-name').textContent(),
        rule: await row.getByTestId('layer-rule').textContent(),
        comparisons: await row.getByTestId('layer-comparisons').textContent(),
        judgments: await row.getByTestId('layer-judgments').textContent(),
      });
    }
    return out;
  };

  it('opens the Ladder page on an empty database', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await page.getByTestId('nav-ladder').click();
    const empty = page.getByTestId('ladder-empty');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.textContent()).toContain('No runs yet — create the demo ladder or a run of your own');
    expect(await page.getByTestId('nav-ladder').getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('Ladder — Rung');
    expect((await api('listDatasets')).value).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'ladder-empty.png') });
  });

  it('creates the demo ladder from the keyboard: three layers, 0 at the bottom, 120/80/40 comparisons', async () => {
    const { page } = session.browser;
    await page.getByTestId('demo-create').focus();
    await page.keyboard.press('Enter');
    await run('Demo ladder').waitFor({ timeout: 30_000 });
    expect(await layerCounts('Demo ladder')).toEqual([
      { layer: '0', name: 'Single-step problems', rule: 'layer field = 0', comparisons: '120', judgments: '0' },
      { layer: '1', name: '3–4 step problems', rule: 'layer field = 1', comparisons: '80', judgments: '0' },
      { layer: '2', name: '8+ step problems', rule: 'layer field = 2', comparisons: '40', judgments: '0' },
    ]);
    // Drawn bottom-up: layer 0 below layer 1 below layer 2.
    const y = async (layer: number) => (await run('Demo ladder').locator(`[data-layer="${layer}"]`).boundingBox())!.y;
    expect(await y(0)).toBeGreaterThan(await y(1));
    expect(await y(1)).toBeGreaterThan(await y(2));
    // The demo dataset was loaded first (the database had none); focus went to the new run; the action is gone.
    expect((await api('listDatasets')).value.map((d: { name: string }) => d.name)).toEqual(['rung-demo']);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Demo ladder');
    expect(await page.getByTestId('ladder-status').textContent()).toContain('is ready: 3 layers');
    expect(await page.getByTestId('demo-create').count()).toBe(0);
    expect(await page.getByTestId('ladder-empty').count()).toBe(0);
  });

  it('creates a run with a length rule and a metadata rule through the form', async () => {
    const { page } = session.browser;
    await page.getByTestId('run-new').click();
    const form = page.getByTestId('run-form');
    await form.waitFor();
    // The name field has the focus; submitting empty shows messages next to the fields, focus on the first.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('run-name-input');
    await page.getByTestId('layer-draft').first().getByTestId('rule-field').fill('');
    await page.getByTestId('run-submit').click();
    await expect.poll(() => form.getByTestId('field-error').allTextContents()).toEqual([
      'Give the run a name.',
      'Give the layer a name.',
      'Enter the layer number the data gives.',
    ]);
    expect(await page.getByTestId('run-form-status').textContent()).toBe('3 things need fixing before the run can be created.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('run-name-input');
    await page.screenshot({ path: join(artifacts, 'ladder-form-errors.png') });

    await page.getByTestId('run-name-input').fill(RUN);
    await page.getByTestId('run-description-input').fill('Made in the end-to-end test.');
    const drafts = page.getByTestId('layer-draft');
    await drafts.nth(0).getByTestId('layer-name-input').fill('Mid-length answers');
    await drafts.nth(0).getByTestId('rule-kind').selectOption('length');
    await drafts.nth(0).getByTestId('rule-max-chars').fill(String(MAX_CHARS));

    // Add two layers; move the third up with the keyboard (focus follows it), then remove it.
    await page.getByTestId('layer-add').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('layer-name-input');
    await page.keyboard.type('3–4 steps');
    await drafts.nth(1).getByTestId('rule-kind').selectOption('metadata');
    await drafts.nth(1).getByTestId('rule-meta-key').fill('steps');
    await drafts.nth(1).getByTestId('rule-meta-values').fill('3, 4');
    await page.getByTestId('layer-add').click();
    await page.keyboard.type('Temporary');
    await drafts.nth(2).getByTestId('layer-up').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => drafts.nth(1).getByTestId('layer-name-input').inputValue()).toBe('Temporary');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move layer 1 up (to layer 0)');
    await page.keyboard.press('Enter');
    await expect.poll(() => drafts.nth(0).getByTestId('layer-name-input').inputValue()).toBe('Temporary');
    // At the top its "up" button is disabled, so the focus moved to "down".
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('layer-down');
    await drafts.nth(0).getByTestId('layer-remove').click();
    expect(await drafts.count()).toBe(2);
    expect(await drafts.nth(0).getByTestId('layer-name-input').inputValue()).toBe('Mid-length answers');
    expect(await drafts.nth(1).getByTestId('layer-name-input').inputValue()).toBe('3–4 steps');

    // A range the wrong way round is refused next to its field, and the message goes once it is fixed.
    await drafts.nth(0).getByTestId('rule-min-chars').fill('5000');
    await page.getByTestId('run-submit').click();
    await expect.poll(() => form.getByTestId('field-error').allTextContents()).toEqual(['The maximum is below the minimum.']);
    await drafts.nth(0).getByTestId('rule-min-chars').fill(String(MIN_CHARS));
    await expect.poll(() => form.getByTestId('field-error').count()).toBe(0);

    await page.getByTestId('layer-draft').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'ladder-form-filled.png') });
    await page.getByTestId('run-submit').click();
    await run(RUN).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run-form').count()).toBe(0);
    expect(await layerCounts(RUN)).toEqual([
      { layer: '0', name: 'Mid-length answers', rule: `response length ${MIN_CHARS}–${MAX_CHARS} characters`, comparisons: String(expectedMid), judgments: '0' },
      { layer: '1', name: '3–4 steps', rule: 'steps ∈ {3, 4}', comparisons: String(expectedSteps), judgments: '0' },
    ]);
    // Neither empty nor the same as a field-rule layer, so the count says the bounds were applied.
    expect(expectedMid).toBeGreaterThan(0);
    expect([0, 120, 80, 40, 240]).not.toContain(expectedMid);
    expect(expectedSteps).toBe(80);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(RUN);
    await page.screenshot({ path: join(artifacts, 'ladder-light.png'), fullPage: true });
  });

  it("shows the server's error verbatim for a duplicate name, keeping the form", async () => {
    const { page } = session.browser;
    await page.getByTestId('run-new').click();
    await page.getByTestId('run-name-input').fill(RUN);
    await page.getByTestId('layer-name-input').fill('Anything');
    await page.getByTestId('run-submit').click();
    const alert = page.getByTestId('run-form-error');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toContain(`a run named "${RUN}" already exists`);
    expect(await page.getByTestId('run-name-input').inputValue()).toBe(RUN);
    await page.screenshot({ path: join(artifacts, 'ladder-duplicate.png') });
    // Editing clears the stale error; cancelling returns the focus to "New run".
    await page.getByTestId('run-name-input').fill(`${RUN} (2)`);
    expect(await alert.count()).toBe(0);
    await page.getByTestId('run-cancel').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('run-new');
    expect((await api('listRuns')).value).toHaveLength(2);
  });

  it('keeps both runs after a reload', async () => {
    const { page } = session.browser;
    await page.reload();
    await run(RUN).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run-card').count()).toBe(2);
    expect((await layerCounts('Demo ladder')).map((l) => l.comparisons)).toEqual(['120', '80', '40']);
    expect((await layerCounts(RUN)).map((l) => l.comparisons)).toEqual([String(expectedMid), String(expectedSteps)]);
    await page.getByTestId('theme-select').selectOption('dark');
    await page.screenshot({ path: join(artifacts, 'ladder-dark.png') });
    await page.getByTestId('run-new').click();
    await page.getByTestId('layer-draft').first().getByTestId('rule-kind').selectOption('datasets');
    await page.screenshot({ path: join(artifacts, 'ladder-form-dark.png') });
    await page.getByTestId('theme-select').selectOption('light');
    await page.screenshot({ path: join(artifacts, 'ladder-form-light.png') });
  });

  it('made no request outside the server it was opened from', () => {
    const outside = session.outsideRequests();
    expect(outside).toEqual([]);
  });
});
