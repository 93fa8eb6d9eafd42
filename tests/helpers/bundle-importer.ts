// A child process for the bundle durability test: imports a bundle file into a database, printing "start" just before
// the import's transaction begins and "done" after it committed. The parent kills it with SIGKILL in between.
import { readFileSync } from 'node:fs';
import { importBundle } from '../../electron/core/bundles/import';
import { openStore } from '../../electron/core/store';

const [dbPath, bundlePath] = process.argv.slice(2);
const store = openStore(dbPath);
const bytes = readFileSync(bundlePath);
process.stdout.write('start\n');
importBundle(store.db, bytes, bundlePath, { trust: true, actor: 'test' });
process.stdout.write('done\n');
store.close();
