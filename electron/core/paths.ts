// Where Rung keeps its database (--db PATH, else RUNG_DB, else the per-user data folder), and safe file names.
// The default folder is the one Electron uses as userData for an app named "Rung", so CLI and desktop share it.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'Rung');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Rung');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Rung');
}

export function resolveDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.RUNG_DB) return resolve(env.RUNG_DB);
  return join(defaultDataDir(env), 'rung.db');
}

/** A name made safe for a file name (letters, digits, '.', '_' and '-'; runs of anything else become '-'). */
export const fileSafeName = (name: string, fallback: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || fallback;
