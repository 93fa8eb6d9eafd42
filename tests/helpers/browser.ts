// Test helper: launches the system's Debian chromium through playwright-core (never a downloaded browser),
// and decides whether browser tests run, skip (no chromium) or fail (no chromium but RUNG_REQUIRE_E2E=1).
import { it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type BrowserGate = { run: true } | { run: false; skip: string } | { run: false; fail: string };

/** Whether browser tests can run here; with RUNG_REQUIRE_E2E=1 a missing chromium is a failure, not a skip. */
export function browserGate(): BrowserGate {
  if (existsSync(CHROMIUM_PATH)) return { run: true };
  if (process.env.RUNG_REQUIRE_E2E === '1') {
    return { run: false, fail: `RUNG_REQUIRE_E2E=1 but ${CHROMIUM_PATH} is missing (apt-get install chromium)` };
  }
  return { run: false, skip: `${CHROMIUM_PATH} is missing (apt-get install chromium; set RUNG_REQUIRE_E2E=1 to fail instead)` };
}

/**
 * browserGate() for a test file, which also registers what a file without a browser shows: a failing
 * "prerequisites" test under RUNG_REQUIRE_E2E=1, else a skipped test naming the reason.
 */
export function gateBrowserTests(name: string): BrowserGate {
  const gate = browserGate();
  if (!gate.run && 'fail' in gate) {
    const reason = gate.fail;
    it(`${name} end-to-end prerequisites`, () => {
      throw new Error(reason);
    });
  } else if (!gate.run) {
    console.warn(`Skipping ${name} end-to-end tests: ${gate.skip}`);
    it.skip(`${name} (skipped: ${gate.skip})`, () => {});
  }
  return gate;
}

export interface Chromium {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh headless chromium with its own throwaway profile; close() also deletes the profile. */
export async function launchChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'rung-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs,
      viewport: options.viewport ?? { width: 1280, height: 720 },
      acceptDownloads: true,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
