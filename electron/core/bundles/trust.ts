// Whose key signed a bundle, and whether this database accepts it: trust on first use, as SSH does. The signer is this
// workstation, a trusted key, an unknown one (accepted only when the user says so: `--trust`, `rung keys trust FILE`, the
// Data page's confirmation), a key that mismatches the one trusted for its workstation id, or a revoked key (both refused).
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { existingWorkstation, insertTrustedKey, liveKeyOf, trustedKeyByFingerprint } from '../db/workstation-keys';
import type { VerifiedBundle } from './format';
import { fingerprint } from './signing';

export const signerTrusts = ['this-workstation', 'trusted', 'unknown', 'mismatch', 'revoked'] as const;
export type SignerTrust = (typeof signerTrusts)[number];

export interface Signer {
  workstationId: string;
  fingerprint: string;
  trust: SignerTrust;
  /** The name the key was trusted under, when trusted. */
  displayName: string | null;
  /** Why it is refused (mismatch, revoked) or what to do (unknown); null when accepted as it is. */
  note: string | null;
}

export function signerOf(db: Database.Database, bundle: VerifiedBundle): Signer {
  const { workstationId, publicKey } = bundle.manifest;
  const file = bundle.fileName;
  const keyFingerprint = fingerprint(publicKey);
  const signer = (trust: SignerTrust, note: string | null, displayName: string | null = null): Signer => ({ workstationId, fingerprint: keyFingerprint, trust, displayName, note });
  const self = existingWorkstation(db);
  const mismatch = (known: string) =>
    signer(
      'mismatch',
      `${file}: signed by workstation ${workstationId} with key ${keyFingerprint}, but this database knows key ${known} for that workstation: refused ` +
        `(another machine may be signing as it). If its key really changed, revoke the old one (\`rung keys revoke ${workstationId}\`) and trust the new one`,
    );
  if (self && workstationId === self.id) return keyFingerprint === self.fingerprint ? signer('this-workstation', null, 'this workstation') : mismatch(self.fingerprint);
  const known = trustedKeyByFingerprint(db, keyFingerprint);
  if (known?.revokedAt) return signer('revoked', `${file}: signed with key ${keyFingerprint} of workstation ${known.workstationId}, which was revoked here on ${known.revokedAt}: refused`, known.displayName);
  if (known && known.workstationId !== workstationId) return mismatch(`${keyFingerprint} (trusted for workstation ${known.workstationId}, not ${workstationId})`);
  if (known) return signer('trusted', null, known.displayName);
  const live = liveKeyOf(db, workstationId);
  if (live) return mismatch(live.fingerprint);
  return signer(
    'unknown',
    `${file}: signed by workstation ${workstationId} with key ${keyFingerprint}, which this database does not know. ` +
      `Compare the fingerprint with \`rung keys show\` on that workstation; to accept it, run \`rung keys trust ${file}\` or import with --trust`,
  );
}

/** The signer, refused (FORBIDDEN) unless this database accepts it: its own key or a trusted one, or (with `trust`) an unknown one. Writes nothing. */
export function admissibleSigner(db: Database.Database, bundle: VerifiedBundle, trust: boolean): Signer {
  const signer = signerOf(db, bundle);
  if (signer.trust === 'this-workstation' || signer.trust === 'trusted' || (signer.trust === 'unknown' && trust)) return signer;
  throw new RungError('FORBIDDEN', `${signer.note}; nothing was imported`);
}

/**
 * Within the import's transaction: refuses (FORBIDDEN) a signer this database does not accept; an unknown key is trusted
 * first when `trust` is set, under `displayName` (default: the bundle's evaluator's workstation).
 */
export function acceptSigner(db: Database.Database, bundle: VerifiedBundle, options: { trust: boolean; displayName?: string; actor: string }): Signer {
  const signer = admissibleSigner(db, bundle, options.trust);
  if (signer.trust !== 'unknown') return signer;
  const displayName = options.displayName ?? `workstation of ${bundle.manifest.evaluator.name}`;
  insertTrustedKey(db, { workstationId: signer.workstationId, publicKey: bundle.manifest.publicKey, displayName }, options.actor);
  return { ...signer, trust: 'trusted', displayName, note: null };
}
