// Who makes a contract call: the transport it came over (which decides what it may do with local files) and, for
// a caller in the same process (the `rung` command), a listener for the progress of long operations.

export const transports = ['cli', 'ipc', 'http'] as const;
export type Transport = (typeof transports)[number];

/** What a long operation reports while it runs. */
export type ProgressEvent =
  | { kind: 'import'; phase: 'reading' | 'writing'; records: number; bytes: number; totalBytes: number }
  | { kind: 'training'; stage: string; epoch: number; step: number; trainLoss: number; valAccuracy: number | null }
  | { kind: 'stage'; message: string }
  /** Texts encoded into the embedding cache so far, of those not yet cached. */
  | { kind: 'encoding'; encoded: number; toEncode: number };

export interface Caller {
  transport: Transport;
  onProgress?: (event: ProgressEvent) => void;
}

/** A call that does not say where it comes from is treated as the most restricted one: over HTTP. */
export const defaultCaller: Caller = { transport: 'http' };

/** The audit log's actor for what a caller starts: `cli` from the command line; the operation's default otherwise. */
export const callerActor = (caller: Caller): string | undefined => (caller.transport === 'cli' ? 'cli' : undefined);
