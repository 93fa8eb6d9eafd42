// window.rung: the typed contract client the desktop preload exposes (electron/preload/index.ts, one IPC invoke per
// method), window.rungEvents, what the app pushes, and window.rungFiles, its file picker. Absent in browser mode,
// where lib/client.ts speaks the same contract over HTTP, lib/events.ts reads the event stream, and files are uploaded.
import type { RungClient } from '../../electron/api/contract';
import type { ApiResult } from '../../electron/api/errors';
import type { PushEvent } from '../../electron/api/events';
import type { PickedPath, PickKind } from '../../electron/api/file-picker';

declare global {
  interface Window {
    readonly rung?: RungClient;
    /** The desktop app's pushed events (import progress, training jobs); browser mode streams them from /api/events. */
    readonly rungEvents?: { subscribe(listener: (event: PushEvent) => void): () => void };
    /** The desktop app's own open dialog: a one-use token for the chosen path (null when cancelled). */
    readonly rungFiles?: { pick(kind: PickKind): Promise<ApiResult<PickedPath | null>> };
  }
}
