// The messages between the serving thread (the host) and the domain's worker threads: calls, their results, and
// events the workers push (import and training progress). Plain structured-clone data only.
import type { ApiResult, MethodName } from '../../api';
import type { Transport } from '../../api/caller';
import type { PushEvent } from '../../api/events';
import type { ImportProgress } from '../datasets/import';
import type { ReportSpec } from '../app/report-key';

export interface CallMessage {
  type: 'call';
  id: number;
  method: MethodName | string;
  params: unknown;
  /** Which transport the call came through: decides what it may do with local files. */
  transport: Transport;
}

export interface CloseMessage {
  type: 'close';
}

export type ToWorker = CallMessage | CloseMessage;

export interface ResultMessage {
  type: 'result';
  id: number;
  result: ApiResult<unknown>;
  /** A long-call thread's V8 heap (total) after the call: the host renews a thread that has grown large. */
  heapBytes?: number;
}

/** An import's progress, under the progressId its caller chose; null once it has finished. */
export interface ImportProgressEvent {
  type: 'import-progress';
  progressId: string;
  progress: ImportProgress | null;
}

/** Something to push to the page (a training job's state) as it happens. */
export interface PushMessage {
  type: 'push';
  event: PushEvent;
}

/** A stored report is stale or missing: the host recomputes it on a job thread (recomputeReport with ifStale). */
export interface RecomputeReportMessage {
  type: 'recompute-report';
  report: ReportSpec;
}

/** The worker opened its database and serves calls; or it could not, and says why. */
export interface ReadyMessage {
  type: 'ready';
  dbPath: string;
}

export interface StartFailedMessage {
  type: 'start-failed';
  message: string;
}

export type FromWorker = ResultMessage | ImportProgressEvent | PushMessage | RecomputeReportMessage | ReadyMessage | StartFailedMessage;

/** What a worker needs to open its own connection and build the handlers. */
export interface WorkerConfig {
  dbPath: string;
  /** better-sqlite3 binding for this runtime's ABI (Electron passes its own build). */
  nativeBinding?: string;
  mode: 'desktop' | 'browser';
  version: string;
  /** 'interactive' answers the pages; 'job' runs the long calls on a connection of its own. */
  role: 'interactive' | 'job';
  /** The stored reports' thread: it recomputes reports nobody waits on, so it runs at a lower OS priority
   *  (background-priority.ts). Threads that write in long transactions (imports, checks) keep theirs: starved of the
   *  CPU while holding or waiting for the write lock, they would hold up, or lose to, the other writers. */
  background?: boolean;
  /** How long a write waits for another writer before the call fails with BUSY. */
  busyDeadlineMs: number;
}
