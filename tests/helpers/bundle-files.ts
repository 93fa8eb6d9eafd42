// Test helper: a bundle written by writeBundleFile and read back as bytes (to tamper with, or to send as an upload).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleContent, Manifest } from '../../electron/core/bundles/format';
import { writeBundleFile } from '../../electron/core/bundles/write';
import { tempDir } from './store';

export function bundleBytes(content: BundleContent, signer: { id: string; publicKey: string; privateKey: string }, now = new Date().toISOString()): { bytes: Buffer; manifest: Manifest } {
  const dir = tempDir('rung-bundle-test-');
  try {
    const path = join(dir, 'b.rungbundle');
    const { manifest } = writeBundleFile(content, signer, now, path);
    return { bytes: readFileSync(path), manifest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
