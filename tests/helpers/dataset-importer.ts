// A child process for the import durability test: imports a dataset file into a database, printing "writing" once the
// copy into the store has begun and "done" after its last commit. The parent kills it with SIGKILL in between.
import { importDataset } from '../../electron/core/datasets/import';
import { openStore } from '../../electron/core/store';

async function main(): Promise<void> {
  const [dbPath, filePath] = process.argv.slice(2);
  const store = openStore(dbPath);
  let writing = false;
  await importDataset(store, { path: filePath }, {
    onProgress: (progress) => {
      if (progress.phase === 'writing' && !writing) {
        writing = true;
        process.stdout.write('writing\n');
      }
    },
  });
  process.stdout.write('done\n');
  store.close();
}

void main();
