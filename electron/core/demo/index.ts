// The built-in demo dataset: generated here (no downloaded text) and loaded through the normal importer,
// so loading it twice adds nothing and its ground truth lands in comparisons.ground_truth.
import type { Store } from '../store';
import { importDataset, type ImportSummary } from '../datasets/import';
import { generateDemo } from './generate';

export const demoFileName = 'rung-demo.jsonl';
export const demoDatasetName = 'rung-demo';

export function demoJsonl(): string {
  return generateDemo().map((record) => JSON.stringify(record)).join('\n') + '\n';
}

export function loadDemo(store: Store, actor = 'local user'): Promise<ImportSummary> {
  return importDataset(store, { fileName: demoFileName, bytes: Buffer.from(demoJsonl()) }, { format: 'rung', actor });
}
