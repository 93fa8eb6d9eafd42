// Test helper: what every end-to-end file runs against — a temp folder, `rung serve` on a database in it, and a chromium
// that records each URL it requests — set up before the file's tests and torn down after them.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium, type Chromium } from './browser';
import { startServer, type RungServer } from './serve';

export interface BrowserSession {
  tmp: string;
  dbPath: string;
  /** Reassignable: a test may restart the server on the same database; the one held at the end is stopped. */
  server: RungServer;
  browser: Chromium;
  /** Every URL the browser requested, in order. */
  requested: string[];
  /** The requests that left the app's origin (data: and blob: URLs stay in the page): the app makes no network connection. */
  outsideRequests(): string[];
  /** What chromium refused under the app's Content-Security-Policy, as its console said; checked empty at the end. */
  cspViolations: string[];
  /** Rows of a query on the session's database, opened read-only for it. */
  readDb<T>(sql: string, ...args: unknown[]): T[];
}

export interface SessionSetup {
  /** Before the server starts, e.g. importing a file into `dbPath` with the CLI. */
  beforeServer?(session: Pick<BrowserSession, 'tmp' | 'dbPath'>): Promise<void> | void;
  /** Once the server runs, before the browser starts: contract calls, direct writes to the database. */
  beforeBrowser?(session: Pick<BrowserSession, 'tmp' | 'dbPath' | 'server'>): Promise<void> | void;
  /** For the whole setup (default: vitest's hook timeout). */
  timeoutMs?: number;
}

/** Registers the session's setup and teardown in the calling describe block; its fields are set once beforeAll has run. */
export function browserSession(name: string, setup: SessionSetup = {}): BrowserSession {
  const session = { requested: [] as string[], cspViolations: [] as string[] } as BrowserSession;
  session.readDb = <T,>(sql: string, ...args: unknown[]): T[] => {
    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...args) as T[];
    } finally {
      db.close();
    }
  };
  session.outsideRequests = () => session.requested.filter((url) => !url.startsWith(`${session.server.origin}/`) && !/^(data|blob):/.test(url));
  beforeAll(async () => {
    session.tmp = mkdtempSync(join(tmpdir(), `rung-e2e-${name}-`));
    session.dbPath = join(session.tmp, 'rung.db');
    await setup.beforeServer?.(session);
    session.server = await startServer({ dbPath: session.dbPath });
    await setup.beforeBrowser?.(session);
    session.browser = await launchChromium();
    session.browser.context.on('request', (request) => session.requested.push(request.url()));
    session.browser.context.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) session.cspViolations.push(message.text());
    });
  }, setup.timeoutMs);
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.stop();
    if (session.tmp) rmSync(session.tmp, { recursive: true, force: true });
    // Every page the file's tests showed rendered within the app's CSP (a refused style or script is a broken page).
    expect(session.cspViolations).toEqual([]);
  });
  return session;
}
