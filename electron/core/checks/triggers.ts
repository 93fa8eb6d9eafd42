// The checks that run by themselves: after a finished training and after an import. They never fail the
// training or the import that triggered them; a failure goes to the audit log and into the import's warnings.
import { appendAudit } from '../db/audit';
import type { Store } from '../store';
import type { CheckScope } from './context';
import { importScope, runChecks, runModelChecks, type CheckReport } from './run';

const message = (error: unknown) => (error as Error)?.message ?? String(error);

/** Runs the checks (after an import: every check, on its comparisons, `scope`; after a training: the model checks on
 *  the models it trained, `{ modelIds }`; without either: every check on everything); never throws. */
export async function runChecksAfter(
  store: Store,
  trigger: 'training' | 'import',
  actor: string,
  scope?: CheckScope | { modelIds: readonly string[] },
): Promise<CheckReport | { error: string }> {
  try {
    return await (scope && 'modelIds' in scope ? runModelChecks(store, actor, scope.modelIds) : runChecks(store, actor, scope));
  } catch (error) {
    try {
      appendAudit(store.db, { actor, action: 'check-failed', entity: 'check', entityId: null, details: { trigger, error: message(error) } });
    } catch {
      // the store itself is unusable (e.g. closed); the error is still returned
    }
    return { error: message(error) };
  }
}

/** What the checks after an import could not do, as the import summary's warnings. */
export function checkWarnings(report: CheckReport | { error: string }): string[] {
  if ('error' in report) return [`the consistency checks did not run after the import: ${report.error}`];
  return report.failed.map((f) => `the ${f.kind} check failed after the import: ${f.error}`);
}

/** Runs the checks on what an import that added something wrote (its dataset's comparisons), adding any failure to its warnings. */
export async function checkAfterImport<T extends { alreadyImported: boolean; datasetId: string; warnings: string[] }>(store: Store, summary: T, actor: string): Promise<T> {
  if (summary.alreadyImported) return summary;
  const report = await runChecksAfter(store, 'import', actor, importScope(store, summary.datasetId));
  return { ...summary, warnings: [...summary.warnings, ...checkWarnings(report)] };
}
