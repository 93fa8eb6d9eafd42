// window.rung: the typed contract client the desktop preload exposes (electron/preload/index.ts, one IPC invoke per
// method). Absent in browser mode, where lib/client.ts speaks the same contract over HTTP.
import type { RungClient } from '../../electron/api/contract';

declare global {
  interface Window {
    readonly rung?: RungClient;
  }
}
