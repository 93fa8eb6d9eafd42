// Writing a bundle file (format.ts) with memory flat over its size: the records are serialised line by line into gzip
// members (one gzipSync per ~1 MiB of lines: a gzip stream may be several members, which every gunzip — this Rung's
// and older ones' — reads as one), hashed and written to a temp file beside the target; then the signed manifest line
// and that body go to a second temp file, renamed onto the target, so the file is whole or not there at all.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { RungError } from '../../api/errors';
import { fileChunks } from './chunks';
import { featureCollector } from './features';
import { BUNDLE_FORMAT, BUNDLE_SCHEMA_VERSION, signedBytes, type BundleContent, type BundleRecord, type Manifest, type ManifestFields } from './format';
import { signBytes } from './signing';

/** About how many bytes of JSONL go into one gzip member. */
const MEMBER_BYTES = 1024 * 1024;

export interface WrittenBundleFile {
  manifest: Manifest;
  /** The file's length and SHA-256. */
  bytes: number;
  sha256: string;
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
}

/** Writes the records as gzipped JSONL to `path`: what they count per type, the features they use, the body's length and SHA-256. */
function writeBody(records: Iterable<BundleRecord>, path: string) {
  const fd = openSync(path, 'w');
  try {
    const counts: Record<string, number> = {};
    const features = featureCollector();
    const hash = createHash('sha256');
    let bytes = 0;
    let members = 0;
    let batch: string[] = [];
    let batchLength = 0;
    const flush = () => {
      const member = gzipSync(batch.join(''));
      hash.update(member);
      writeAll(fd, member);
      bytes += member.length;
      members++;
      batch = [];
      batchLength = 0;
    };
    for (const record of records) {
      counts[record.type] = (counts[record.type] ?? 0) + 1;
      features.add(record);
      const line = `${JSON.stringify(record)}\n`;
      batch.push(line);
      batchLength += line.length;
      if (batchLength >= MEMBER_BYTES) flush();
    }
    if (batchLength > 0 || members === 0) flush(); // no records: one empty member, as gzip of nothing
    return { counts, features: features.list(), bytes, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/** Writes `manifestLine` then the body file's bytes to `path`, flushed to disk: the file's length and SHA-256. */
function writeWhole(path: string, manifestLine: Buffer, bodyPath: string): { bytes: number; sha256: string } {
  const hash = createHash('sha256').update(manifestLine);
  let bytes = manifestLine.length;
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, manifestLine);
    const body = openSync(bodyPath, 'r');
    try {
      for (const chunk of fileChunks(body)) {
        hash.update(chunk);
        writeAll(fd, chunk);
        bytes += chunk.length;
      }
    } finally {
      closeSync(body);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Writes a bundle to `path`: the manifest line, signed with the workstation's key, and the gzipped records, streamed
 * (the records are read once, then `content.runIds`). Whole or not at all; a file system error is refused naming `path`.
 */
export function writeBundleFile(content: BundleContent, signer: { id: string; publicKey: string; privateKey: string }, now: string, path: string): WrittenBundleFile {
  const bodyPath = `${path}.${process.pid}.body.partial`;
  const partial = `${path}.${process.pid}.partial`;
  try {
    const body = writeBody(content.records, bodyPath);
    const fields: ManifestFields = {
      format: BUNDLE_FORMAT,
      schemaVersion: body.features.length ? BUNDLE_SCHEMA_VERSION : 1,
      ...(body.features.length ? { features: body.features } : {}),
      kind: content.kind,
      bundleId: globalThis.crypto.randomUUID(),
      workstationId: signer.id,
      publicKey: signer.publicKey,
      createdAt: now,
      evaluator: content.evaluator,
      runIds: [...new Set(content.runIds)].sort(),
      counts: body.counts,
      contentBytes: body.bytes,
      contentSha256: body.sha256,
    };
    const manifest: Manifest = { ...fields, signature: signBytes(signer.privateKey, signedBytes(fields)) };
    const whole = writeWhole(partial, Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8'), bodyPath);
    renameSync(partial, path);
    return { manifest, ...whole };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).syscall === undefined) throw error;
    throw new RungError('BAD_INPUT', `${path}: cannot write the bundle: ${(error as Error).message}`);
  } finally {
    rmSync(bodyPath, { force: true });
    rmSync(partial, { force: true });
  }
}
