// Import hashing: the engine's batched content ids equal ids.ts contentId (the Node SHA-256 reference) on every
// kind of text — multi-block, non-ASCII, surrogate pairs, lone surrogates, NUL, empty — and bad arguments throw.
import { hash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { engine } from '../../electron/core/engine/addon';
import { contentId, contentIdsOf, contentKey, uuidFromHash } from '../../electron/core/ids';

const reference = (key: string) => uuidFromHash(hash('sha256', key, 'hex'));

function keys(): string[] {
  const texts = ['', 'a', 'What is 2 + 2?', 'é東😀', 'lone \ud800 high', '\udc00 lone low', 'tail high \ud83d', 'nul \u0000 inside', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'w'.repeat(1000)];
  const out: string[] = [];
  for (const a of texts) for (const b of texts) out.push(contentKey('response', a, b));
  for (let n = 0; n < 200; n++) out.push('ü'.repeat(n) + String(n));
  return out;
}

describe('content ids', () => {
  it('a known id: the SHA-256 of the NUL-joined parts as a version-8 UUID', () => {
    expect(contentId('prompt', 'What is 2 + 2?')).toBe('93b745b7-8e2f-81f7-a930-ceb1d044e840');
    expect(contentIdsOf([contentKey('prompt', 'What is 2 + 2?')])).toEqual(['93b745b7-8e2f-81f7-a930-ceb1d044e840']);
  });

  it('the batched ids equal the reference on every key, natively and through contentIdsOf', () => {
    const all = keys();
    const want = all.map(reference);
    const lengths = Uint32Array.from(all, (k) => k.length);
    const joined = engine().contentIds(all.join(''), lengths);
    expect(joined).toHaveLength(36 * all.length);
    expect(all.map((_, i) => joined.slice(36 * i, 36 * i + 36))).toEqual(want);
    expect(contentIdsOf(all)).toEqual(want);
    expect(contentIdsOf([])).toEqual([]);
  });

  it('keys are cut into calls of bounded length, a longer key alone, with the same ids in the same order', () => {
    const all = keys();
    const want = all.map(reference);
    for (const maxCallChars of [1, 100, 1500, 5000]) expect(contentIdsOf(all, maxCallChars)).toEqual(want);
  });

  it('a surrogate pair split across two keys is two lone surrogates, as in separate hashes', () => {
    const split = ['left \ud83d', '\ude00 right'];
    expect(contentIdsOf(split)).toEqual(split.map(reference));
  });

  it('without the engine (not built, or failing to load) the same ids come from the Node SHA-256', async () => {
    const saved = process.env.RUNG_ENGINE_ADDON;
    process.env.RUNG_ENGINE_ADDON = '/nonexistent/rung.node';
    vi.resetModules();
    try {
      const fresh = await import('../../electron/core/ids');
      const all = keys();
      expect(fresh.contentIdsOf(all)).toEqual(all.map(reference));
    } finally {
      if (saved === undefined) delete process.env.RUNG_ENGINE_ADDON;
      else process.env.RUNG_ENGINE_ADDON = saved;
      vi.resetModules();
    }
  });

  it('bad arguments are exceptions with exact messages', () => {
    const native = engine();
    expect(() => native.contentIds(1 as never, new Uint32Array(0))).toThrow(new TypeError('keys must be a string'));
    expect(() => native.contentIds('ab', [1, 1] as never)).toThrow(new TypeError('lengths must be a Uint32Array'));
    expect(() => native.contentIds('ab', new Int32Array([1, 1]) as never)).toThrow(new TypeError('lengths must be a Uint32Array'));
    expect(() => native.contentIds('abc', new Uint32Array([1, 1]))).toThrow(new RangeError('lengths add up to 2 but keys has 3 UTF-16 units'));
    expect(() => native.contentIds('ab', new Uint32Array([4294967295, 3]))).toThrow(RangeError);
    expect(() => native.contentIds('', new Uint32Array(2 ** 23 + 1))).toThrow(new RangeError('lengths has 8388609 keys; at most 8388608 per call'));
  });
});
