// The imports running now, by the progress id their caller chose: what getImportProgress reports while they run.
import { RungError } from '../../api/errors';
import type { ImportProgress } from '../datasets/import';

export class RunningImports {
  private readonly running = new Map<string, ImportProgress>();

  /** Registers an import under its progressId (refusing one already running); returns what records its progress. */
  track(progressId: string, totalBytes: number): (progress: ImportProgress) => void {
    if (this.running.has(progressId)) throw new RungError('CONFLICT', `an import with progress id ${progressId} is already running`);
    this.running.set(progressId, { phase: 'reading', records: 0, bytes: 0, totalBytes });
    return (progress) => void this.running.set(progressId, progress);
  }

  finish(progressId: string): void {
    this.running.delete(progressId);
  }

  progress(progressId: string): ImportProgress | null {
    return this.running.get(progressId) ?? null;
  }
}
