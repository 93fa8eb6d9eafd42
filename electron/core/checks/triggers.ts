// The checks that run by themselves: after a finished training and after an import. They never fail the
// training or the import that triggered them; a failure goes to the audit log and into the import's warnings.
import { appendAudit } from '../db/audit';
import type { Store } from '../store';
import { runChecks, type CheckReport } from './run';

const message = (error: unknown) => (error as Error)?.message ?? String(error);

/** Runs every check; never throws. */
export async function runChecksAfter(store: Store, trigger: 'training' | 'import', actor: string): Promise<CheckReport | { error: string }> {
  try {
    return await runChecks(store, actor);
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

/** Runs the checks after an import that added something, adding any failure to its warnings. */
export async function checkAfterImport<T extends { alreadyImported: boolean; warnings: string[] }>(store: Store, summary: T, actor: string): Promise<T> {
  if (summary.alreadyImported) return summary;
  const report = await runChecksAfter(store, 'import', actor);
  return { ...summary, warnings: [...summary.warnings, ...checkWarnings(report)] };
}
