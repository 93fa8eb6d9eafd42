// Prepared statements kept per connection: db.prepare(sql) hands back the statement compiled the last time the same
// SQL text was prepared, so a hot call (next + submit runs some twenty statements) does not compile SQL every time.
// A statement comes back in its default modes (no pluck, raw or expand), and one still iterating is never shared.
import type Database from 'better-sqlite3';

/** Statements kept per connection; the least recently used goes first beyond this. */
const CAPACITY = 512;

/** Makes `db.prepare` reuse compiled statements (once per connection). */
export function cacheStatements(db: Database.Database): void {
  const compile = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    const statement = kept.get(sql);
    if (statement && !statement.busy) {
      kept.delete(sql); // most recently used last
      kept.set(sql, statement);
      if (statement.reader) statement.pluck(false).raw(false).expand(false);
      return statement;
    }
    const fresh = compile(sql);
    if (!statement) {
      kept.set(sql, fresh);
      if (kept.size > CAPACITY) kept.delete(kept.keys().next().value!);
    }
    return fresh;
  }) as Database.Database['prepare'];
}
