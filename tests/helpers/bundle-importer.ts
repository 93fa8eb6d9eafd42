// A child process for the bundle durability test: imports a bundle file into a database, printing "start" just before
// the import (verification, decompression, then its transaction) begins and "done" after it committed. The parent kills
// it with SIGKILL in between.
import { importBundle } from '../../electron/core/bundles/import';
import { openStore } from '../../electron/core/store';

const [dbPath, bundlePath] = process.argv.slice(2);
const store = openStore(dbPath);
process.stdout.write('start\n');
void importBundle(store.db, bundlePath, bundlePath, { trust: true, actor: 'test' }).then(() => {
  process.stdout.write('done\n');
  store.close();
});
