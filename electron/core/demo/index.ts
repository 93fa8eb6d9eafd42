// The built-in demo dataset: generated here (no downloaded text) and loaded through the normal importer,
// so loading it twice adds nothing and its ground truth lands in comparisons.ground_truth.
import { DEMO_DATASET_NAME } from '../../api/names';
import type { Store } from '../store';
import { importDataset, type ImportSummary } from '../datasets/import';
import { DEMO_SEED, generateDemo } from './generate';

/** The dataset takes its name from the file: DEMO_DATASET_NAME (a scaled demo's name says its scale). */
export const demoFileName = `${DEMO_DATASET_NAME}.jsonl`;
const scaledFileName = (scale: number) => (scale === 1 ? demoFileName : `${DEMO_DATASET_NAME}-x${scale}.jsonl`);

export function demoJsonl(scale = 1): string {
  return generateDemo(DEMO_SEED, scale).map((record) => JSON.stringify(record)).join('\n') + '\n';
}

/** Loads the demo; `scale` multiplies its comparisons per layer (simulations use a larger demo). */
export function loadDemo(store: Store, actor = 'local user', scale = 1): Promise<ImportSummary> {
  return importDataset(store, { fileName: scaledFileName(scale), bytes: Buffer.from(demoJsonl(scale)) }, { format: 'rung', actor });
}
