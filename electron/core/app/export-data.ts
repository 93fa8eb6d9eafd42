// Exporting judgments (TRL JSONL with provenance, or CSV): as one string for a page to download, or streamed line by
// line into a file or standard output, so that a large export never sits in memory whole. With a criterion of a run's
// rubric, its verdicts are the preference labels (datasets/export.ts).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { RungError } from '../../api/errors';
import { exportLines, type ExportCriterion } from '../datasets/export';
import { chosenCriterion } from '../ladder/criterion';
import type { Store } from '../store';
import { requireDataset } from './lookups';

type ExportFormat = 'trl-jsonl' | 'judgments-csv';

/** What an export covers besides its format: one dataset, and the criterion of a run's rubric that labels it. */
export interface ExportScope {
  datasetId?: string;
  runId?: string;
  criterion?: string;
}

/** The scope checked: the dataset exists, the criterion belongs to the run's rubric. */
function checkedScope(store: Store, scope: ExportScope): { datasetId?: string; criterion?: ExportCriterion } {
  if (scope.datasetId) requireDataset(store, scope.datasetId);
  const chosen = chosenCriterion(store.db, scope.runId, scope.criterion);
  return { datasetId: scope.datasetId, criterion: chosen ? { runId: chosen.runId, key: chosen.key } : undefined };
}

/** Exported rows: the lines written, less the CSV header. */
const rowsOf = (format: ExportFormat, lines: number) => (format === 'judgments-csv' ? lines - 1 : lines);

export function exportContent(store: Store, format: ExportFormat, scope: ExportScope = {}): { fileName: string; mimeType: string; rows: number; content: string } {
  const { datasetId, criterion } = checkedScope(store, scope);
  let content = '';
  let lines = 0;
  for (const line of exportLines(store, format, datasetId, criterion)) {
    content += line;
    lines++;
  }
  const csv = format === 'judgments-csv';
  const on = criterion ? `-${criterion.key}` : '';
  return {
    fileName: csv ? `rung-judgments${on}.csv` : `rung-preferences${on}.jsonl`,
    mimeType: csv ? 'text/csv' : 'application/x-ndjson',
    rows: rowsOf(format, lines),
    content,
  };
}

async function openTarget(path: string | undefined): Promise<Writable> {
  if (path === undefined) return process.stdout;
  const file = createWriteStream(path);
  try {
    await once(file, 'open');
  } catch (error) {
    throw new RungError('BAD_INPUT', `cannot write ${path}: ${(error as Error).message}`);
  }
  return file;
}

/** Writes the export to the file at path (absent: standard output), waiting for the target to drain as it goes. */
export async function exportToFile(store: Store, format: ExportFormat, scope: ExportScope, path: string | undefined): Promise<{ rows: number }> {
  const { datasetId, criterion } = checkedScope(store, scope);
  const target = await openTarget(path);
  let lines = 0;
  for (const line of exportLines(store, format, datasetId, criterion)) {
    lines++;
    if (!target.write(line)) await once(target, 'drain');
  }
  if (target !== process.stdout) {
    target.end();
    await once(target, 'finish');
  }
  return { rows: rowsOf(format, lines) };
}
