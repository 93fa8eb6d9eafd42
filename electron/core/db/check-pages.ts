// A full run of the checks reads the store a page at a time: the comparisons of whole prompts, about `size` of them,
// in prompt order (keyset on comparisons_prompt: each page is found without reading those before it). The checks after
// an import read the prompts of its dataset the same way, a page of whole prompts at a time.
import type Database from 'better-sqlite3';
import { inDatasetSql } from './membership';

export interface ComparisonPage {
  comparisonIds: string[];
  /** The page's last prompt: the next page starts after it; null on the last page. */
  lastPromptId: string | null;
}

/** The comparisons of the prompts after `afterPromptId` ('' for the first page): whole prompts, at least `size`
 *  comparisons unless the store ends first (a prompt is never split, so a page may hold more). */
export function comparisonPage(db: Database.Database, afterPromptId: string, size: number): ComparisonPage {
  const last = db.prepare('SELECT prompt_id FROM comparisons WHERE prompt_id > ? ORDER BY prompt_id LIMIT 1 OFFSET ?').pluck().get(afterPromptId, size - 1) as string | undefined;
  const comparisonIds = (
    last === undefined
      ? db.prepare('SELECT id FROM comparisons WHERE prompt_id > ? ORDER BY prompt_id, rowid').pluck().all(afterPromptId)
      : db.prepare('SELECT id FROM comparisons WHERE prompt_id > ? AND prompt_id <= ? ORDER BY prompt_id, rowid').pluck().all(afterPromptId, last)
  ) as string[];
  return { comparisonIds, lastPromptId: last ?? null };
}

/** The prompts of a dataset's comparisons, in prompt order, in pages of whole prompts holding at least `size`
 *  comparisons each (every comparison of those prompts, other datasets' included) unless the prompts end first. */
export function datasetPromptPages(db: Database.Database, datasetId: string, size: number): string[][] {
  const prompts = db
    .prepare(
      `SELECT c.prompt_id AS promptId, count(*) AS comparisons FROM comparisons c
       WHERE c.prompt_id IN (SELECT d.prompt_id FROM comparisons d WHERE ${inDatasetSql('d', '= ?')})
       GROUP BY c.prompt_id ORDER BY c.prompt_id`,
    )
    .all(datasetId, datasetId) as { promptId: string; comparisons: number }[];
  const pages: string[][] = [];
  let page: string[] = [], held = 0;
  for (const { promptId, comparisons } of prompts) {
    page.push(promptId);
    held += comparisons;
    if (held >= size) {
      pages.push(page);
      page = [];
      held = 0;
    }
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

/** The comparisons of these prompts, in prompt order. */
export function comparisonsOfPrompts(db: Database.Database, promptIds: readonly string[]): string[] {
  return db.prepare('SELECT id FROM comparisons WHERE prompt_id IN (SELECT value FROM json_each(?)) ORDER BY prompt_id, rowid').pluck().all(JSON.stringify(promptIds)) as string[];
}
