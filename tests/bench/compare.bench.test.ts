// Keypress to next comparison on screen, in the real page (browser mode, headless chromium), with 100,000
// comparisons in the database: 50 verdicts, p50/p95 in ms. Measured inside the page from the keydown event to
// the frame after the new comparison is in the DOM. Baseline in the same run: a key the page ignores, from
// keydown to the next frame — the browser's own floor. Prints figures; asserts nothing about time.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createHumanEvaluator } from '../../electron/core/db/evaluators';
import { browserGate, launchChromium } from '../helpers/browser';
import { startServer } from '../helpers/serve';
import { tempStore } from '../helpers/store';
import { fillComparisons } from './fill';
import { fmt, percentile, report } from './stats';

const COMPARISONS = 100_000;
const JUDGMENTS = 50;
const gate = browserGate();

const body = (i: number, side: string) =>
  `### Solution ${side}\n\n` +
  Array.from({ length: 8 }, (_, k) => `${k + 1}. Step ${k + 1}: $x_{${k}} = ${i % 97} \\cdot ${k + 2}$ gives **${(i % 97) * (k + 2)}**.`).join('\n') +
  `\n\n\`\`\`python\ndef solve(x):\n    return x * ${i % 13}  # ${side}\n\`\`\`\n`;

it.runIf(gate.run)('keypress to next comparison on screen, 100,000 comparisons', async () => {
  const t = tempStore();
  const fillStart = performance.now();
  fillComparisons(t.store.db, COMPARISONS, {
    prompt: (i) => `Problem ${i}: work out the value step by step.`,
    response: (i, side) => body(side === 'A' ? i : i + 1, side),
    layer: (i) => i % 3,
  });
  createHumanEvaluator(t.store.db, 'bench', []);
  t.store.close();
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const server = await startServer({ dbPath: join(t.dir, 'rung.db') });
  const browser = await launchChromium();
  try {
    const { page } = browser;
    await page.goto(`${server.url}#/compare`);
    await page.getByTestId('evaluator-choice').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter'); // the first profile has focus
    await page.getByTestId('compare').waitFor();
    await expect.poll(() => page.getByTestId('compare').getAttribute('data-comparison-id'), { timeout: 30_000 }).not.toBe('');
    await page.waitForTimeout(500); // prefetch settles, as it would while a person reads

    await page.evaluate(() => {
      const w = window as unknown as { __t0: number | null; __lat: number[]; __script: number[] };
      w.__t0 = null;
      w.__lat = [];
      w.__script = [];
      // Registered after the page's own handler, so it runs once that (and React's synchronous render) is done.
      window.addEventListener('keydown', (e) => w.__script.push(performance.now() - e.timeStamp));
      const afterFrame = (t0: number) => requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t0), 0));
      window.addEventListener('keydown', (e) => {
        w.__t0 = e.timeStamp;
        if (e.key === 'x') {
          w.__t0 = null;
          afterFrame(e.timeStamp); // baseline: nothing changes, just the next frame
        }
      }, true);
      new MutationObserver(() => {
        const t0 = w.__t0;
        if (t0 === null) return;
        w.__t0 = null;
        afterFrame(t0);
      }).observe(document.querySelector('[data-testid=compare]')!, { attributes: true, attributeFilter: ['data-comparison-id'] });
    });
    const measure = async (key: string, n: number): Promise<number[]> => {
      await page.evaluate(() => {
        (window as unknown as { __lat: number[] }).__lat = [];
        (window as unknown as { __script: number[] }).__script = [];
      });
      for (let i = 0; i < n; i++) {
        await page.keyboard.press(typeof key === 'string' && key === 'verdicts' ? ['1', '2', '3', 'ArrowLeft', 'ArrowRight'][i % 5] : key);
        await page.waitForFunction((count) => (window as unknown as { __lat: number[] }).__lat.length >= count, i + 1, { timeout: 10_000 });
        await page.waitForTimeout(60); // a (very fast) person
      }
      return page.evaluate(() => [...(window as unknown as { __lat: number[] }).__lat]);
    };
    const baseline = (await measure('x', JUDGMENTS)).sort((a, b) => a - b);
    const verdicts = (await measure('verdicts', JUDGMENTS)).sort((a, b) => a - b);
    const script = (await page.evaluate(() => [...(window as unknown as { __script: number[] }).__script])).sort((a, b) => a - b);
    await expect.poll(() => page.getByTestId('compare').getAttribute('data-saving'), { timeout: 30_000 }).toBe('0');
    report(`compare page: keypress to next comparison on screen, ${fmt(COMPARISONS)} comparisons, ${JUDGMENTS} verdicts (headless chromium)`, [
      ['fill time (not measured below)', `${fmt(fillSeconds, 1)} s`],
      ['keypress → next comparison p50', `${fmt(percentile(verdicts, 50), 1)} ms`],
      ['keypress → next comparison p95', `${fmt(percentile(verdicts, 95), 1)} ms`],
      ['keypress → next comparison max', `${fmt(verdicts[verdicts.length - 1], 1)} ms`],
      ['  of which key handler + React render p50', `${fmt(percentile(script, 50), 1)} ms`],
      ['baseline: ignored key → next frame p50', `${fmt(percentile(baseline, 50), 1)} ms`],
      ['baseline: ignored key → next frame p95', `${fmt(percentile(baseline, 95), 1)} ms`],
      ['ratio p50 / baseline p50', `${fmt(percentile(verdicts, 50) / percentile(baseline, 50), 2)}×`],
    ]);
  } finally {
    await browser.close();
    await server.stop();
    t.cleanup();
  }
});

it.skipIf(gate.run)(`compare page bench skipped: ${'skip' in gate ? gate.skip : 'fail' in gate ? gate.fail : ''}`, () => {});
