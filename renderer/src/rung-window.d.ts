// window.rung: the typed contract client the desktop preload exposes (electron/preload/index.ts, one IPC invoke per
// method), and window.rungEvents, what the app pushes. Absent in browser mode, where lib/client.ts speaks the same
// contract over HTTP and lib/events.ts reads the event stream.
import type { RungClient } from '../../electron/api/contract';
import type { PushEvent } from '../../electron/api/events';

declare global {
  interface Window {
    readonly rung?: RungClient;
    /** The desktop app's pushed events (import progress, training jobs); browser mode streams them from /api/events. */
    readonly rungEvents?: { subscribe(listener: (event: PushEvent) => void): () => void };
  }
}
