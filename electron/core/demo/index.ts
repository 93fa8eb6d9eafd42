// The built-in demo dataset: generated here (no downloaded text) and loaded through the normal importer,
// so loading it twice adds nothing and its ground truth lands in comparisons.ground_truth.
import { DEMO_DATASET_NAME } from '../../api/names';
import type { Store } from '../store';
import { importDataset, type ImportSummary } from '../datasets/import';
import { generateDemo } from './generate';

/** The dataset takes its name from the file: DEMO_DATASET_NAME. */
export const demoFileName = `${DEMO_DATASET_NAME}.jsonl`;

export function demoJsonl(): string {
  return generateDemo().map((record) => JSON.stringify(record)).join('\n') + '\n';
}

export function loadDemo(store: Store, actor = 'local user'): Promise<ImportSummary> {
  return importDataset(store, { fileName: demoFileName, bytes: Buffer.from(demoJsonl()) }, { format: 'rung', actor });
}
