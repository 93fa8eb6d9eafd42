// The desktop window's paths: a token from the app's own dialog becomes its path once, within its lifetime; a path
// the page typed (an import's or a scoring file's) is refused before the contract sees it.
import { describe, expect, it } from 'vitest';
import { PICKED_TOKEN } from '../../electron/api/file-picker';
import { admitWindowCall, PICKED_TOKEN_LIFETIME_MS, PickedPaths } from '../../electron/main/picked-paths';

describe('picked paths', () => {
  it('grants a fresh 64-hex token per pick and redeems each once', () => {
    const picked = new PickedPaths();
    const first = picked.grant('/data/a.jsonl');
    const second = picked.grant('/data/a.jsonl');
    expect(first).toMatch(PICKED_TOKEN);
    expect(second).not.toBe(first);
    expect(picked.redeem(first)).toBe('/data/a.jsonl');
    expect(picked.redeem(first)).toBeUndefined();
    expect(picked.redeem(second)).toBe('/data/a.jsonl');
    expect(picked.redeem('0'.repeat(64))).toBeUndefined();
  });

  it('forgets a token after its lifetime', () => {
    let now = 1_000;
    const picked = new PickedPaths(() => now);
    const token = picked.grant('/data/a.jsonl');
    now += PICKED_TOKEN_LIFETIME_MS;
    expect(picked.redeem(token)).toBeUndefined();
  });
});

describe("admitting the window's calls", () => {
  it("lets a preview read the picked file without using its token up; the import then uses it", () => {
    let now = 1_000;
    const picked = new PickedPaths(() => now);
    const token = picked.grant('/data/pairs.jsonl');
    const preview = { source: { kind: 'picked', token }, records: 5 };
    const path = { source: { kind: 'path', path: '/data/pairs.jsonl' } };
    expect(admitWindowCall('previewImport', preview, picked)).toEqual({ ok: true, params: { ...path, records: 5 } });
    expect(admitWindowCall('previewImport', preview, picked)).toEqual({ ok: true, params: { ...path, records: 5 } });
    expect(admitWindowCall('importDataset', { source: { kind: 'picked', token }, format: 'mapped' }, picked)).toEqual({ ok: true, params: { ...path, format: 'mapped' } });
    expect(admitWindowCall('previewImport', preview, picked)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('choose the file again') } });
    // a typed path is refused; an expired token previews nothing
    expect(admitWindowCall('previewImport', path, picked)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining("choose the file with the Import form's file picker") } });
    const late = picked.grant('/data/pairs.jsonl');
    now += PICKED_TOKEN_LIFETIME_MS;
    expect(admitWindowCall('previewImport', { source: { kind: 'picked', token: late } }, picked)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('turns a picked token into its path, once', () => {
    const picked = new PickedPaths();
    const token = picked.grant('/data/prefs.jsonl');
    const params = { source: { kind: 'picked', token }, format: 'trl', progressId: 'p1' };
    expect(admitWindowCall('importDataset', params, picked)).toEqual({
      ok: true,
      params: { source: { kind: 'path', path: '/data/prefs.jsonl' }, format: 'trl', progressId: 'p1' },
    });
    expect(admitWindowCall('importDataset', params, picked)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/^importDataset: the chosen file is no longer known to the app .*choose the file again$/) },
    });
  });

  it('refuses a path the page typed, for an import and for scoring, and a token of the wrong shape', () => {
    const picked = new PickedPaths();
    expect(admitWindowCall('importDataset', { source: { kind: 'path', path: '/etc/shadow' } }, picked)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: "importDataset: a file path sent by the page is refused; choose the file with the Import form's file picker" },
    });
    expect(admitWindowCall('scoreComparisons', { modelId: 'm', path: '/etc/passwd' }, picked)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(admitWindowCall('importDataset', { source: { kind: 'picked', token: '/etc/shadow' } }, picked)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it("takes an encoder folder only by the dialog's token, never by a path the page typed", () => {
    const picked = new PickedPaths();
    const token = picked.grant('/models/minilm');
    expect(admitWindowCall('addEncoder', { picked: token, name: 'mini' }, picked)).toEqual({ ok: true, params: { name: 'mini', path: '/models/minilm' } });
    expect(admitWindowCall('addEncoder', { picked: token }, picked)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('choose the folder again') } });
    expect(admitWindowCall('addEncoder', { path: '/home/someone/.ssh' }, picked)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: "addEncoder: a folder path sent by the page is refused; choose the folder with the Encoders section's folder picker" },
    });
  });

  it('passes every other call unchanged, uploads included (the contract validates them next)', () => {
    const picked = new PickedPaths();
    const upload = { source: { kind: 'upload', uploadId: 'a'.repeat(32), name: 'a.jsonl' } };
    for (const [method, params] of [['importDataset', upload], ['getStats', {}], ['importDataset', null], ['scoreComparisons', { modelId: 'm' }]] as const) {
      expect(admitWindowCall(method, params, picked)).toEqual({ ok: true, params });
    }
  });
});
