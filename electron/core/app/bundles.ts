// Bundle use cases: write a results or work bundle (to a file, or as content for the page to download), inspect a
// received one (who signed it, what it would add; its bytes are kept in a staging folder so the import the user then
// confirms reads exactly what was shown), import it, and manage workstation keys.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { RungError } from '../../api/errors';
import { verifyBundle, writeBundle, type BundleContent } from '../bundles/format';
import { importBundle, inspectBundle, type BundleOutcome } from '../bundles/import';
import { resultsContent } from '../bundles/results';
import { fingerprint } from '../bundles/signing';
import { acceptSigner, signerOf } from '../bundles/trust';
import { comparisonsWorkContent, workContent } from '../bundles/work';
import { assignmentItemIds, assignmentRow, type AssignmentRow } from '../db/assignments';
import { inWriteTransaction, lastBundleByEvaluator } from '../db/bundle-rows';
import { ensureWorkstation, listTrustedKeys, revokeTrustedKey, type TrustedKey } from '../db/workstation-keys';
import { nowIso } from '../ids';
import { fileSafeName } from '../paths';
import type { Store } from '../store';
import { takeUpload } from '../uploads';

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

/** Writes the bundle's bytes to `path` whole or not at all (a temp file beside it, renamed into place). */
function writeAtomically(path: string, bytes: Buffer): void {
  const temp = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(temp, bytes, { flush: true });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new RungError('BAD_INPUT', `${path}: cannot write the bundle: ${(error as Error).message}`);
  }
}

/** Signs `content` with this workstation's key; writes it to `path` when given, else returns it for a download named `defaultName`. */
function exportBundle(store: Store, content: BundleContent, defaultName: string, path?: string): WrittenBundle & { contentBase64?: string } {
  const { bytes, manifest } = writeBundle(content, ensureWorkstation(store.db), nowIso());
  if (path) writeAtomically(path, bytes);
  return {
    fileName: path ?? defaultName,
    bundleId: manifest.bundleId,
    kind: manifest.kind,
    evaluator: content.evaluator,
    counts: manifest.counts,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    workstationId: manifest.workstationId,
    fingerprint: fingerprint(manifest.publicKey),
    ...(path ? {} : { contentBase64: bytes.toString('base64') }),
  };
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
export function exportWorkBundle(store: Store, params: WorkBundleParams): WrittenBundle & { contentBase64?: string } {
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
  const content = workContent(store.db, { runId, layer, evaluatorId: params.evaluatorId, comparisonIds });
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

function readInput(store: Store, input: BundleInput): { bytes: Buffer; fileName: string } {
  if (input.kind === 'upload') {
    const upload = takeUpload(input);
    try {
      return { bytes: readFileSync(upload.path), fileName: basename(input.name) };
    } finally {
      upload.remove();
    }
  }
  const path = input.kind === 'path' ? input.path : join(stagingDir(store), input.sha256);
  try {
    return { bytes: readFileSync(path), fileName: input.kind === 'path' ? input.path : input.fileName };
  } catch (error) {
    if (input.kind === 'staged') throw new RungError('NOT_FOUND', `${input.fileName}: the inspected copy is gone (imported already, or the temp folder was cleared); choose the file again`);
    throw new RungError('BAD_INPUT', `${input.path}: cannot read the file: ${(error as Error).message}`);
  }
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

/** Who signed it and what it would add; its bytes are staged under their SHA-256 for importBundle's `staged` source. */
export function inspectBundleInput(store: Store, input: BundleInput): BundleOutcome {
  const { bytes, fileName } = readInput(store, input);
  const outcome = inspectBundle(store.db, bytes, fileName);
  sweepStagedBundles(store, Date.now());
  mkdirSync(stagingDir(store), { recursive: true });
  writeFileSync(join(stagingDir(store), outcome.sha256), bytes);
  return outcome;
}

/** Removes the copy an inspection staged (the user cancelled the import); false when there is none. */
export function discardInspectedBundle(store: Store, sha256: string): { discarded: boolean } {
  const path = join(stagingDir(store), sha256);
  if (!existsSync(path)) return { discarded: false };
  rmSync(path, { force: true });
  return { discarded: true };
}

export function importBundleInput(store: Store, input: BundleInput, options: { trust: boolean; displayName?: string; actor: string }): BundleOutcome {
  const { bytes, fileName } = readInput(store, input);
  if (input.kind === 'staged' && createHash('sha256').update(bytes).digest('hex') !== input.sha256) {
    throw new RungError('BAD_INPUT', `${fileName}: the staged copy changed since it was inspected; choose the file again`);
  }
  const outcome = importBundle(store.db, bytes, fileName, options);
  if (input.kind === 'staged') rmSync(join(stagingDir(store), input.sha256), { force: true });
  return outcome;
}

/** Trusts the key that signed a bundle (`rung keys trust FILE`): refused when it mismatches or was revoked. */
export function trustBundleSigner(store: Store, input: BundleInput, options: { displayName?: string; actor: string }): TrustedKey {
  const { bytes, fileName } = readInput(store, input);
  const bundle = verifyBundle(bytes, fileName);
  const signer = signerOf(store.db, bundle);
  if (signer.trust === 'trusted' || signer.trust === 'this-workstation') {
    throw new RungError('CONFLICT', `${fileName}: its key ${signer.fingerprint} (workstation ${signer.workstationId}) is already trusted${signer.trust === 'this-workstation' ? ': it is this workstation\'s own' : ''}`);
  }
  inWriteTransaction(store.db, () => acceptSigner(store.db, bundle, { trust: true, displayName: options.displayName, actor: options.actor }));
  return listTrustedKeys(store.db).find((k) => k.fingerprint === signer.fingerprint)!;
}

export function workstationKeys(store: Store) {
  const w = ensureWorkstation(store.db);
  return { workstationId: w.id, fingerprint: w.fingerprint, publicKey: w.publicKey, createdAt: w.createdAt, trusted: listTrustedKeys(store.db) };
}

export const revokeKey = (store: Store, key: string, actor: string): TrustedKey => revokeTrustedKey(store.db, key, actor);

export const lastBundles = (store: Store) => lastBundleByEvaluator(store.db);
