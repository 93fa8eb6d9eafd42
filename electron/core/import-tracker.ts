// Imports running now, by the progressId their caller chose: what getImportProgress reports. A listener hears every
// change (the worker that runs an import tells the serving thread, which pushes it on to the page).
import { RungError } from '../api/errors';
import type { ImportProgress } from './datasets/import';

export interface ImportTracker {
  /** Registers an import (refusing an id already running); returns what records its progress. */
  begin(progressId: string, totalBytes: number): (progress: ImportProgress) => void;
  end(progressId: string): void;
  get(progressId: string): ImportProgress | null;
}

export function createImportTracker(onChange: (progressId: string, progress: ImportProgress | null) => void = () => {}): ImportTracker {
  const running = new Map<string, ImportProgress>();
  const set = (progressId: string, progress: ImportProgress) => {
    running.set(progressId, progress);
    onChange(progressId, progress);
  };
  return {
    begin(progressId, totalBytes) {
      if (running.has(progressId)) throw new RungError('CONFLICT', `an import with progress id ${progressId} is already running`);
      set(progressId, { phase: 'reading', records: 0, bytes: 0, totalBytes });
      return (progress) => set(progressId, progress);
    },
    end(progressId) {
      if (running.delete(progressId)) onChange(progressId, null);
    },
    get: (progressId) => running.get(progressId) ?? null,
  };
}
