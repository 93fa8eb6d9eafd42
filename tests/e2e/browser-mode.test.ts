// End to end in browser mode: `rung serve` + headless chromium drive the Data page (import, bad-file error, export),
// and the HTTP API refuses calls without the token or from a foreign origin.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadFolder } from '../../electron/core/uploads';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('browser-mode');

describe.runIf(gate.run)('browser mode', () => {
  const session = browserSession('browser-mode');

  const trlLines = Array.from({ length: 5 }, (_, i) =>
    JSON.stringify({
      prompt: `Question ${i + 1}: what is ${i + 2} times ${i + 3}?`,
      chosen: `${(i + 2) * (i + 3)}`,
      rejected: `${(i + 2) * (i + 3) + 1}`,
    }),
  );

  const stat = (name: string) => session.browser.page.getByTestId(`stat-${name}`).textContent();

  it('opens the Data page with the token and an empty database', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await expect.poll(() => stat('comparisons'), { timeout: 15_000 }).toBe('0');
    expect(await stat('datasets')).toBe('0');
    await page.getByTestId('data-empty').waitFor();
    // An empty database offers the demo on its first page too (as the README says).
    expect(await page.getByTestId('data-load-demo').isVisible()).toBe(true);
    // The token leaves the visible URL but stays usable for this tab (sessionStorage).
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await expect.poll(() => stat('comparisons'), { timeout: 15_000 }).toBe('0');
    await expect.poll(() => page.getByTestId('status-db').textContent()).toContain('rung.db');
  });

  it('imports a TRL JSONL file through the file input', async () => {
    const { page } = session.browser;
    const file = join(session.tmp, 'prefs.jsonl');
    writeFileSync(file, trlLines.join('\n') + '\n');
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-comparisons-added').textContent()).toBe('5');
    await expect.poll(() => stat('comparisons'), { timeout: 15_000 }).toBe('5');
    await expect.poll(() => stat('datasets')).toBe('1');
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(1);
    expect(await page.getByTestId('dataset-row').textContent()).toContain('TRL');
  });

  it('shows a malformed file error naming file and line, and keeps nothing of it', async () => {
    const { page } = session.browser;
    const file = join(session.tmp, 'broken.jsonl');
    const good = JSON.stringify({ prompt: 'Another question', chosen: 'good', rejected: 'bad' });
    writeFileSync(file, `${good}\n{"prompt": "unterminated\n${good}\n`);
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-submit').click();
    const alert = page.getByTestId('import-error');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toMatch(/broken\.jsonl:2\b/);
    await expect.poll(() => page.getByTestId('import-submit').textContent()).toBe('Import');
    expect(await stat('comparisons')).toBe('5');
    expect(await stat('datasets')).toBe('1');
    // both files went to the server's upload folder as they were sent, and each import used its upload up
    expect(readdirSync(uploadFolder(session.server.child.pid!))).toEqual([]);
  });

  it('exports TRL JSONL as a downloaded file', async () => {
    const { page } = session.browser;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-trl').click()]);
    const saved = await download.path();
    const lines = readFileSync(saved, 'utf8').split('\n').filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(5);
    const prompts = lines.map((line) => JSON.parse(line).prompt).sort();
    expect(prompts).toEqual(trlLines.map((line) => JSON.parse(line).prompt).sort());
  });

  it('made no request outside the server it was opened from', () => {
    const outside = session.outsideRequests();
    expect(outside).toEqual([]);
    expect(session.requested.some((url) => url.startsWith(`${session.server.origin}/api/`))).toBe(true);
  });

  it('refuses API calls without the token or from another origin', async () => {
    const { origin, token } = session.server;
    const call = (headers: Record<string, string>) =>
      fetch(`${origin}/api/getStats`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });

    const allowed = await call({ Authorization: `Bearer ${token}` });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ ok: true, value: { comparisons: 5 } });

    expect((await call({})).status).toBe(401);
    expect((await call({ Authorization: 'Bearer wrong-token' })).status).toBe(401);
    expect((await call({ Authorization: `Bearer ${token}`, Origin: 'http://evil.example' })).status).toBe(403);
  });
});
