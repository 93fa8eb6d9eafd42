// Browser mode's uploads, as they arrive: each request body streamed into a fresh file (0600, random name) of this
// process's private upload folder, never held in memory; an upload waits there for the call that takes it (core/uploads.ts)
// for UPLOAD_LIFETIME_MS, then is removed. Folders that ended processes left behind are removed at start.
import { randomBytes } from 'node:crypto';
import { createWriteStream, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UPLOAD_LIFETIME_MS } from '../api/upload';
import { ensureUploadFolder, UPLOAD_FOLDER_PREFIX } from '../core/uploads';

/** The body passed the limit while it arrived (its Content-Length did not say so, or lied). */
export class UploadTooLarge extends Error {}

/** How often expired uploads are looked for. */
const SWEEP_EVERY_MS = 60_000;

/** Whether a process of this id runs (one of another user's counts as running: its folder is not ours to remove). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the upload folders of processes that ended (killed, so they could not clear their own). */
function removeLeftFolders(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(UPLOAD_FOLDER_PREFIX.length));
    if (!name.startsWith(UPLOAD_FOLDER_PREFIX) || !Number.isInteger(pid) || pid <= 0 || pid === process.pid || running(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // another user's: not ours to remove
    }
  }
}

/** The body, read as it comes, failing with UploadTooLarge once it passes `limit` bytes; the request is left open. */
async function* limited(req: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new UploadTooLarge();
    yield chunk;
  }
}

export class Uploads {
  private readonly folder: string;
  /** The uploads this server received and when, until used, expired or the server closes. */
  private readonly received = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly lifetimeMs = UPLOAD_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {
    removeLeftFolders();
    this.folder = ensureUploadFolder();
    this.sweeper = setInterval(() => this.sweep(), Math.min(SWEEP_EVERY_MS, lifetimeMs)).unref();
  }

  /** Streams a request's body into a new upload and answers its id; a body cut short or over `limit` leaves no file. */
  async receive(req: IncomingMessage, limit: number): Promise<string> {
    const uploadId = randomBytes(16).toString('hex');
    const path = join(this.folder, uploadId);
    const partial = `${path}.part`;
    try {
      await pipeline(limited(req, limit), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      if (!req.complete) throw new Error('the upload ended before its body did');
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    this.received.set(uploadId, this.now());
    return uploadId;
  }

  /** Removes the uploads that waited past their lifetime (one a call took is removed by that call). */
  sweep(): void {
    const now = this.now();
    for (const [uploadId, at] of this.received) {
      if (now - at < this.lifetimeMs) continue;
      this.received.delete(uploadId);
      rmSync(join(this.folder, uploadId), { force: true });
    }
  }

  /** Removes every upload this server received, taken ones included, and the folder once empty. */
  close(): void {
    clearInterval(this.sweeper);
    for (const uploadId of this.received.keys()) {
      for (const name of [uploadId, `${uploadId}.taken`]) rmSync(join(this.folder, name), { force: true });
    }
    this.received.clear();
    try {
      rmdirSync(this.folder); // only when empty: another server of this process may still hold uploads there
    } catch {
      // not empty, or gone already
    }
  }
}
