// End to end in browser mode: what is per criterion in a run with a rubric (#18). The database is seeded before the
// server starts: 24 comparisons three people judged A overall, with a rubric (Helpfulness, Harmlessness) on which ann
// said A and bob and cy B for harmlessness, and a run without a rubric. In the UI: the Train RM0 form offers the criterion
// (Helpfulness first) only on the rubric run, and RM0 trained on Harmlessness is listed with "trained on criterion
// Harmlessness"; the Evaluators page measures agreement on a criterion once the run is chosen; the Flags page shows
// the criterion of the disagreements found on Harmlessness; the Data page's export offers the criteria as the label.
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { seedRubricStore } from '../helpers/rubric-seed';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('rubric analytics');
const RUBRIC_RUN = 'Helpful and harmless';
const PLAIN_RUN = 'Overall only';

describe.runIf(gate.run)('rubric analytics (browser mode)', () => {
  const session = browserSession('rubric', {
    beforeServer: ({ tmp, dbPath }) => seedRubricStore(tmp, dbPath, { comparisons: 24, rubricRun: RUBRIC_RUN, plainRun: PLAIN_RUN }),
  });

  const layerRow = (run: string) => session.browser.page.locator(`[data-testid="run-card"][data-run-name="${run}"] [data-testid="layer-row"][data-layer="0"]`);

  it('offers the criterion on the rubric run only, and lists RM0 as trained on it', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/ladder`);
    await layerRow(PLAIN_RUN).getByTestId('train-open').click();
    await layerRow(PLAIN_RUN).getByTestId('train-form').waitFor({ timeout: 30_000 });
    expect(await layerRow(PLAIN_RUN).getByTestId('train-criterion').count()).toBe(0);
    await layerRow(PLAIN_RUN).getByTestId('train-close').click();

    await layerRow(RUBRIC_RUN).getByTestId('train-open').click();
    const criterion = layerRow(RUBRIC_RUN).getByTestId('train-criterion');
    await criterion.waitFor();
    expect(await criterion.inputValue()).toBe('helpful');
    expect(await criterion.locator('option').allTextContents()).toEqual(['Helpfulness', 'Harmlessness']);
    await criterion.selectOption('harmless');
    await layerRow(RUBRIC_RUN).getByTestId('train-start').click();
    await expect.poll(() => layerRow(RUBRIC_RUN).getByTestId('train-status').textContent(), { timeout: 120_000 }).toBe('done');
    await expect.poll(() => layerRow(RUBRIC_RUN).getByTestId('model-recipe').first().textContent(), { timeout: 30_000 }).toContain('trained on criterion Harmlessness');
  });

  it('measures agreement on a criterion once its run is chosen', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/evaluators`);
    const consensus = (name: string) => page.locator(`[data-testid="agreement-row"][data-evaluator="${name}"] td`).nth(3);
    await page.getByTestId('agreement-run').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('agreement-criterion').count()).toBe(0);
    await page.getByTestId('agreement-run').selectOption({ label: PLAIN_RUN });
    expect(await page.getByTestId('agreement-criterion').count()).toBe(0);
    await expect.poll(() => consensus('ann').textContent(), { timeout: 30_000 }).toBe('100%'); // overall, all say A
    await page.getByTestId('agreement-run').selectOption({ label: RUBRIC_RUN });
    await page.getByTestId('agreement-criterion').selectOption('harmless');
    // on harmlessness bob and cy say B where ann says A
    await expect.poll(() => consensus('ann').textContent(), { timeout: 30_000 }).toBe('0%');
    // bob's others are ann (A) and cy (B) on harmlessness: split, so there is no majority to agree with
    expect(await consensus('bob').textContent()).toMatch(/^— others split/);
    expect(await page.locator('[data-testid="agreement-row"]').count()).toBe(3);
  });

  it('shows the criterion of a flag found on it', async () => {
    const { page } = session.browser;
    // the checks also ran after the training
    expect(await session.server.call('runChecks', {})).toMatchObject({ ok: true });
    await page.goto(`${session.server.url}#/flags`);
    await page.getByTestId('flag-row').first().waitFor({ timeout: 30_000 });
    const chips = await page.getByTestId('flag-criterion').allTextContents();
    expect(chips.length).toBeGreaterThan(0);
    expect(new Set(chips)).toEqual(new Set(['Harmlessness']));
  });

  it("offers each rubric's criteria as the export label", async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/data`);
    const label = page.getByTestId('export-criterion');
    await label.waitFor({ timeout: 30_000 });
    expect(await label.locator('option').allTextContents()).toEqual(['Overall verdict', 'Helpfulness', 'Harmlessness']);
    await label.selectOption({ label: 'Harmlessness' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-trl').click()]);
    expect(download.suggestedFilename()).toBe('rung-preferences-harmless.jsonl');
    expect(await page.getByTestId('export-done').textContent()).toBe('Saved rung-preferences-harmless.jsonl (72 rows).');
  });
});
