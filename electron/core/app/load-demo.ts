// Loading the built-in demo dataset, then running the checks on what it added (loading it again adds nothing).
import { checkAfterImport } from '../checks/triggers';
import type { ImportSummary } from '../datasets/import';
import { loadDemo } from '../demo';
import type { Store } from '../store';

/** actor: who loads it, for the audit log (the demo's default when absent; the checks then run as "app"). */
export async function loadDemoAndCheck(store: Store, actor?: string): Promise<ImportSummary> {
  return checkAfterImport(store, await loadDemo(store, actor), actor ?? 'app');
}
