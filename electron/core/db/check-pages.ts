// A full run of the checks reads the store a page at a time: the comparisons of whole prompts, about `size` of them,
// in prompt order (keyset on comparisons_prompt: each page is found without reading those before it).
import type Database from 'better-sqlite3';

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
