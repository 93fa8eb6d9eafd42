// Bundle use cases: write a results or work bundle (to a file, or as content for the page to download), inspect a
// received one (who signed it, what it would add; the file is copied into a staging folder and the copy inspected, so
// the import the user then confirms reads exactly what was shown), import it, and manage workstation keys. Bundles are
// read and written by path, streamed (bundles/format.ts): memory stays flat over their size, but for a download's
// content, which the page receives whole.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { RungError } from '../../api/errors';
import { cannotRead, verifyBundleFile, type BundleContent } from '../bundles/format';
import { importVerifiedBundle, inspectBundle, type BundleOutcome } from '../bundles/import';
import { resultsContent } from '../bundles/results';
import { fingerprint } from '../bundles/signing';
import { acceptSigner, signerOf } from '../bundles/trust';
import { comparisonsWorkContent, workContent } from '../bundles/work';
import { writeBundleFile, type WrittenBundleFile } from '../bundles/write';
import { assignmentItemIds, assignmentRow, type AssignmentRow } from '../db/assignments';
import { inWriteTransaction, lastBundleByEvaluator } from '../db/bundle-rows';
import { makeStagingDir, removeStagingDir } from '../db/staging-dirs';
import { ensureWorkstation, listTrustedKeys, revokeTrustedKey, type TrustedKey } from '../db/workstation-keys';
import { nowIso } from '../ids';
import { fileSafeName } from '../paths';
import type { Store } from '../store';
import { withUpload } from '../uploads';

/** Where a bundle comes from: a file of this machine, an upload, or the staged copy an inspection made. */
export type BundleInput = { kind: 'path'; path: string } | { kind: 'upload'; uploadId: string; name: string } | { kind: 'staged'; sha256: string; fileName: string };

export interface WrittenBundle {
  fileName: string;
  bundleId: string;
  kind: 'work' | 'results';
  evaluator: { id: string; name: string };
  counts: Record<string, number>;
  bytes: number;
  sha256: string;
  workstationId: string;
  fingerprint: string;
}

/** What a written bundle file is, for the caller. */
function described(written: WrittenBundleFile, content: BundleContent, fileName: string): WrittenBundle {
  const { manifest } = written;
  return {
    fileName,
    bundleId: manifest.bundleId,
    kind: manifest.kind,
    evaluator: content.evaluator,
    counts: manifest.counts,
    bytes: written.bytes,
    sha256: written.sha256,
    workstationId: manifest.workstationId,
    fingerprint: fingerprint(manifest.publicKey),
  };
}

/** Signs `content` with this workstation's key; writes it to `path` when given, else returns it for a download named `defaultName`. */
function exportBundle(store: Store, content: BundleContent, defaultName: string, path?: string): WrittenBundle & { contentBase64?: string } {
  const signer = ensureWorkstation(store.db);
  if (path) return described(writeBundleFile(content, signer, nowIso(), path), content, path);
  const dir = makeStagingDir();
  try {
    const file = join(dir, 'download.rungbundle');
    const written = writeBundleFile(content, signer, nowIso(), file);
    return { ...described(written, content, defaultName), contentBase64: readFileSync(file).toString('base64') };
  } finally {
    removeStagingDir(dir);
  }
}

export function exportResultsBundle(store: Store, params: { evaluator: string; since?: string; path?: string }): WrittenBundle & { contentBase64?: string } {
  const content = resultsContent(store.db, params.evaluator, params.since ?? null, ensureWorkstation(store.db).id);
  return exportBundle(store, content, `results-${fileSafeName(content.evaluator.name, 'evaluator')}-${nowIso().slice(0, 10)}.rungbundle`, params.path);
}

/** What exportWorkBundle takes: a run's layer (with comparisonIds, or an assignment of that layer), or an assignment alone. */
export interface WorkBundleParams {
  runId?: string;
  layer?: number;
  evaluatorId: string;
  comparisonIds?: readonly string[];
  assignmentId?: string;
  path?: string;
}

/**
 * A work bundle for one evaluator (see bundles/work.ts): of one layer of a run, or with `assignmentId` the comparisons
 * that assignment gave the evaluator — of its run's layer, or (an assignment drawn from a saved filter or a dataset)
 * those comparisons alone, carrying no run. Written to `path` when given.
 */
export async function exportWorkBundle(store: Store, params: WorkBundleParams): Promise<WrittenBundle & { contentBase64?: string }> {
  const date = nowIso().slice(0, 10);
  const assignment = params.assignmentId === undefined ? null : assignmentOf(store, params.assignmentId);
  if (assignment !== null && assignment.runId === null) {
    if (params.runId !== undefined) {
      throw new RungError('CONFLICT', `assignment "${assignment.name}" is drawn from ${assignment.filterName !== null ? `saved filter "${assignment.filterName}"` : 'a dataset'}, not from a run's layer: leave out runId and layer`);
    }
    const content = comparisonsWorkContent(store.db, params.evaluatorId, assignedTo(store, assignment, params.evaluatorId));
    return exportBundle(store, content, `work-${fileSafeName(content.evaluator.name, 'evaluator')}-${fileSafeName(assignment.name, 'assignment')}-${date}.rungbundle`, params.path);
  }
  const runId = params.runId ?? assignment!.runId!;
  const layer = params.layer ?? assignment!.layer!;
  if (assignment !== null && (assignment.runId !== runId || assignment.layer !== layer)) {
    throw new RungError('CONFLICT', `assignment "${assignment.name}" is not of layer ${layer} of this run: a work bundle carries one run layer`);
  }
  const comparisonIds = assignment === null ? params.comparisonIds : assignedTo(store, assignment, params.evaluatorId);
  const content = await workContent(store.db, { runId, layer, evaluatorId: params.evaluatorId, comparisonIds });
  return exportBundle(store, content, `work-${fileSafeName(content.evaluator.name, 'evaluator')}-layer${layer}-${date}.rungbundle`, params.path);
}

function assignmentOf(store: Store, assignmentId: string): AssignmentRow {
  const assignment = assignmentRow(store.db, assignmentId);
  if (!assignment) throw new RungError('NOT_FOUND', `no assignment with id ${assignmentId}`);
  return assignment;
}

/** The comparisons the assignment gave the evaluator, in its seeded order; refused when it gave them none. */
function assignedTo(store: Store, assignment: AssignmentRow, evaluatorId: string): string[] {
  const ids = assignmentItemIds(store.db, assignment.id, evaluatorId);
  if (ids.length === 0) throw new RungError('CONFLICT', `assignment "${assignment.name}" gives evaluator ${evaluatorId} no comparisons`);
  return ids;
}

/** This store's staging folder for inspected bundles (in the temp folder, one per database file). */
export const stagingDir = (store: Store): string => join(tmpdir(), `rung-staged-bundles-${createHash('sha256').update(store.path).digest('hex').slice(0, 16)}`);

/** Runs `use` on the file an input names and the name messages give it (an upload is used up after). */
async function withInputFile<T>(store: Store, input: BundleInput, use: (path: string, fileName: string) => T | Promise<T>): Promise<T> {
  if (input.kind === 'upload') return withUpload(input, (path) => use(path, basename(input.name)));
  if (input.kind === 'path') return use(input.path, input.path);
  const path = join(stagingDir(store), input.sha256);
  if (!existsSync(path)) throw new RungError('NOT_FOUND', `${input.fileName}: the inspected copy is gone (imported already, or the temp folder was cleared); choose the file again`);
  return use(path, input.fileName);
}

/** A staged copy nobody imported or discarded (its window was closed) is removed at the next inspection after this. */
export const STAGED_BUNDLE_MAX_AGE_MS = 24 * 3600_000;

/** Removes the staged copies older than STAGED_BUNDLE_MAX_AGE_MS. */
function sweepStagedBundles(store: Store, now: number): void {
  let names: string[];
  try {
    names = readdirSync(stagingDir(store));
  } catch {
    return; // no staging folder yet
  }
  for (const name of names) {
    const path = join(stagingDir(store), name);
    try {
      if (now - statSync(path).mtimeMs > STAGED_BUNDLE_MAX_AGE_MS) rmSync(path, { force: true });
    } catch {
      // removed meanwhile: nothing to do
    }
  }
}

/** Who signed it and what it would add: the file is copied into the staging folder, the copy inspected and kept under its SHA-256 for importBundle's `staged` source. */
export async function inspectBundleInput(store: Store, input: BundleInput): Promise<BundleOutcome> {
  sweepStagedBundles(store, Date.now());
  mkdirSync(stagingDir(store), { recursive: true });
  const copy = join(stagingDir(store), `${globalThis.crypto.randomUUID()}.partial`);
  try {
    const outcome = await withInputFile(store, input, (path, fileName) => {
      try {
        copyFileSync(path, copy);
      } catch (error) {
        cannotRead(fileName, error);
      }
      return inspectBundle(store.db, copy, fileName);
    });
    renameSync(copy, join(stagingDir(store), outcome.sha256));
    return outcome;
  } finally {
    rmSync(copy, { force: true });
  }
}

/** Removes the copy an inspection staged (the user cancelled the import); false when there is none. */
export function discardInspectedBundle(store: Store, sha256: string): { discarded: boolean } {
  const path = join(stagingDir(store), sha256);
  if (!existsSync(path)) return { discarded: false };
  rmSync(path, { force: true });
  return { discarded: true };
}

export function importBundleInput(store: Store, input: BundleInput, options: { trust: boolean; displayName?: string; actor: string }): Promise<BundleOutcome> {
  return withInputFile(store, input, async (path, fileName) => {
    const bundle = verifyBundleFile(path, fileName);
    if (input.kind === 'staged' && bundle.sha256 !== input.sha256) {
      throw new RungError('BAD_INPUT', `${fileName}: the staged copy changed since it was inspected; choose the file again`);
    }
    const outcome = await importVerifiedBundle(store.db, bundle, options);
    if (input.kind === 'staged') rmSync(path, { force: true });
    return outcome;
  });
}

/** Trusts the key that signed a bundle (`rung keys trust FILE`): refused when it mismatches or was revoked. */
export function trustBundleSigner(store: Store, input: BundleInput, options: { displayName?: string; actor: string }): Promise<TrustedKey> {
  return withInputFile(store, input, (path, fileName) => {
    const bundle = verifyBundleFile(path, fileName);
    const signer = signerOf(store.db, bundle);
    if (signer.trust === 'trusted' || signer.trust === 'this-workstation') {
      throw new RungError('CONFLICT', `${fileName}: its key ${signer.fingerprint} (workstation ${signer.workstationId}) is already trusted${signer.trust === 'this-workstation' ? ': it is this workstation\'s own' : ''}`);
    }
    inWriteTransaction(store.db, () => acceptSigner(store.db, bundle, { trust: true, displayName: options.displayName, actor: options.actor }));
    return listTrustedKeys(store.db).find((k) => k.fingerprint === signer.fingerprint)!;
  });
}

export function workstationKeys(store: Store) {
  const w = ensureWorkstation(store.db);
  return { workstationId: w.id, fingerprint: w.fingerprint, publicKey: w.publicKey, createdAt: w.createdAt, trusted: listTrustedKeys(store.db) };
}

export const revokeKey = (store: Store, key: string, actor: string): TrustedKey => revokeTrustedKey(store.db, key, actor);

export const lastBundles = (store: Store) => lastBundleByEvaluator(store.db);
