// The store's connection keeps compiled statements: the same SQL gives the same statement back, in its default
// modes whatever the last caller set, and a statement still iterating is never handed out twice.
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { cacheStatements } from '../../electron/core/db/statement-cache';

let db: Database.Database;
afterEach(() => db.close());

function connection() {
  db = new Database(':memory:');
  db.exec(`CREATE TABLE t (x INTEGER, y TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');`);
  cacheStatements(db);
  return db;
}

it('hands back the compiled statement for the same SQL, in its default modes', () => {
  connection();
  const sql = 'SELECT x, y FROM t ORDER BY x';
  const plucked = db.prepare(sql).pluck();
  expect(plucked.all()).toEqual([1, 2, 3]);
  const again = db.prepare(sql);
  expect(again).toBe(plucked);
  expect(again.all()).toEqual([
    { x: 1, y: 'a' },
    { x: 2, y: 'b' },
    { x: 3, y: 'c' },
  ]);
  db.prepare(sql).raw();
  expect(db.prepare(sql).get()).toEqual({ x: 1, y: 'a' });
  expect(db.prepare('SELECT x FROM t ORDER BY x')).not.toBe(plucked);
  // a statement that writes is kept too
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
  expect(db.prepare('INSERT INTO t VALUES (?, ?)')).toBe(insert);
});

it('a statement still iterating is not shared: a nested use of the same SQL gets its own', () => {
  connection();
  const sql = 'SELECT x FROM t WHERE x >= ? ORDER BY x';
  const seen: number[][] = [];
  for (const row of db.prepare(sql).iterate(2) as IterableIterator<{ x: number }>) {
    seen.push((db.prepare(sql).all(row.x) as { x: number }[]).map((r) => r.x));
  }
  expect(seen).toEqual([[2, 3], [3]]);
});

it('keeps at most 512 statements, the least recently used going first', () => {
  connection();
  const first = db.prepare('SELECT 0');
  for (let i = 1; i <= 512; i++) db.prepare(`SELECT ${i}`);
  expect(db.prepare('SELECT 512')).toBe(db.prepare('SELECT 512'));
  expect(db.prepare('SELECT 0')).not.toBe(first); // pushed out by the 512 after it
});
