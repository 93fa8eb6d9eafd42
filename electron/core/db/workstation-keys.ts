// This database's workstation identity (made on first need) and the other workstations' keys it trusts: the SQL of
// migration 0013's workstation and trusted_keys tables, with an audit entry for every trust and revocation.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { fingerprint, generateKeyPair } from '../bundles/signing';
import { newId, nowIso } from '../ids';
import { appendAudit } from './audit';

export interface Workstation {
  id: string;
  publicKey: string;
  privateKey: string;
  fingerprint: string;
  createdAt: string;
}

export interface TrustedKey {
  workstationId: string;
  fingerprint: string;
  publicKey: string;
  displayName: string;
  trustedAt: string;
  revokedAt: string | null;
}

const KEY_COLUMNS = `workstation_id AS workstationId, fingerprint, public_key AS publicKey, display_name AS displayName,
  trusted_at AS trustedAt, revoked_at AS revokedAt`;

const readWorkstation = (db: Database.Database) =>
  db.prepare('SELECT id, public_key AS publicKey, private_key AS privateKey, created_at AS createdAt FROM workstation WHERE singleton = 1').get() as
    | Omit<Workstation, 'fingerprint'>
    | undefined;

/** This database's workstation if it has been made yet (reading a bundle does not make it; writing or importing one does). */
export function existingWorkstation(db: Database.Database): Workstation | undefined {
  const row = readWorkstation(db);
  return row && { ...row, fingerprint: fingerprint(row.publicKey) };
}

/** This database's workstation: its id and key pair, made (and stored) the first time anything asks. */
export function ensureWorkstation(db: Database.Database): Workstation {
  const read = () => readWorkstation(db);
  let row = read();
  if (!row) {
    db.transaction(() => {
      if (read()) return;
      const keys = generateKeyPair();
      const id = newId();
      db.prepare('INSERT INTO workstation (singleton, id, public_key, private_key, created_at) VALUES (1, ?, ?, ?, ?)').run(id, keys.publicKey, keys.privateKey, nowIso());
      appendAudit(db, { actor: 'rung', action: 'create', entity: 'workstation', entityId: id, details: { fingerprint: fingerprint(keys.publicKey) } });
    }).immediate();
    row = read()!;
  }
  return { ...row, fingerprint: fingerprint(row.publicKey) };
}

export function listTrustedKeys(db: Database.Database): TrustedKey[] {
  return db.prepare(`SELECT ${KEY_COLUMNS} FROM trusted_keys ORDER BY trusted_at, fingerprint`).all() as TrustedKey[];
}

export function trustedKeyByFingerprint(db: Database.Database, keyFingerprint: string): TrustedKey | undefined {
  return db.prepare(`SELECT ${KEY_COLUMNS} FROM trusted_keys WHERE fingerprint = ?`).get(keyFingerprint) as TrustedKey | undefined;
}

/** The workstation's key that is trusted now (not revoked), if any. */
export function liveKeyOf(db: Database.Database, workstationId: string): TrustedKey | undefined {
  return db.prepare(`SELECT ${KEY_COLUMNS} FROM trusted_keys WHERE workstation_id = ? AND revoked_at IS NULL`).get(workstationId) as TrustedKey | undefined;
}

/** Records a key as trusted (inside the caller's transaction or on its own); the caller has checked it may be. */
export function insertTrustedKey(db: Database.Database, key: { workstationId: string; publicKey: string; displayName: string }, actor: string): TrustedKey {
  const keyFingerprint = fingerprint(key.publicKey);
  db.prepare('INSERT INTO trusted_keys (fingerprint, workstation_id, public_key, display_name, trusted_at) VALUES (?, ?, ?, ?, ?)').run(
    keyFingerprint,
    key.workstationId,
    key.publicKey,
    key.displayName,
    nowIso(),
  );
  appendAudit(db, { actor, action: 'trust', entity: 'workstation-key', entityId: key.workstationId, details: { fingerprint: keyFingerprint, displayName: key.displayName } });
  return trustedKeyByFingerprint(db, keyFingerprint)!;
}

/** Revokes the live key of a workstation (by its id) or a key (by its fingerprint); NOT_FOUND / CONFLICT otherwise. */
export function revokeTrustedKey(db: Database.Database, workstationOrFingerprint: string, actor: string): TrustedKey {
  return db
    .transaction((): TrustedKey => {
      const key = workstationOrFingerprint.startsWith('SHA256:') ? trustedKeyByFingerprint(db, workstationOrFingerprint) : liveKeyOf(db, workstationOrFingerprint);
      if (!key) throw new RungError('NOT_FOUND', `no trusted key of workstation or with fingerprint ${workstationOrFingerprint} (see \`rung keys show\`)`);
      if (key.revokedAt) throw new RungError('CONFLICT', `the key ${key.fingerprint} of workstation ${key.workstationId} was already revoked on ${key.revokedAt}`);
      db.prepare('UPDATE trusted_keys SET revoked_at = ? WHERE fingerprint = ?').run(nowIso(), key.fingerprint);
      appendAudit(db, { actor, action: 'revoke', entity: 'workstation-key', entityId: key.workstationId, details: { fingerprint: key.fingerprint } });
      return trustedKeyByFingerprint(db, key.fingerprint)!;
    })
    .immediate();
}
