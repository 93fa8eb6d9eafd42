// What the Compare page remembers in this browser (localStorage): the chosen evaluator, the queue filters and
// whether the panes scroll together, so a reload or restart comes back to the same person, queue and view; per
// evaluator, whether their Guidelines panel is open.

export interface QueueFilters {
  /** A run: `layer` is then the run's layer index. */
  runId?: string;
  datasetId?: string;
  layer?: number;
}

const EVALUATOR_KEY = 'rung.evaluatorId';
const FILTERS_KEY = 'rung.compare.filters';
const SYNC_SCROLL_KEY = 'rung.compare.syncScroll';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage disabled: remembered for this page only.
  }
}

export const loadEvaluatorId = (): string | null => read(EVALUATOR_KEY);
export const saveEvaluatorId = (id: string | null): void => write(EVALUATOR_KEY, id);

export function loadFilters(): QueueFilters {
  try {
    const parsed = JSON.parse(read(FILTERS_KEY) ?? '{}') as QueueFilters;
    return {
      ...(typeof parsed.runId === 'string' ? { runId: parsed.runId } : {}),
      ...(typeof parsed.datasetId === 'string' ? { datasetId: parsed.datasetId } : {}),
      ...(Number.isInteger(parsed.layer) ? { layer: parsed.layer } : {}),
    };
  } catch {
    return {};
  }
}

export const saveFilters = (filters: QueueFilters): void => write(FILTERS_KEY, JSON.stringify(filters));

export const loadSyncScroll = (): boolean => read(SYNC_SCROLL_KEY) === 'on';
export const saveSyncScroll = (on: boolean): void => write(SYNC_SCROLL_KEY, on ? 'on' : null);

const guidelinesKey = (evaluatorId: string) => `rung.compare.guidelines.${evaluatorId}`;
/** Whether the evaluator keeps the Compare page's Guidelines panel open (open until they close it). */
export const loadGuidelinesOpen = (evaluatorId: string): boolean => read(guidelinesKey(evaluatorId)) !== 'closed';
export const saveGuidelinesOpen = (evaluatorId: string, open: boolean): void => write(guidelinesKey(evaluatorId), open ? null : 'closed');
