// A child process for the durability test: submits judgments one after another and prints each id
// only after submitJudgment has returned (the acknowledgement). The parent kills it with SIGKILL.
import { submitJudgment } from '../../electron/core/db/judgment-writes';
import { openStore } from '../../electron/core/store';

const [dbPath, comparisonId, evaluatorId] = process.argv.slice(2);
const store = openStore(dbPath);
for (;;) {
  const { id } = submitJudgment(store.db, { comparisonId, evaluatorId, choice: 'A', leftSide: 'B', durationMs: 1200 });
  process.stdout.write(`${id}\n`);
}
