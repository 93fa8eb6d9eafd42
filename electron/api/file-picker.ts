// The desktop app's file picker: the IPC channel on which the window asks the main process for its own open dialog,
// and what comes back: a one-use token standing for the chosen path (the window never sends a path of its own).

/** The channel, outside the contract's methods: only the desktop window has a dialog. */
export const PICK_PATH_CHANNEL = 'rung:pick-path';

/** What the dialog chooses: a file (an import) or a folder (an encoder). */
export type PickKind = 'file' | 'folder';

/** A chosen path as the window sees it: its token, its last component, and its size in bytes (0 for a folder). */
export interface PickedPath {
  token: string;
  name: string;
  bytes: number;
}

/** A token: 32 random bytes in hex. */
export const PICKED_TOKEN = /^[0-9a-f]{64}$/;
