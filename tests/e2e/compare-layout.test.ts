// The Compare page's layout at 1280×720 and 1440×900 (#18), checked by visibility, not pixels: with the run filter
// shown, the toolbar keeps the evaluator's whole name and Switch in view; a long prompt takes the height it needs up
// to a share of the window and says that more follows; synced scrolling moves both panes and is remembered.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { rung } from '../helpers/cli';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('compare layout');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

const paragraph = (label: string, n: number) => Array.from({ length: n }, (_, i) => `${label} line ${i + 1}: a sentence long enough to wrap on a narrow pane, about this problem.`).join('\n\n');
const records = Array.from({ length: 3 }, (_, i) => ({
  id: `long${i}`,
  prompt: `${paragraph(`Prompt ${i}`, 14)}\n\nTHE LAST SENTENCE OF THE PROMPT.`,
  response_a: paragraph('Left', 40),
  response_b: paragraph('Right', 60),
  layer: 0,
}));

describe.runIf(gate.run)('compare layout', () => {
  const session = browserSession('compare-layout', {
    beforeServer({ tmp, dbPath }) {
      const file = join(tmp, 'long.jsonl');
      writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const imported = rung(['import', file, '--format', 'rung', '--db', dbPath]);
      expect(imported.code, imported.stderr).toBe(0);
    },
    async beforeBrowser({ server }) {
      expect(await server.call('updateSettings', { positionCheckShare: 0 })).toMatchObject({ ok: true });
      expect(await server.call('createRun', { name: 'A run with a long name for the filter', layers: [{ name: 'layer 0', rule: { kind: 'field', layer: 0 } }] })).toMatchObject({ ok: true });
      expect(await server.call('createEvaluator', { name: 'Ada Newcomer-Lovelace', domains: ['mathematics', 'code'] })).toMatchObject({ ok: true });
    },
  });

  /** The element's box lies inside the viewport's width, and its text is not cut by its own box. */
  async function fullyInView(testId: string, width: number): Promise<void> {
    const locator = session.browser.page.getByTestId(testId);
    expect(await locator.isVisible(), `${testId} visible`).toBe(true);
    const box = (await locator.boundingBox())!;
    expect(box.x, `${testId} left edge`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${testId} right edge at ${width} px`).toBeLessThanOrEqual(width);
    // Not clipped by a parent either: the points just inside its left and right edges hit the element itself.
    const hits = await locator.evaluate((element) => {
      const r = element.getBoundingClientRect();
      const y = r.top + r.height / 2;
      return [r.left + 2, r.right - 2].map((x) => {
        const hit = document.elementFromPoint(x, y);
        return hit !== null && (hit === element || element.contains(hit));
      });
    });
    expect(hits, `${testId} shown whole (left and right edges)`).toEqual([true, true]);
  }

  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    it(`keeps the toolbar whole and the prompt readable at ${width}×${height}`, async () => {
      const { page } = session.browser;
      await page.setViewportSize({ width, height });
      await page.goto(`${session.server.url}#/compare`);
      // The first time, the page asks who is judging (then remembers it).
      await page.locator('[data-testid=evaluator-picker], [data-testid=compare]').first().waitFor({ timeout: 30_000 });
      if (await page.getByTestId('evaluator-picker').isVisible()) await page.keyboard.press('Enter'); // the only evaluator
      await page.getByTestId('compare-run').waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByTestId('compare').getAttribute('data-comparison-id'), { timeout: 20_000 }).not.toBe('');
      for (const id of ['compare-evaluator', 'compare-switch', 'compare-run', 'compare-dataset', 'compare-layer', 'compare-progress', 'compare-help-button']) await fullyInView(id, width);
      expect(await page.getByTestId('compare-evaluator').textContent()).toBe('Ada Newcomer-Lovelace');

      // The prompt is taller than a fixed box would be, stops at 40% of the window, and says more follows.
      const prompt = page.getByTestId('compare-prompt');
      const promptBox = (await prompt.boundingBox())!;
      expect(promptBox.height).toBeGreaterThan(120);
      expect(promptBox.height).toBeLessThanOrEqual(height * 0.4);
      await page.getByTestId('compare-prompt-more').waitFor();
      await prompt.evaluate((element) => (element.scrollTop = element.scrollHeight));
      await expect.poll(() => page.getByTestId('compare-prompt-more').count()).toBe(0);
      await page.screenshot({ path: join(artifacts, `compare-layout-${width}.png`) });
    });
  }

  it('scrolls the panes together when asked, and remembers the choice', async () => {
    const { page } = session.browser;
    const scrollTop = (side: 'left' | 'right') => page.getByTestId(`compare-${side}`).evaluate((element) => element.scrollTop);
    const scrollLeftPane = (top: number) => page.getByTestId('compare-left').evaluate((element, y) => (element.scrollTop = y), top);

    await scrollLeftPane(300);
    await page.waitForTimeout(200);
    expect(await scrollTop('right')).toBe(0); // independent by default

    await page.getByTestId('action-sync-scroll').click();
    expect(await page.getByTestId('action-sync-scroll').getAttribute('aria-pressed')).toBe('true');
    await scrollLeftPane(600);
    await expect.poll(() => scrollTop('right')).toBeGreaterThan(300);

    await page.reload();
    await page.getByTestId('action-sync-scroll').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('action-sync-scroll').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByTestId('compare').getAttribute('data-comparison-id'), { timeout: 20_000 }).not.toBe('');
    await scrollLeftPane(400);
    await expect.poll(() => scrollTop('right')).toBeGreaterThan(0);
  });
});
