// releaseFreedMemory: memory a connection freed below live allocations stays resident under glibc until the engine
// gives it back, which it does; elsewhere it says it could not ask. Without the engine, or with one built before it
// had this, it answers false rather than throw (it runs after a call was answered).
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { releaseFreedMemory } from '../../electron/core/engine';

const MiB = 2 ** 20;
const glibc = !!(process.report?.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
const residentBytes = () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

/** An in-memory database of about `mib` MiB of pages, all in the allocator's heap (16 KiB pages, below mmap's threshold). */
function filled(mib: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('page_size = 16384');
  db.pragma(`cache_size = -${4 * mib * 1024}`);
  db.exec('CREATE TABLE t (x TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  const row = 'r'.repeat(1000);
  db.transaction(() => {
    for (let i = 0; i < mib * 1024; i++) insert.run(row);
  })();
  return db;
}

describe('releaseFreedMemory', () => {
  it.runIf(glibc)('gives back what a closed connection freed under a live one (glibc)', () => {
    const freed = filled(96);
    const live = filled(4); // allocated above the first, so the freed pages are not the heap's top, which free() trims itself
    freed.close();
    const before = residentBytes();
    expect(releaseFreedMemory()).toBe(true);
    const after = residentBytes();
    expect(live.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 4 * 1024 });
    live.close();
    expect((before - after) / MiB).toBeGreaterThan(48);
  });

  it.runIf(!glibc)('says it could not ask where the allocator is not glibc', () => {
    expect(releaseFreedMemory()).toBe(false);
  });

  describe('without it', () => {
    afterEach(() => {
      vi.doUnmock('../../electron/core/engine/addon');
      vi.resetModules();
    });
    type Addon = typeof import('../../electron/core/engine/addon');
    /** releaseFreedMemory over the engine `engineOf` makes from the real addon module (its error classes). */
    const withEngine = async (engineOf: (addon: Addon) => () => unknown) => {
      vi.resetModules();
      vi.doMock('../../electron/core/engine/addon', async (importOriginal) => {
        const addon = await importOriginal<Addon>();
        return { ...addon, engine: engineOf(addon) };
      });
      return (await import('../../electron/core/engine')).releaseFreedMemory;
    };

    it('answers false with an engine built before it had it', async () => {
      expect((await withEngine(() => () => ({})))()).toBe(false);
    });

    it('answers false where the engine is not built, and lets any other failure through', async () => {
      const unbuilt = await withEngine((addon) => () => {
        throw new addon.EngineUnavailableError('the native engine is not built');
      });
      expect(unbuilt()).toBe(false);
      const broken = await withEngine(() => () => {
        throw new Error('something else');
      });
      expect(() => broken()).toThrow('something else');
    });
  });
});
