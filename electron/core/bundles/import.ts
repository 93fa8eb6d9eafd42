// Receiving a bundle: verify it (format.ts), decide whether its signer is accepted (trust.ts), refuse a replay (the same
// file received before) and a bundle for runs this database does not have, then merge every record in one transaction —
// all of it or nothing. inspectBundle runs the same merge and rolls it back: what the import would add, and who signed it.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { appendAudit } from '../db/audit';
import { exists, insertReceipt, inWriteTransaction, receiptBySha, type BundleReceipt } from '../db/bundle-rows';
import { ensureWorkstation } from '../db/workstation-keys';
import { nowIso } from '../ids';
import { bundleRecords, verifyBundle, type Manifest, type VerifiedBundle } from './format';
import { mergeResultsRecord, noResultsAdded, raiseEvaluatorConflicts, type MergeContext } from './results';
import { acceptSigner, signerOf, type Signer } from './trust';
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

function merge(db: Database.Database, bundle: VerifiedBundle, options: ImportOptions): BundleOutcome {
  const { manifest, fileName } = bundle;
  const signer = acceptSigner(db, bundle, options);
  const earlier = receiptBySha(db, bundle.sha256);
  if (earlier) {
    throw new RungError('CONFLICT', `${fileName}: this bundle was already imported here on ${earlier.receivedAt} (a replay of bundle ${manifest.bundleId}); nothing was imported`);
  }
  if (manifest.kind === 'results') {
    for (const runId of manifest.runIds) {
      if (!exists(db, 'runs', runId)) throw new RungError('BAD_INPUT', `${fileName}: its judgments were made in run ${runId}, which this database does not have (a bundle for another lab's run?); nothing was imported`);
    }
  }
  const ctx: MergeContext = { db, fileName, evaluatorId: manifest.evaluator.id, localWorkstationId: ensureWorkstation(db).id, actor: options.actor };
  let added: BundleAdded;
  if (manifest.kind === 'results') {
    const results = noResultsAdded();
    const touched = new Set<string>();
    for (const { n, record } of bundleRecords(bundle)) mergeResultsRecord(ctx, n, record, results, touched);
    results.conflicts = raiseEvaluatorConflicts(ctx, touched);
    added = { ...results };
  } else {
    const work = noWorkAdded();
    for (const { n, record } of bundleRecords(bundle)) mergeWorkRecord(ctx, n, record, work);
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

/** Imports a bundle's bytes in one transaction: everything it adds, or (refused, with the reason) nothing. */
export function importBundle(db: Database.Database, bytes: Buffer, fileName: string, options: ImportOptions): BundleOutcome {
  const bundle = verifyBundle(bytes, fileName);
  return inWriteTransaction(db, () => merge(db, bundle, options));
}

/** Who signed a bundle and what importing it would add, without writing anything (the import is run and rolled back). */
export function inspectBundle(db: Database.Database, bytes: Buffer, fileName: string): BundleOutcome {
  const bundle = verifyBundle(bytes, fileName);
  const signer = signerOf(db, bundle);
  if (signer.trust === 'mismatch' || signer.trust === 'revoked') throw new RungError('FORBIDDEN', `${signer.note}; nothing was imported`);
  let outcome: BundleOutcome | undefined;
  try {
    inWriteTransaction(db, () => {
      outcome = merge(db, bundle, { trust: true, actor: 'inspection' });
      throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return { ...outcome!, signer };
}
