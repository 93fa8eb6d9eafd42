// The layering of core/db, checked on the source: no file under electron/ outside electron/core/db prepares or runs
// SQL on a connection, opens one, or holds SQL text; only the import inserts and only a dataset deletion deletes
// prompts, responses and comparisons; and core/db imports nothing from ladder/, metrics/ or checks/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const ELECTRON = join(ROOT, 'electron');
const DB = join(ELECTRON, 'core', 'db');

/**
 * Where SQL may still be issued outside core/db. electron/cli/ only: another change routes the CLI through the
 * contract's dispatch and removes its SQL; remove this entry with it.
 */
const ALLOWED = ['electron/cli/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) ? [path] : [];
  });
}

/** Comments removed (line and block), so a comment that mentions db.prepare( is not a finding. */
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** What in `source` issues SQL outside core/db, one line per finding. */
function sqlFindings(source: string): string[] {
  const code = withoutComments(source);
  const found: string[] = [];
  const rules: [RegExp, string][] = [
    [/\.(prepare|pragma|transaction)\s*\(/g, 'prepares SQL or drives a transaction on a connection'],
    // exec on a connection (db.exec, this.db.exec, store.db.exec) or on SQL text; RegExp#exec(text) is neither
    [/\b\w*(db|Db|database|Database|connection)\s*\.\s*exec\s*\(|\.exec\s*\(\s*[`'"]/g, 'runs SQL with exec'],
    [/^\s*import\s+(?!type\b)[^;]*\bfrom\s+['"]better-sqlite3['"]/gm, 'opens connections (imports better-sqlite3 as a value)'],
    [/[`'"][^`'"]*\b(SELECT\s[\s\S]*?\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|VIEW|INDEX))\b/g, 'holds SQL text'],
  ];
  for (const [pattern, what] of rules) {
    for (const match of code.matchAll(pattern)) {
      const line = code.slice(0, match.index).split('\n').length;
      found.push(`line ${line}: ${what}: ${match[0].trim().slice(0, 60)}`);
    }
  }
  return found;
}

/** The modules a source file imports or re-exports from (relative specifiers resolved from `file`). */
function importedPaths(file: string, source: string): string[] {
  const code = withoutComments(source);
  const specifiers = [...code.matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specifiers.map((s) => (s.startsWith('.') ? relative(ROOT, resolve(dirname(file), s)) : s));
}

const FORBIDDEN_FOR_DB = ['electron/core/ladder', 'electron/core/metrics', 'electron/core/checks'];

describe('the detectors', () => {
  it('find SQL issued on a connection, a connection opened, SQL text, and pass RegExp#exec and type imports', () => {
    expect(sqlFindings(`const n = store.db.prepare('SELECT count(*) FROM runs').get();`)).toHaveLength(2);
    expect(sqlFindings(`this.db.exec(SCHEMA);`)).toHaveLength(1);
    expect(sqlFindings(`db.transaction(() => undefined).immediate();`)).toHaveLength(1);
    expect(sqlFindings(`db.pragma('foreign_keys = OFF');`)).toHaveLength(1);
    expect(sqlFindings(`import Database from 'better-sqlite3';`)).toHaveLength(1);
    expect(sqlFindings('const WHERE = `EXISTS (SELECT 1 FROM judgments j WHERE j.id = c.id)`;')).toHaveLength(1);
    expect(sqlFindings(`const q = "INSERT OR IGNORE INTO flags VALUES (?)";`)).toHaveLength(1);
    expect(sqlFindings(`import type Database from 'better-sqlite3';\nconst m = FENCE.exec(line);\n// db.prepare('SELECT 1 FROM x')`)).toEqual([]);
    expect(sqlFindings(`const label = 'Select a run from the list';`)).toEqual([]);
  });

  it('resolve relative imports, re-exports and dynamic imports', () => {
    const file = join(DB, 'example.ts');
    const source = `import { a } from '../ladder/runs';\nimport type { B } from './audit';\nexport type { C } from '../checks/verdicts';\nconst m = await import('../metrics/agreement');\nimport x from 'zod';`;
    expect(importedPaths(file, source)).toEqual(['electron/core/ladder/runs', 'electron/core/db/audit', 'electron/core/checks/verdicts', 'electron/core/metrics/agreement', 'zod']);
  });
});

describe('core/db holds all the SQL', () => {
  it('no file under electron/ outside electron/core/db (and the allowed folders) issues SQL', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(ELECTRON)) {
      const path = relative(ROOT, file);
      if (path.startsWith('electron/core/db/') || ALLOWED.some((allowed) => path.startsWith(allowed))) continue;
      for (const finding of sqlFindings(readFileSync(file, 'utf8'))) offenders.push(`${path} ${finding}`);
    }
    expect(offenders).toEqual([]);
  });

  it('only the import writes prompts, responses and comparisons, so their kept row counts (migration 0017) stay true', () => {
    const writers = new Set<string>();
    for (const file of sourceFiles(ELECTRON)) {
      const code = withoutComments(readFileSync(file, 'utf8'));
      if (/\b(INSERT|REPLACE)\s+(OR\s+\w+\s+)?INTO\s+(main\.)?(prompts|responses|comparisons)\b/i.test(code)) writers.add(relative(ROOT, file));
    }
    expect([...writers]).toEqual(['electron/core/db/dataset-import.ts']);
  });

  it('only a dataset deletion deletes them, in the transaction that keeps every count on them (their row counts by migration 0017\'s triggers)', () => {
    const deleters = new Set<string>();
    for (const file of sourceFiles(ELECTRON)) {
      const code = withoutComments(readFileSync(file, 'utf8'));
      if (/\bDELETE\s+FROM\s+(main\.)?(prompts|responses|comparisons)\b/i.test(code)) deleters.add(relative(ROOT, file));
    }
    expect([...deleters]).toEqual(['electron/core/db/dataset-delete.ts']);
  });

  it('core/db imports nothing from ladder/, metrics/ or checks/', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(DB)) {
      for (const imported of importedPaths(file, readFileSync(file, 'utf8'))) {
        if (FORBIDDEN_FOR_DB.some((dir) => imported === dir || imported.startsWith(`${dir}/`))) offenders.push(`${relative(ROOT, file)} imports ${imported}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
