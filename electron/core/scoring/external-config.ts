// What an external model's models row says of itself (config.kind 'external'): the file its scores came from, by name
// and SHA-256, how many comparisons it scored and when it was imported; and the provenance line lists show.
export interface ExternalConfig {
  kind: 'external';
  /** The imported file: its name (no folders) and the SHA-256 of its bytes. */
  source: { file: string; sha256: string };
  /** Comparisons it has scores of: stored, how many its file scored; as read (db/models.ts), how many the store
   *  holds now (a dataset deletion takes those of its comparisons). */
  scores: number;
  importedAt: string;
}

export function isExternalConfig(config: Record<string, unknown>): config is Record<string, unknown> & ExternalConfig {
  return config.kind === 'external';
}

/** "external (lab-rm.jsonl, 1200 scores)": how the model list and the Ladder page name an external model's origin. */
export const externalProvenance = (config: ExternalConfig): string => `external (${config.source.file}, ${config.scores} score${config.scores === 1 ? '' : 's'})`;
