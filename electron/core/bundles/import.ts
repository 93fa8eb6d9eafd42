// Receiving a bundle: verify its file (format.ts), decide whether its signer is accepted (trust.ts), refuse a replay (the
// same file received before) and a bundle for runs this database does not have — all before its body is decompressed —
// then read the body again (body.ts: refused if the file changed meanwhile) and merge record by record in one
// transaction: all of it or nothing. No record outlives its merge; what grows with the bundle is the set of judged
// comparisons' ids (`touched`, for the conflict flags). inspectBundle runs the same merge and rolls it back: what the import would add,
// and who signed it.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { appendAudit } from '../db/audit';
import { exists, insertReceipt, inWriteTransaction, receiptBySha, type BundleReceipt } from '../db/bundle-rows';
import { ensureWorkstation } from '../db/workstation-keys';
import { nowIso } from '../ids';
import { withBundleRecords, type NumberedRecords } from './body';
import { verifyBundleFile, type Manifest, type VerifiedBundle } from './format';
import { mergeResultsRecord, noResultsAdded, raiseEvaluatorConflicts, type MergeContext } from './results';
import { acceptSigner, admissibleSigner, type Signer } from './trust';
import { finishWorkMerge, mergeWorkRecord, noWorkAdded } from './work';

export type BundleAdded = Record<string, number>;

export interface BundleOutcome {
  fileName: string;
  sha256: string;
  manifest: Manifest;
  signer: Signer;
  added: BundleAdded;
}

export interface ImportOptions {
  /** Accept an unknown signer's key (trust on first use) and record it as trusted. */
  trust: boolean;
  /** The name a newly trusted key is recorded under. */
  displayName?: string;
  actor: string;
}

/** Thrown inside the dry run's transaction to roll it back. */
class DryRun extends Error {}

/** The refusals the manifest alone decides: a replay of a bundle imported before, results made in runs not here. */
function refuseByManifest(db: Database.Database, bundle: VerifiedBundle): void {
  const { manifest, fileName } = bundle;
  const earlier = receiptBySha(db, bundle.sha256);
  if (earlier) {
    throw new RungError('CONFLICT', `${fileName}: this bundle was already imported here on ${earlier.receivedAt} (a replay of bundle ${manifest.bundleId}); nothing was imported`);
  }
  if (manifest.kind === 'results') {
    for (const runId of manifest.runIds) {
      if (!exists(db, 'runs', runId)) throw new RungError('BAD_INPUT', `${fileName}: its judgments were made in run ${runId}, which this database does not have (a bundle for another lab's run?); nothing was imported`);
    }
  }
}

/** Runs `use` on the body's records once the manifest's refusals passed (checked again in the transaction: nothing is decompressed before). */
async function withAdmittedRecords<T>(db: Database.Database, bundle: VerifiedBundle, trust: boolean, use: (records: NumberedRecords) => T): Promise<T> {
  admissibleSigner(db, bundle, trust);
  refuseByManifest(db, bundle);
  return withBundleRecords(bundle, use);
}

function merge(db: Database.Database, bundle: VerifiedBundle, records: NumberedRecords, options: ImportOptions): BundleOutcome {
  const { manifest, fileName } = bundle;
  const signer = acceptSigner(db, bundle, options);
  refuseByManifest(db, bundle);
  const ctx: MergeContext = { db, fileName, evaluatorId: manifest.evaluator.id, localWorkstationId: ensureWorkstation(db).id, actor: options.actor };
  let added: BundleAdded;
  if (manifest.kind === 'results') {
    const results = noResultsAdded();
    const touched = new Set<string>();
    for (const { n, record } of records) mergeResultsRecord(ctx, n, record, results, touched);
    results.conflicts = raiseEvaluatorConflicts(ctx, touched);
    added = { ...results };
  } else {
    const work = noWorkAdded();
    for (const { n, record } of records) mergeWorkRecord(ctx, n, record, work);
    finishWorkMerge(db);
    added = { ...work };
  }
  const receipt: BundleReceipt = {
    sha256: bundle.sha256,
    bundleId: manifest.bundleId,
    kind: manifest.kind,
    signerWorkstationId: signer.workstationId,
    signerFingerprint: signer.fingerprint,
    evaluatorId: manifest.evaluator.id,
    evaluatorName: manifest.evaluator.name,
    createdAt: manifest.createdAt,
    counts: added,
    receivedAt: nowIso(),
    actor: options.actor,
  };
  insertReceipt(db, receipt);
  appendAudit(db, { actor: options.actor, action: 'import-bundle', entity: 'bundle', entityId: manifest.bundleId, details: { fileName, sha256: bundle.sha256, kind: manifest.kind, signer: signer.workstationId, added } });
  return { fileName, sha256: bundle.sha256, manifest, signer, added };
}

/** Imports a verified bundle in one transaction: everything it adds, or (refused, with the reason) nothing. */
export function importVerifiedBundle(db: Database.Database, bundle: VerifiedBundle, options: ImportOptions): Promise<BundleOutcome> {
  return withAdmittedRecords(db, bundle, options.trust, (records) => inWriteTransaction(db, () => merge(db, bundle, records, options)));
}

/** Imports the bundle file at `path` (named `fileName` in messages), read in chunks: memory stays flat over its size. */
export async function importBundle(db: Database.Database, path: string, fileName: string, options: ImportOptions): Promise<BundleOutcome> {
  return importVerifiedBundle(db, verifyBundleFile(path, fileName), options);
}

/** Who signed a bundle file and what importing it would add, without writing anything (the import is run and rolled back). */
export async function inspectBundle(db: Database.Database, path: string, fileName: string): Promise<BundleOutcome> {
  const bundle = verifyBundleFile(path, fileName);
  const signer = admissibleSigner(db, bundle, true);
  let outcome: BundleOutcome | undefined;
  await withAdmittedRecords(db, bundle, true, (records) => {
    try {
      inWriteTransaction(db, () => {
        outcome = merge(db, bundle, records, { trust: true, actor: 'inspection' });
        throw new DryRun();
      });
    } catch (error) {
      if (!(error instanceof DryRun)) throw error;
    }
  });
  return { ...outcome!, signer };
}
