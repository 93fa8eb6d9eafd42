// End to end in browser mode: a large upload shows the server's import progress in the import form (records read,
// share of the file), not only "Importing…", and ends with the summary.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('import-progress');

describe.runIf(gate.run)('import progress in the browser', () => {
  const session = browserSession('import-progress');

  it('reports records read while a 150,000-record upload is imported', async () => {
    const { page } = session.browser;
    const file = join(session.tmp, 'large.jsonl');
    const lines = Array.from({ length: 150_000 }, (_, i) => JSON.stringify({ prompt: `Question ${i}: add ${i} and ${i % 97}.`, chosen: `${i + (i % 97)}`, rejected: `${i + (i % 97) + 1}` }));
    writeFileSync(file, lines.join('\n') + '\n');
    await page.goto(session.server.url);
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
