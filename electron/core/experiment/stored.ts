// The experiments the app keeps beside its database (`<database>-experiments/<id>/`): where a new one goes, the
// list of finished ones (newest first; a folder whose results.json cannot be read is listed apart, with why), and
// one report with its page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { ExperimentSummary } from '../../api/experiments';
import type { Store } from '../store';

type Summary = Result<'listExperiments'>['experiments'][number];

/** The folder of the app's experiments; a database in memory has none. */
export function experimentsFolder(store: Store): string {
  if (store.path === ':memory:') throw new RungError('CONFLICT', 'experiments are kept beside the database file, and this database is in memory');
  return `${store.path}-experiments`;
}

/** A new experiment's id: when it started (to the second, UTC) and its preset — sortable, readable, a folder name. */
export const experimentId = (startedAt: string, preset: string) => `${startedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}-${preset}`;

const VALID_ID = /^[0-9TZ]+-[a-z]+(-\d+)?$/;

function readSummary(folder: string, id: string): Summary {
  const text = readFileSync(join(folder, id, 'results.json'), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('results.json is not valid JSON');
  }
  const parsed = ExperimentSummary.safeParse({ ...(json as object), id });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`results.json: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function listExperiments(store: Store): Result<'listExperiments'> {
  const folder = experimentsFolder(store);
  if (!existsSync(folder)) return { experiments: [], unreadable: [] };
  const experiments: Summary[] = [];
  const unreadable: { id: string; reason: string }[] = [];
  const ids = readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory() && VALID_ID.test(e.name) && existsSync(join(folder, e.name, 'results.json')));
  for (const { name } of ids) {
    try {
      experiments.push(readSummary(folder, name));
    } catch (error) {
      unreadable.push({ id: name, reason: (error as Error).message });
    }
  }
  experiments.sort((a, b) => b.id.localeCompare(a.id));
  return { experiments, unreadable };
}

export function getExperiment(store: Store, id: string): Result<'getExperiment'> {
  const folder = experimentsFolder(store);
  if (!VALID_ID.test(id) || !existsSync(join(folder, id, 'results.json'))) throw new RungError('NOT_FOUND', `no experiment with id ${id}`);
  let summary: Summary;
  try {
    summary = readSummary(folder, id);
  } catch (error) {
    throw new RungError('BAD_INPUT', `${join(folder, id, 'results.json')}: ${(error as Error).message}`);
  }
  const report = join(folder, id, 'report.html');
  if (!existsSync(report)) throw new RungError('BAD_INPUT', `${report}: missing (the experiment's folder is incomplete)`);
  return { summary, reportHtml: readFileSync(report, 'utf8') };
}
