// Migration 0010: comparisons whose metadata SQLite cannot read as JSON (malformed, or nested over its 1,000 levels,
// as imports before #17.1 let in) made every metadata rule and every listRuns fail. Their metadata is set to NULL,
// and each repair is named in the audit log (the comparison, the field, why, and how many characters were dropped).
export const sql = `
INSERT INTO audit_log (at, actor, action, entity, entity_id, details)
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration 0010', 'repair', 'comparison', id,
         json_object('field', 'metadata', 'problem', 'not readable as JSON (malformed, or nested over 1,000 levels)',
                     'droppedCharacters', length(metadata))
  FROM comparisons WHERE metadata IS NOT NULL AND NOT json_valid(metadata) ORDER BY rowid;
UPDATE comparisons SET metadata = NULL WHERE metadata IS NOT NULL AND NOT json_valid(metadata);
`;
