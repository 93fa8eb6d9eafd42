// End to end in browser mode: "Mapped columns" previews the start of an upload larger than the preview's 512 KiB (its
// fields, with spaces, as columns), the selects map the roles and the label values, and the import follows the mapping.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('import-mapped');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

describe.runIf(gate.run)('mapped import in the browser', () => {
  const session = browserSession('import-mapped');

  it('maps prompt, response 1, response 2 and a 0/1/2 label, and imports 6,000 comparisons with their labels', async () => {
    const { page } = session.browser;
    const file = join(session.tmp, 'pairs.jsonl');
    const lines = Array.from({ length: 6_000 }, (_, i) =>
      JSON.stringify({ prompt: `Question ${i}: add ${i} and ${i % 97}, showing the steps.`, 'response 1': `${i + (i % 97)} because ${'so '.repeat(20)}`, 'response 2': `${i + (i % 97) + 1}`, label: i % 3 }),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    await page.goto(session.server.url);
    await page.getByTestId('import-format').selectOption('mapped');
    await page.getByTestId('import-file').setInputFiles(file);
    const preview = page.getByTestId('mapping-preview');
    await preview.waitFor();
    expect(await preview.locator('thead th').allTextContents()).toEqual(['Line', 'prompt', 'response 1', 'response 2', 'label']);
    expect(await preview.locator('tbody tr').count()).toBe(5);
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
    await page.getByTestId('mapping-prompt').selectOption('prompt');
    await page.getByTestId('mapping-a').selectOption('response 1');
    await page.getByTestId('mapping-b').selectOption('response 2');
    await page.getByTestId('mapping-label').selectOption('label');
    await page.getByTestId('mapping-value-0').selectOption('A');
    await page.getByTestId('mapping-value-1').selectOption('B');
    await page.getByTestId('mapping-value-2').selectOption('tie');
    await page.getByTestId('mapping-preview').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'data-mapping-form.png') });
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-comparisons-added').textContent()).toBe('6000');
    expect(await page.getByTestId('import-judgments-added').textContent()).toBe('6000');
  });
});
