// Migration 0005: drops responses_prompt. No query looks responses up by prompt (they are read by id) and
// nothing deletes prompts, so the index only cost writes: a random insert per response, ~40% of copying them.
export const sql = `
DROP INDEX responses_prompt;
`;
