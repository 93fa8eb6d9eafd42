// `npm run fuzz:native` (#17): builds the engine addon with AddressSanitizer and UBSan into native/build-asan (the
// first time; later runs bring it up to date) and fuzzes its exports from Node with tests/native/fuzz-addon-child.ts:
// 20,000 calls from a fresh seed (printed), or `npm run fuzz:native -- CALLS SEED` to repeat a run.
import { join } from 'node:path';
import { buildSanitizedAddon, runAddonFuzz } from '../helpers/addon-asan';
import { projectRoot } from '../helpers/cli';

const [calls = '20000', seed = String(Math.floor(Math.random() * 2 ** 31))] = process.argv.slice(2);
console.log('building the sanitized addon in native/build-asan');
const addon = buildSanitizedAddon(join(projectRoot, 'native', 'build-asan'));
const result = runAddonFuzz(addon, Number(calls), Number(seed), true);
if (result.error) console.error(result.error.message);
process.exit(result.status ?? 1);
