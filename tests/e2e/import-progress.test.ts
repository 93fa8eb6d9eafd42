// End to end in browser mode: a large upload shows the server's import progress in the import form (records read,
// share of the file), not only "Importing…", and ends with the summary.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateBrowserTests, launchChromium, type Chromium } from '../helpers/browser';
import { startServer, type RungServer } from '../helpers/serve';

const gate = gateBrowserTests('import-progress');

describe.runIf(gate.run)('import progress in the browser', () => {
  let tmp: string;
  let server: RungServer | undefined;
  let browser: Chromium | undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rung-e2e-'));
    server = await startServer({ dbPath: join(tmp, 'rung.db') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reports records read while a 150,000-record upload is imported', async () => {
    const { page } = browser!;
    const file = join(tmp, 'large.jsonl');
    const lines = Array.from({ length: 150_000 }, (_, i) => JSON.stringify({ prompt: `Question ${i}: add ${i} and ${i % 97}.`, chosen: `${i + (i % 97)}`, rejected: `${i + (i % 97) + 1}` }));
    writeFileSync(file, lines.join('\n') + '\n');
    await page.goto(server!.url);
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-submit').click();
    const seen = new Set<string>();
    const summary = page.getByTestId('import-summary');
    for (let i = 0; i < 1200 && !(await summary.isVisible()); i++) {
      seen.add((await page.getByTestId('import-progress').textContent()) ?? '');
      await page.waitForTimeout(50);
    }
    await summary.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-comparisons-added').textContent()).toBe('150000');
    const reports = [...seen].filter((text) => /records read \(\d+% of the file\)|^Writing [\d,]+ records to the database…$/.test(text));
    expect(reports.length, `status texts seen: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
  });
});
