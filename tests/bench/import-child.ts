// Child process for the import benchmark: imports one file into a fresh database and prints its time and
// the process's peak resident memory (maxRSS), so each measurement starts from a clean heap.
import { join } from 'node:path';
import { importDataset } from '../../electron/core/datasets/import';
import { openStore } from '../../electron/core/store';

const [file, dir] = process.argv.slice(2);
const store = openStore(join(dir, 'bench.db'));
const baselineRssKb = process.resourceUsage().maxRSS;
const start = performance.now();
importDataset(store, { path: file }).then((summary) => {
  const seconds = (performance.now() - start) / 1000;
  store.close();
  process.stdout.write(JSON.stringify({ seconds, comparisons: summary.comparisonsAdded, baselineRssKb, peakRssKb: process.resourceUsage().maxRSS }) + '\n');
});
