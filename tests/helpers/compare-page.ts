// Test helper: waits on the Compare page for the comparison after a verdict — a shown one, never the empty moment
// between two (under load the prefetched queue can run dry for a frame, and an empty id differs from every id).
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/** Resolves with the id of the comparison shown once `root` (the `compare` test id) shows one other than `previous`. */
export async function nextComparisonId(root: Locator, previous: string | null, timeout = 20_000): Promise<string> {
  let shown = '';
  await expect
    .poll(
      async () => {
        shown = (await root.getAttribute('data-comparison-id')) ?? '';
        return shown !== '' && shown !== previous;
      },
      { timeout },
    )
    .toBe(true);
  return shown;
}
