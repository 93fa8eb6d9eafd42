// The bundle file: how work goes out to a workstation and results come back, as one file.
//
// Layout: line 1 is the manifest, plain JSON (readable with `head -1`); the rest of the file, after its newline, is a
// gzip stream of JSONL records, one row per line. Why this and not a SQLite file: the manifest's SHA-256 and Ed25519
// signature cover the exact bytes that follow, so every byte of the file is checked (a flipped byte in the manifest
// breaks its JSON or its signature, one in the body its checksum) *before* anything is decompressed or parsed — a
// hostile file never reaches the gzip or JSON readers, let alone SQLite's page parser; a SQLite file would have to be
// opened (and trusted) to be read, and its bytes change with page layout so equal content would not give equal files.
// JSONL records are read with the strict JSON scanner (electron/core/strict-json.ts), as dataset imports are.
//
// Reading streams, so memory stays flat over a bundle's size: this file's verifyBundleFile reads the file by path in
// fixed-size chunks and checks length, checksum and signature; only then does body.ts read it again, hashing it anew
// (a file changed between the two reads is refused) while decompressing it, and hand out its records one at a time.
// Writing (write.ts) streams the records into gzip members and a temp file, renamed into place when whole.
//
// The signature is over 'rung-bundle-signature-v1\n' + the manifest's fields except the signature, as JSON in a fixed
// order; the fields include the body's SHA-256 and length, the signer's workstation id and public key.
//
// Versions: a bundle whose records use no feature beyond version 1 (features.ts) is written as version 1 with no
// `features` field, byte for byte as before, so an older Rung reads it; one that uses any is version 2 and lists them
// (covered by the signature). A reader refuses a newer version, or a feature it does not know, before anything else.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import { RungError } from '../../api/errors';
import { StrictJsonError, parseStrictJson } from '../strict-json';
import { fileChunks } from './chunks';
import { bundleFeatures, type BundleFeature } from './features';
import { verifyBytes } from './signing';

export const BUNDLE_FORMAT = 'rung-bundle';
/** The newest bundle layout this Rung writes and reads: 1, or 2 when a bundle uses features (features.ts). */
export const BUNDLE_SCHEMA_VERSION = 2;
const MAX_MANIFEST_BYTES = 64 * 1024;
const SIGNATURE_CONTEXT = 'rung-bundle-signature-v1\n';

export const bundleKinds = ['work', 'results'] as const;
export type BundleKind = (typeof bundleKinds)[number];

const uuid = z.string().uuid();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');

/** The manifest's fields in the order the signature covers them. */
const ManifestFields = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    schemaVersion: z.number().int().positive(),
    /** The features beyond version 1 the records use (version 2 on); absent in a version 1 bundle. */
    features: z.array(z.enum(bundleFeatures as [BundleFeature, ...BundleFeature[]])).min(1).optional(),
    kind: z.enum(bundleKinds),
    bundleId: uuid,
    workstationId: uuid,
    publicKey: z.string().min(1).max(200),
    createdAt: z.string().datetime(),
    evaluator: z.object({ id: uuid, name: z.string() }).strict(),
    /** The runs the content belongs to (a work bundle's run; the runs a results bundle's judgments were assisted in). */
    runIds: z.array(uuid),
    /** Records in the body, per type. */
    counts: z.record(z.string(), z.number().int().nonnegative()),
    contentBytes: z.number().int().nonnegative(),
    contentSha256: sha256Hex,
  })
  .strict();
const Manifest = ManifestFields.extend({ signature: z.string().min(1).max(200) }).strict();
export type Manifest = z.infer<typeof Manifest>;
export type ManifestFields = z.infer<typeof ManifestFields>;

/** What the signature covers: the context line and the manifest's fields but the signature, in their fixed order. */
export const signedBytes = (fields: ManifestFields): Buffer => {
  const ordered = Object.fromEntries(Object.keys(ManifestFields.shape).map((key) => [key, fields[key as keyof ManifestFields]]));
  return Buffer.from(SIGNATURE_CONTEXT + JSON.stringify(ordered), 'utf8');
};

/** One record of a bundle's body: its type and a table row (a blob as {base64}). */
export interface BundleRecord {
  type: string;
  row: Record<string, unknown>;
}

/** What a bundle carries; the writer consumes `records` once, then reads `runIds` (which the records may fill as they go). */
export interface BundleContent {
  kind: BundleKind;
  evaluator: { id: string; name: string };
  runIds: Iterable<string>;
  records: Iterable<BundleRecord>;
}

/** A bundle whose checksum and signature were verified against the key it names; who that key is, is trust.ts's. */
export interface VerifiedBundle {
  fileName: string;
  /** The file that was verified: its body is read from here again (body.ts), checked to be the same bytes. */
  path: string;
  manifest: Manifest;
  /** SHA-256 of the whole file: what a replay is recognised by, and what the second read must find again. */
  sha256: string;
  /** Where the body starts: the byte after the manifest line. */
  bodyOffset: number;
}

/** Refuses a bundle (BAD_INPUT), naming its file and what is wrong. */
export function refuse(fileName: string, what: string): never {
  throw new RungError('BAD_INPUT', `${fileName}: ${what}; nothing was imported`);
}

/** Refuses (BAD_INPUT) a file that cannot be opened or read, with the system's reason. */
export function cannotRead(fileName: string, error: unknown): never {
  throw new RungError('BAD_INPUT', `${fileName}: cannot read the file: ${(error as Error).message}`);
}

/** Refuses a manifest from a newer Rung: a schema version above this Rung's, or features it does not know. */
function refuseNewer(fileName: string, head: Record<string, unknown>): void {
  const features = Array.isArray(head.features) ? head.features.map(String) : [];
  const unknown = features.filter((f) => !(bundleFeatures as string[]).includes(f));
  const newer = typeof head.schemaVersion === 'number' && head.schemaVersion > BUNDLE_SCHEMA_VERSION;
  if (!newer && unknown.length === 0) return;
  const what = unknown.length ? `features: ${unknown.join(', ')}` : `schema version ${String(head.schemaVersion)}, this Rung reads up to ${BUNDLE_SCHEMA_VERSION}`;
  refuse(fileName, `made by a newer Rung (${what}); update Rung to read it`);
}

/** The manifest line's parsed fields, refusing (naming the file) what is not a manifest this Rung reads. */
function parseManifest(head: Buffer, fileName: string): { manifest: Manifest; bodyOffset: number } {
  if (head.length === 0) refuse(fileName, 'the file is empty, not a Rung bundle');
  if (head[0] === 0x1f && head[1] === 0x8b) refuse(fileName, 'a gzip file, not a Rung bundle (a dataset? `rung import` takes those)');
  const newline = head.indexOf(0x0a);
  if (newline < 0) refuse(fileName, `not a Rung bundle: no manifest line within the first ${MAX_MANIFEST_BYTES / 1024} KiB (a truncated or corrupted file?)`);
  let parsed: unknown;
  try {
    parsed = parseStrictJson(head.subarray(0, newline).toString('utf8'));
  } catch (error) {
    const where = error instanceof StrictJsonError && error.path ? `${error.path}: ` : '';
    refuse(fileName, `line 1 (the manifest): ${where}${(error as Error).message} (not a Rung bundle, or corrupted)`);
  }
  const fields = parsed as Record<string, unknown>;
  if (typeof fields !== 'object' || fields === null || fields.format !== BUNDLE_FORMAT) refuse(fileName, 'line 1 is not a Rung bundle manifest (format is not "rung-bundle")');
  refuseNewer(fileName, fields);
  const manifest = Manifest.safeParse(parsed);
  if (!manifest.success) {
    const issue = manifest.error.issues[0];
    refuse(fileName, `line 1 (the manifest): ${issue.path.join('.') || '(manifest)'}: ${issue.message}`);
  }
  return { manifest: manifest.data!, bodyOffset: newline + 1 };
}

/** The first `length` bytes of an open file (fewer when it is shorter). */
function readHead(fd: number, length: number): Buffer {
  const head = Buffer.alloc(length);
  let filled = 0;
  for (let read = -1; filled < length && read !== 0; filled += read) read = readSync(fd, head, filled, length - filled, filled);
  return head.subarray(0, filled);
}

/**
 * Reads the bundle file at `path` in one pass of fixed-size chunks: its manifest line (within the first 64 KiB), then
 * the body's length, SHA-256 and the manifest's signature are checked — before any of the body is decompressed or
 * parsed. Refuses (BAD_INPUT) naming the file as `fileName`.
 */
export function verifyBundleFile(path: string, fileName: string): VerifiedBundle {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    cannotRead(fileName, error);
  }
  try {
    const { manifest: m, bodyOffset } = parseManifest(readHead(fd, MAX_MANIFEST_BYTES), fileName);
    const whole = createHash('sha256');
    const body = createHash('sha256');
    let position = 0;
    for (const chunk of fileChunks(fd)) {
      whole.update(chunk);
      body.update(chunk.subarray(Math.max(0, bodyOffset - position)));
      position += chunk.length;
    }
    const bodyBytes = position - bodyOffset;
    if (bodyBytes < m.contentBytes) refuse(fileName, `truncated: ${bodyBytes} of the ${m.contentBytes} bytes of content the manifest announces`);
    if (bodyBytes > m.contentBytes) refuse(fileName, `${bodyBytes - m.contentBytes} bytes more than the ${m.contentBytes} bytes of content the manifest announces`);
    if (body.digest('hex') !== m.contentSha256) refuse(fileName, "wrong checksum: the content's SHA-256 is not the manifest's (corrupted or changed after it was made)");
    const { signature, ...fields } = m;
    if (!verifyBytes(m.publicKey, signedBytes(fields), signature)) {
      refuse(fileName, `the signature does not verify with the key it names (workstation ${m.workstationId}): the manifest was changed after it was signed`);
    }
    return { fileName, path, manifest: m, sha256: whole.digest('hex'), bodyOffset };
  } finally {
    closeSync(fd);
  }
}

const BlobValue = z.object({ base64: z.string() }).strict();
const CellValue = z.union([z.string(), z.number(), z.null(), BlobValue]);
const Record_ = z.object({ type: z.string().min(1).max(50), row: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/), CellValue) }).strict();

/** One line of a body as a record, refusing (naming the file and record number `n`) a malformed one. */
export function parseRecord(fileName: string, n: number, line: string): BundleRecord {
  let value: unknown;
  try {
    value = parseStrictJson(line);
  } catch (error) {
    const where = error instanceof StrictJsonError && error.path ? `${error.path}: ` : '';
    refuse(fileName, `record ${n}: ${where}${(error as Error).message}`);
  }
  const record = Record_.safeParse(value);
  if (!record.success) {
    const issue = record.error.issues[0];
    refuse(fileName, `record ${n}: ${issue.path.join('.') || '(record)'}: ${issue.message}`);
  }
  return record.data! as BundleRecord;
}

/** A stored cell as a record carries it: a blob becomes {base64}. */
export const encodeCell = (value: unknown): unknown => (Buffer.isBuffer(value) ? { base64: value.toString('base64') } : value);
/** A record's cell as SQLite stores it. */
export const decodeCell = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && 'base64' in value ? Buffer.from((value as { base64: string }).base64, 'base64') : value;
