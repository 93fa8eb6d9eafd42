// Test helper for the property-based fuzzers (fast-check): how many cases and which seed (a short fixed run in
// `npm test`, a long run with a fresh seed in `npm run fuzz`), a dump of every table to compare before and after, and
// the contract every fuzzed import is held to.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { RungError } from '../../electron/api/errors';

/** `npm run fuzz` sets RUNG_FUZZ=long (vitest.fuzz.config.mts). */
export const longFuzz = process.env.RUNG_FUZZ === 'long';

/** A fuzz test's time limit: five minutes in npm test, half an hour in the long run. */
export const longTimeout = longFuzz ? 1_800_000 : 300_000;

/** Cases per property: `short` in npm test, `long` in npm run fuzz, or RUNG_FUZZ_RUNS. */
export function fuzzRuns(short: number, long: number): number {
  const forced = Number(process.env.RUNG_FUZZ_RUNS);
  if (Number.isInteger(forced) && forced > 0) return forced;
  return longFuzz ? long : short;
}

/** A fixed seed in npm test (the same cases every run); a fresh one, printed, in the long run; or RUNG_FUZZ_SEED. */
export function fuzzSeed(name: string): number {
  const forced = Number(process.env.RUNG_FUZZ_SEED);
  if (Number.isInteger(forced)) return forced;
  if (!longFuzz) return 17;
  const seed = Math.floor(Math.random() * 2 ** 31);
  console.log(`fuzz ${name}: seed ${seed} (repeat with RUNG_FUZZ_SEED=${seed})`);
  return seed;
}

/** A digest of every row of every table (schema included), in a fixed order: equal digests, byte-identical tables. */
export function tablesDigest(db: Database.Database): string {
  const hash = createHash('sha256');
  const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string; sql: string }[];
  for (const { name, sql } of tables) {
    hash.update(`${sql}\n`);
    const rows = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).raw().all() as unknown[][];
    const lines = rows.map((row) => JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? `blob:${v.toString('hex')}` : typeof v === 'bigint' ? `${v}n` : v))));
    lines.sort();
    for (const line of lines) hash.update(`${line}\n`);
  }
  return hash.digest('hex');
}

/** How long one fuzzed file may take to import or be refused: far more than any takes, so that only a hang trips it. */
export const IMPORT_TIME_BOUND_MS = 60_000;

/**
 * Runs one fuzzed import of the file at `path` and checks the importers' contract (#17): it is imported, or refused
 * with BAD_INPUT naming the file first (`file: …`, or `file:LINE: …` / `file:row N: …` where a record is at fault) and
 * every table left byte-identical; nothing else escapes (no RangeError, no TypeError), it settles within
 * IMPORT_TIME_BOUND_MS, and the database passes its integrity check. Returns the refusal, or null when imported.
 */
export async function importedOrRefused(db: Database.Database, path: string, run: () => Promise<unknown>): Promise<RungError | null> {
  const before = tablesDigest(db);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${path}: neither imported nor refused after ${IMPORT_TIME_BOUND_MS} ms`)), IMPORT_TIME_BOUND_MS);
  });
  let refusal: RungError | null = null;
  try {
    await Promise.race([run(), late]);
  } catch (error) {
    expect(error).toBeInstanceOf(RungError);
    refusal = error as RungError;
    expect(refusal.code).toBe('BAD_INPUT');
    expect(refusal.message.startsWith(path)).toBe(true);
    expect(refusal.message.slice(path.length)).toMatch(/^(:\d+|:row \d+)?: \S/);
    expect(tablesDigest(db)).toBe(before);
  } finally {
    clearTimeout(timer);
  }
  expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  return refusal;
}
