// A child process for the durability test: while another connection holds the store's write lock throughout, it
// submits a verdict on each comparison through the verdict intake (so each is acknowledged from the verdict journal)
// and prints each id only after submit has returned. The parent kills it with SIGKILL.
import Database from 'better-sqlite3';
import { createVerdictIntake } from '../../electron/core/app/verdict-intake';
import { openStore } from '../../electron/core/store';

const [dbPath, evaluatorId] = process.argv.slice(2);
const store = openStore(dbPath);
const comparisons = store.db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
const otherWriter = new Database(dbPath);
otherWriter.exec('BEGIN IMMEDIATE');
const intake = createVerdictIntake(store);
for (const comparisonId of comparisons) {
  const { id } = intake.submit({ comparisonId, evaluatorId, choice: 'B', leftSide: 'A', durationMs: 900 });
  process.stdout.write(`${id}\n`);
}
setInterval(() => otherWriter.inTransaction, 1_000); // until killed, the lock held (and the connection kept from the GC)
