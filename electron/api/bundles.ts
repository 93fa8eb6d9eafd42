// The contract's methods for moving work and results between workstations as signed bundle files (spread into
// contract.ts): this workstation's key and the keys it trusts, writing results and work bundles, inspecting a received
// bundle (signer and what it would add, nothing written) and importing it, and the last bundle received per evaluator.
import { z } from 'zod';
import { count, id } from './schemas';
import { PICKED_TOKEN } from './file-picker';
import { UploadSource } from './file-source';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in 64 lowercase hex digits');
const actor = z.string().trim().min(1).max(200).default('local user');

/** Where a bundle to read comes from; `staged`: the copy inspectBundle kept (its sha256), so the import reads what was shown. */
export const BundleSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1) }).strict(),
  /** A file chosen in the desktop app's own dialog, by its token; the app resolves it to a path. */
  z.object({ kind: z.literal('picked'), token: z.string().regex(PICKED_TOKEN, 'expected the token of a file chosen in the app') }).strict(),
  UploadSource,
  z.object({ kind: z.literal('staged'), sha256, fileName: z.string().min(1).max(4096) }).strict(),
]);

export const TrustedKey = z.object({
  workstationId: z.string(),
  fingerprint: z.string(),
  publicKey: z.string(),
  displayName: z.string(),
  trustedAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const BundleSigner = z.object({
  workstationId: z.string(),
  fingerprint: z.string(),
  trust: z.enum(['this-workstation', 'trusted', 'unknown', 'mismatch', 'revoked']),
  displayName: z.string().nullable(),
  note: z.string().nullable(),
});

const BundleEvaluator = z.object({ id, name: z.string() });

/** A bundle written: where, what it holds (records per table), its size, SHA-256 and signer; the content itself when no path was given. */
export const WrittenBundle = z.object({
  fileName: z.string(),
  bundleId: id,
  kind: z.enum(['work', 'results']),
  evaluator: BundleEvaluator,
  counts: z.record(z.string(), count),
  bytes: count,
  sha256,
  workstationId: z.string(),
  fingerprint: z.string(),
  contentBase64: z.string().optional(),
});

/** A bundle inspected or imported: its manifest's facts, its signer, and what it adds (would add, for an inspection). */
export const BundleOutcome = z.object({
  fileName: z.string(),
  sha256,
  kind: z.enum(['work', 'results']),
  bundleId: id,
  schemaVersion: z.number().int(),
  /** The features beyond version 1 its records use (its manifest's), each in plain words; none in a version 1 bundle. */
  features: z.array(z.object({ name: z.string(), words: z.string() })),
  createdAt: z.string(),
  evaluator: BundleEvaluator,
  runIds: z.array(z.string()),
  signer: BundleSigner,
  added: z.record(z.string(), count),
});

export const BundleReceipt = z.object({
  sha256,
  bundleId: z.string(),
  kind: z.enum(['work', 'results']),
  signerWorkstationId: z.string(),
  signerFingerprint: z.string(),
  evaluatorId: z.string().nullable(),
  evaluatorName: z.string().nullable(),
  createdAt: z.string(),
  counts: z.record(z.string(), count),
  receivedAt: z.string(),
  actor: z.string(),
});

export const bundleMethods = {
  /** This workstation's id and key fingerprint (made on first need) and the other workstations' keys it knows. */
  getWorkstationKeys: {
    params: z.object({}).strict(),
    result: z.object({ workstationId: z.string(), fingerprint: z.string(), publicKey: z.string(), createdAt: z.string(), trusted: z.array(TrustedKey) }),
  },
  /** Trusts the key that signed a bundle (first contact); refused when it mismatches a known key or was revoked. */
  trustBundleSigner: {
    params: z.object({ source: BundleSource, displayName: z.string().trim().min(1).max(200).optional(), actor }).strict(),
    result: TrustedKey,
  },
  /** Revokes a trusted key, by its workstation id or its fingerprint ('SHA256:…'): bundles it signs are refused from then on. */
  revokeWorkstationKey: {
    params: z.object({ key: z.string().trim().min(1).max(200), actor }).strict(),
    result: TrustedKey,
  },
  /**
   * A results bundle of every judgment of the evaluator (by name) — made, retracted or excluded since `since` when given.
   * With `path` (command line only) it is written there; else its content comes back (contentBase64) for a download.
   */
  exportResultsBundle: {
    params: z.object({ evaluator: z.string().trim().min(1).max(200), since: z.string().datetime({ offset: true }).optional(), path: z.string().min(1).optional() }).strict(),
    result: WrittenBundle,
  },
  /**
   * A work bundle for one evaluator: the run's layer `layer` (its comparisons, those of `comparisonIds`, which must be
   * members, or those assignment `assignmentId` of that layer gave the evaluator), with texts, segments, the run's layer
   * rules, the model assisting that layer and the evaluator's profile. An assignment drawn from a saved filter or a
   * dataset is given alone (no runId or layer): its comparisons with their datasets' guidelines, and no run.
   * With `path` (command line only) it is written there; else its content comes back.
   */
  exportWorkBundle: {
    params: z
      .object({
        runId: id.optional(),
        layer: z.number().int().nonnegative().optional(),
        evaluatorId: id,
        comparisonIds: z.array(id).max(1_000_000).optional(),
        assignmentId: id.optional(),
        path: z.string().min(1).optional(),
      })
      .strict()
      .refine((p) => p.comparisonIds === undefined || p.assignmentId === undefined, {
        path: ['assignmentId'],
        message: 'give comparisonIds or assignmentId, not both',
      })
      .refine((p) => (p.runId === undefined) === (p.layer === undefined), { path: ['layer'], message: 'give a run and its layer together' })
      .refine((p) => p.runId !== undefined || p.assignmentId !== undefined, { path: ['runId'], message: 'give a run and its layer, or an assignment' }),
    result: WrittenBundle,
  },
  /** Verifies a bundle and reports its signer and what importing it would add; writes nothing to the database. */
  inspectBundle: { params: z.object({ source: BundleSource }).strict(), result: BundleOutcome },
  /** Imports a work or results bundle whole, or nothing; `trust` accepts an unknown signer's key (first contact). */
  importBundle: {
    params: z.object({ source: BundleSource, trust: z.boolean().default(false), displayName: z.string().trim().min(1).max(200).optional(), actor }).strict(),
    result: BundleOutcome,
  },
  /** Removes the copy inspectBundle staged, when the user cancels instead of importing; false when there is none. */
  discardInspectedBundle: { params: z.object({ sha256 }).strict(), result: z.object({ discarded: z.boolean() }) },
  /** Per evaluator, the last bundle received for them, most recent first (for a lab lead's overview). */
  lastBundleByEvaluator: { params: z.object({}).strict(), result: z.array(BundleReceipt) },
} as const;
