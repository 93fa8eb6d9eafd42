// Migration 0028: comparisons by prompt, so a full run of the checks can read the store a page of whole prompts at a
// time (db/check-pages.ts) instead of holding every verdict at once, and the verdicts on a dataset's prompts are found
// without a pass over every comparison.
export const sql = `
CREATE INDEX comparisons_prompt ON comparisons(prompt_id);
`;
