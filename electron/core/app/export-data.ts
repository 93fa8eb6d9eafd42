// Exporting judgments (TRL JSONL with provenance, or CSV): as one string for a page to download, or streamed line by
// line into a file or standard output, so that a large export never sits in memory whole.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { RungError } from '../../api/errors';
import { exportLines } from '../datasets/export';
import type { Store } from '../store';
import { requireDataset } from './lookups';

type ExportFormat = 'trl-jsonl' | 'judgments-csv';

/** Exported rows: the lines written, less the CSV header. */
const rowsOf = (format: ExportFormat, lines: number) => (format === 'judgments-csv' ? lines - 1 : lines);

export function exportContent(store: Store, format: ExportFormat, datasetId?: string): { fileName: string; mimeType: string; rows: number; content: string } {
  if (datasetId) requireDataset(store, datasetId);
  let content = '';
  let lines = 0;
  for (const line of exportLines(store, format, datasetId)) {
    content += line;
    lines++;
  }
  const csv = format === 'judgments-csv';
  return {
    fileName: csv ? 'rung-judgments.csv' : 'rung-preferences.jsonl',
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
export async function exportToFile(store: Store, format: ExportFormat, datasetId: string | undefined, path: string | undefined): Promise<{ rows: number }> {
  if (datasetId) requireDataset(store, datasetId);
  const target = await openTarget(path);
  let lines = 0;
  for (const line of exportLines(store, format, datasetId)) {
    lines++;
    if (!target.write(line)) await once(target, 'drain');
  }
  if (target !== process.stdout) {
    target.end();
    await once(target, 'finish');
  }
  return { rows: rowsOf(format, lines) };
}
