// Migration 0022: a reward model's notes, written by the researcher beside its name (both editable, each edit
// audited), so that two models trained alike can be told apart.
export const sql = `
ALTER TABLE models ADD COLUMN notes TEXT NOT NULL DEFAULT '';
`;
