// Which calls touch the files of the machine that serves them, and who may make them: a path is read or written only
// for the `rung` command line and, for reading, the desktop app (whose main process admits only paths its own dialog
// chose: electron/main/picked-paths.ts); over HTTP such a call is FORBIDDEN.
import type { Transport } from './caller';
import type { ParsedParams } from './contract';
import type { MethodName } from './methods';

interface LocalFileUse {
  /** What the call would do, e.g. "reading a file by its path". */
  what: string;
  allowed: readonly Transport[];
  /** What to do instead over a transport that may not. */
  instead: string;
}

type LocalFileRules = { [M in MethodName]?: (params: ParsedParams<M>) => LocalFileUse | null };

const readByPath = (instead: string): LocalFileUse => ({ what: 'reading a file by its path', allowed: ['cli', 'ipc'], instead });

/** A picked file's token is turned into its path by the desktop app's main process, before any call reaches here. */
const pickedElsewhere: LocalFileUse = {
  what: 'a file chosen in the desktop app\'s dialog',
  allowed: [],
  instead: 'upload the file (POST /api/upload, then source kind "upload"), or use `rung import FILE`',
};

/** A file read from its source: by path only where paths may be read, by picked token only in the desktop app's window. */
const fileSourceUse = (kind: 'path' | 'picked' | 'upload' | 'staged', instead: string): LocalFileUse | null =>
  kind === 'path' ? readByPath(instead) : kind === 'picked' ? { ...pickedElsewhere, instead } : null;
const bundleSourceUse = (kind: 'path' | 'picked' | 'upload' | 'staged'): LocalFileUse | null =>
  fileSourceUse(kind, 'upload the bundle (POST /api/upload, then source kind "upload"), or use `rung bundle import FILE`');
const writeBundleByPath: LocalFileUse = { what: 'writing a bundle file', allowed: ['cli'], instead: 'leave out path: the bundle\'s content comes back for a download, or use `rung bundle export --out FILE`' };

const rules: LocalFileRules = {
  importDataset: ({ source }) =>
    source.kind === 'path'
      ? readByPath('upload the file (POST /api/upload, then source kind "upload"), or use `rung import FILE`')
      : source.kind === 'picked'
        ? pickedElsewhere
        : null,
  previewImport: ({ source }) =>
    source.kind === 'path'
      ? readByPath('upload the file\'s first bytes (POST /api/upload, then source kind "upload", partial), or use `rung import FILE --format mapped`')
      : source.kind === 'picked'
        ? pickedElsewhere
        : null,
  scoreComparisons: ({ path }) => (path === undefined ? null : readByPath('import the file and score its dataset (datasetId), or use `rung score --file FILE`')),
  addEncoder: ({ picked }) =>
    picked !== undefined
      ? { ...pickedElsewhere, what: "a folder chosen in the desktop app's dialog", instead: 'use `rung encoder add DIR`' }
      : { what: 'reading an encoder folder by its path', allowed: ['cli', 'ipc'], instead: 'use `rung encoder add DIR` or the desktop app on the machine that holds the folder' },
  embedFile: () => ({ what: 'reading a file by its path and writing to the standard output', allowed: ['cli'], instead: 'use embedTexts, which returns the vectors' }),
  importScores: ({ source }) => fileSourceUse(source.kind, 'upload the file (POST /api/upload, then source kind "upload"), or use `rung scores import FILE --name NAME`'),
  exportModelToFolder: () => ({ what: 'writing a model into a folder', allowed: ['cli'], instead: 'use exportModel, which returns the files\' content, or `rung model export ID --out DIR`' }),
  runExperiment: () => ({ what: 'writing a report into a folder', allowed: ['cli'], instead: 'use startExperiment: its report is kept beside the database and opened with getExperiment' }),
  exportDataToFile: () => ({ what: 'writing a file', allowed: ['cli'], instead: 'use exportData, which returns the content, or `rung export --out FILE`' }),
  // bundles: a source read by path or picked token, a bundle written by path
  inspectBundle: ({ source }) => bundleSourceUse(source.kind),
  importBundle: ({ source }) => bundleSourceUse(source.kind),
  trustBundleSigner: ({ source }) => bundleSourceUse(source.kind),
  exportResultsBundle: ({ path }) => (path === undefined ? null : writeBundleByPath),
  exportWorkBundle: ({ path }) => (path === undefined ? null : writeBundleByPath),
};

/** Why this call is refused over this transport, or null when it may go ahead. */
export function localFileRefusal<M extends MethodName>(method: M, params: ParsedParams<M>, transport: Transport): string | null {
  const use = (rules[method] as ((p: ParsedParams<M>) => LocalFileUse | null) | undefined)?.(params);
  if (!use || use.allowed.includes(transport)) return null;
  const over = transport === 'http' ? 'HTTP' : transport === 'ipc' ? 'IPC' : 'the command line';
  if (use.allowed.length === 0) return `${method}: ${use.what} is known only to that app's window; ${use.instead}`;
  const who = use.allowed.includes('ipc') ? '`rung` and the desktop app' : '`rung`';
  return `${method}: ${use.what} is refused over ${over} (only ${who} on this machine may); ${use.instead}`;
}
