// The engine addon's exports fuzzed from Node under AddressSanitizer and UBSan (#17): every function and method is
// called directly (not through electron/core/engine, which filters bad input first) with generated arguments — wrong
// types, missing arguments, typed arrays of the wrong element type, lengths that disagree with the stated shapes,
// NaN/±Inf/denormals, out-of-range and non-integer sizes and hyper-parameters, the same buffer in several roles,
// subarrays, detached, resizable and shared buffers — mixed with valid calls (train → score → serialize → mutated
// blobs loaded). Each call must return (or resolve) or throw (or reject) an Error with a message; an argument that is
// plainly wrong must be refused; a crash, an abort or a sanitizer report fails the run. The fixed cases (inputs that
// once crashed) run first. Deterministic in its seed.
//
//   node node_modules/jiti/lib/jiti-cli.mjs tests/native/fuzz-addon-child.ts ADDON.node [calls] [seed]
//
// ADDON.node is loaded by its path with process.dlopen (not the app's lookup, electron/core/engine/addon.ts). It must
// be the RUNG_SANITIZE=ON build; tests/helpers/addon-asan.ts builds it and runs this with the environment below, which
// is what works with Node 20 (a plain, unsanitized node binary) and GCC 12 here:
// - LD_PRELOAD=$(gcc -print-file-name=libasan.so): ASan must be the first library loaded, else it aborts at dlopen with
//   "ASan runtime does not come first in initial library list". (ASAN_OPTIONS=verify_asan_link_order=0 silences that
//   but leaves malloc and free un-intercepted before the addon loads; not used.) libubsan need not be preloaded: the
//   addon needs it and it loads with the addon; -fno-sanitize-recover=undefined makes any UBSan report abort.
// - ASAN_OPTIONS=detect_leaks=0: Node does not free everything at exit (V8's isolate, per-process tables), by design,
//   so LeakSanitizer would report Node itself at every exit.
// - allow_user_segv_handler=0: Node installs its own SIGSEGV handler (WebAssembly bounds traps), which would turn a
//   wild read into a bare exit 139; ASan's keeps it and reports where.
// - allocator_may_return_null=1 with max_allocation_size_mb=2048: a request the engine may legitimately fail on
//   (2^31 parameters are allowed) becomes std::bad_alloc, which the addon turns into an "out of memory" Error,
//   instead of an ASan abort or the machine's memory running out.
// Borrowed, not copied: the float arrays (items.data, items.val, pairs.target, pairs.weight), which the engine reads in
// place; changing one while a call that uses it runs (writing it, detaching or shrinking its buffer) is not fuzzed and
// electron/core/engine/index.ts documents it as not allowed (written, it only changes the numbers). The index arrays
// (items.rowPtr, items.col, pairs.a/b, scorePairs' a/b, featurize's promptOf) are copied when the call starts: changing
// them afterwards cannot move a read out of bounds, and the fixed cases below do so.
// RUNG_FUZZ_TRACE=1 prints each call before it is made (to find the call behind a sanitizer report).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { writeTinyEncoder } from '../helpers/encoders';

/** What a call must do: return (a valid call), be refused (a plainly wrong argument), or either. */
type Expect = 'ok' | 'refuse' | 'any';
/** A generated argument and what it demands of the call. */
type Arg = [value: unknown, expect: Expect];
interface Case {
  fn: string;
  what: string;
  expect: Expect;
  run: () => unknown;
  /** The exact refusal, where known (the fixed cases). */
  message?: string;
}
type Native = Record<string, any>; // the raw addon: called with anything, on purpose

// ---- seeded draws (splitmix32) ---------------------------------------------------------------------------

class Draw {
  constructor(private state: number) {}
  next(): number {
    let z = (this.state = (this.state + 0x9e3779b9) | 0);
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
  below(n: number): number {
    return Math.floor((this.next() / 2 ** 32) * n);
  }
  chance(p: number): boolean {
    return this.next() / 2 ** 32 < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)];
  }
  float(): number {
    return this.next() / 2 ** 32 - 0.5;
  }
}

const worst = (...e: Expect[]): Expect => (e.includes('refuse') ? 'refuse' : e.includes('any') ? 'any' : 'ok');

// ---- values of every kind ----------------------------------------------------------------------------

const denormal = 1e-40; // below FLT_MIN: a float32 denormal
const throwingGetter = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error('a getter that throws');
      },
      has: () => true,
    },
  );
const detached = <T extends ArrayBufferView>(make: (b: ArrayBuffer) => T): T => {
  const buffer = new ArrayBuffer(16);
  const view = make(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  return view;
};

const isU32 = (v: unknown) => v instanceof Uint32Array;
const isF32 = (v: unknown) => v instanceof Float32Array;
const isString = (v: unknown) => typeof v === 'string';
const isStrings = (v: unknown) => Array.isArray(v) && v.every(isString);

/** A value of the wrong kind for a parameter (none that `fits` it): refused where a number, string, boolean, object, array or typed array is due. */
function junk(d: Draw, fits: (v: unknown) => boolean = () => false): unknown {
  for (;;) {
    const v = junkOnce(d);
    if (!fits(v)) return v;
  }
}
function junkOnce(d: Draw): unknown {
  switch (d.below(24)) {
    case 0: return undefined;
    case 1: return null;
    case 2: return d.chance(0.5);
    case 3: return `${d.below(10)}`;
    case 4: return {};
    case 5: return [];
    case 6: return [1, 2, 3];
    case 7: return () => 1;
    case 8: return Symbol('junk');
    case 9: return BigInt(d.below(5));
    case 10: return new Float64Array(4);
    case 11: return new Int32Array(4);
    case 12: return new Uint8Array(4);
    case 13: return new Uint8ClampedArray(4);
    case 14: return new BigUint64Array(2);
    case 15: return new DataView(new ArrayBuffer(8));
    case 16: return new ArrayBuffer(8);
    case 17: return new Date(0);
    case 18: return throwingGetter();
    case 19: return new Float32Array(4);
    case 20: return new Uint32Array(4);
    case 21: return Buffer.alloc(4);
    case 22: return new Int16Array(4);
    default: return new Map();
  }
}

/** An integer parameter of range [lo, hi]; valid draws stay at or below `cheap` so that accepted calls stay small. */
function int(d: Draw, lo: number, hi: number, cheap: number): Arg {
  const huge = (v: number): Arg => [v, Number.isInteger(v) && v >= lo && v <= hi ? 'any' : 'refuse'];
  switch (d.below(12)) {
    case 0: return [lo - 1, 'refuse'];
    case 1: return [hi + 1, 'refuse'];
    case 2: return [lo + 0.5, 'refuse'];
    case 3: return [d.pick([NaN, Infinity, -Infinity]), 'refuse'];
    case 4: return huge(d.pick([2 ** 31, 2 ** 32, 2 ** 53, 2 ** 64, -(2 ** 31), 1e308, -1e308]));
    case 5: return [d.pick([denormal, Number.MIN_VALUE, -Number.MIN_VALUE]), 'refuse'];
    case 6: return [junk(d), 'refuse'];
    case 7: return [String(lo), 'refuse'];
    default: return [lo + d.below(Math.min(hi, cheap) - lo + 1), 'ok'];
  }
}
function num(d: Draw, lo: number, hi: number): Arg {
  switch (d.below(8)) {
    case 0: return [d.pick([NaN, Infinity, -Infinity]), 'refuse'];
    case 1: return [lo - 1e-3 - Math.abs(lo), 'refuse'];
    case 2: return [hi + 1, 'refuse'];
    case 3: return [junk(d), 'refuse'];
    case 4: return [denormal, denormal >= lo && denormal <= hi ? 'ok' : 'refuse'];
    default: return [lo + (hi - lo) * (d.float() + 0.5), 'ok'];
  }
}
function bool(d: Draw): Arg {
  return d.chance(0.7) ? [d.chance(0.5), 'ok'] : [d.pick<unknown>([0, 1, 'true', null, undefined, junk(d, (v) => typeof v === 'boolean')]), 'refuse'];
}
/** One of `valid` (strings), or a near miss. `optional`: undefined is allowed. */
function word(d: Draw, valid: string[], optional: boolean): Arg {
  switch (d.below(8)) {
    case 0: return [undefined, optional ? 'ok' : 'refuse'];
    case 1: return [d.pick(valid).toUpperCase(), 'refuse'];
    case 2: return [`${d.pick(valid)}\0`, 'refuse'];
    case 3: return [d.pick(['', ' ', 'x', '\uD800', 'é'.repeat(300)]), 'refuse'];
    case 4: return [junk(d, (v) => optional && v === undefined), 'refuse'];
    default: return [d.pick(valid), 'ok'];
  }
}
function threads(d: Draw): Arg {
  return int(d, 1, 1024, 3);
}
function device(d: Draw): Arg {
  const [v, e] = word(d, ['auto', 'cpu', 'cuda'], true);
  return [v, v === 'cuda' ? 'any' : e]; // 'cuda' is refused on a machine without a GPU, with the reason
}
function precision(d: Draw): Arg {
  const [v, e] = word(d, ['fp32', 'bf16'], true);
  return [v, v === 'bf16' ? 'any' : e]; // 'bf16' needs AMX
}
/** Arbitrary text: ASCII, lone and paired surrogates, NUL, combining marks, digits and arithmetic, long runs. */
function text(d: Draw): string {
  const parts = ['a', 'hello', ' ', '\0', '\uD800', '\uDC00', '\uD83D\uDE00', 'é', 'e\u0301', '中', '2+2=4', '7 * 6 = 41', '1e308', '\n', '##', '[CLS]'];
  let s = '';
  const n = d.chance(0.05) ? 20000 : d.below(12);
  for (let i = 0; i < n; i++) s += d.pick(parts);
  return s;
}

// ---- tables ------------------------------------------------------------------------------------------

interface Table {
  dim: number;
  n: number;
  dense: Float32Array;
  rowPtr: Uint32Array;
  col: Uint32Array;
  val: Float32Array;
}
function table(d: Draw, dim: number, n: number): Table {
  const dense = Float32Array.from({ length: n * dim }, () => d.float());
  const rowPtr = new Uint32Array(n + 1);
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = d.below(4);
    for (let j = 0; j < k; j++) cols.push(d.below(dim));
    rowPtr[i + 1] = cols.length;
  }
  return { dim, n, dense, rowPtr, col: Uint32Array.from(cols), val: Float32Array.from(cols, () => d.float()) };
}

/** A copy of `values`, laid out as drawn: plain, a subarray at an odd element offset, on a shared or a resizable (length-tracking) buffer. */
function place<T extends Float32Array | Uint32Array>(d: Draw, values: T): T {
  const C = values.constructor as new (b: ArrayBufferLike, o?: number, n?: number) => T;
  const bytes = values.length * 4;
  switch (d.below(6)) {
    case 0: {
      const at = 1 + 2 * d.below(3);
      const big = new C(new ArrayBuffer(bytes + at * 4 + 4), at * 4, values.length);
      big.set(values);
      return big;
    }
    case 1: {
      const shared = new C(new SharedArrayBuffer(Math.max(bytes, 4)), 0, values.length);
      shared.set(values);
      return shared;
    }
    case 2: {
      const resizable = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer)(bytes, { maxByteLength: bytes + 64 });
      const tracking = new C(resizable);
      tracking.set(values);
      return tracking;
    }
    default:
      return values.slice() as T;
  }
}

/** Whether CSR offsets are valid for `nnz` entries: from 0, never decreasing, ending at nnz. */
const csrValid = (r: Uint32Array, nnz: number) => r.length >= 2 && r[0] === 0 && r[r.length - 1] === nnz && r.every((x, i) => i === 0 || x >= r[i - 1]);

/**
 * Items (dense or sparse rows of `t`, of dimension `textDim` for text features), valid or with one thing wrong.
 * `exact`: for a model, which takes one dimension only; training takes any that fits the data.
 */
function items(d: Draw, t: Table, textDim: number, exact: boolean): Arg {
  const sparse = textDim > 0 || d.chance(0.4);
  const dim = textDim || t.dim;
  const good = () =>
    sparse ? { dim, rowPtr: place(d, t.rowPtr), col: place(d, t.col), val: place(d, t.val) } : { dim, data: place(d, t.dense) };
  if (d.chance(0.35)) return [good(), 'ok'];
  const o: Record<string, unknown> = good();
  const values = sparse ? 'val' : 'data';
  /** Sets one value of o[values] (a copy); false when there is none. */
  const setOne = (value: number): boolean => {
    const x = (o[values] as Float32Array).slice();
    if (x.length) x[d.below(x.length)] = value;
    o[values] = x;
    return x.length > 0;
  };
  switch (d.below(sparse ? 16 : 11)) {
    case 0: return [junk(d), 'refuse'];
    case 1: { const [v, e] = int(d, 1, 2 ** 31, dim); o.dim = v; return [o, e === 'refuse' ? e : v === dim ? 'ok' : exact ? 'refuse' : 'any']; }
    case 2: {
      const other = dim + d.pick([1, -1]);
      o.dim = other;
      if (exact || other < 1) return [o, 'refuse'];
      // dense rows of another width are valid but change the item count, which pairs were drawn for
      return [o, sparse ? (t.col.some((c) => c >= other) ? 'refuse' : 'ok') : t.dense.length % other === 0 ? 'any' : 'refuse'];
    }
    case 3: { const k = sparse ? d.pick(['rowPtr', 'col', 'val']) : 'data'; o[k] = junk(d, k === 'rowPtr' || k === 'col' ? isU32 : isF32); return [o, 'refuse']; }
    case 4: delete o[sparse ? d.pick(['rowPtr', 'col', 'val']) : 'data']; return [o, 'refuse'];
    case 5: return [o, setOne(d.pick([NaN, Infinity, -Infinity])) ? 'refuse' : 'ok'];
    case 6: setOne(d.pick([denormal, -0, 3.4e38, -3.4e38])); return [o, 'ok'];
    case 7: o[sparse ? d.pick(['rowPtr', 'col', 'val']) : 'data'] = sparse && d.chance(0.5) ? detached((b) => new Uint32Array(b)) : detached((b) => new Float32Array(b)); return [o, 'refuse'];
    case 8: if (!sparse) { o.data = (o.data as Float32Array).subarray(0, (o.data as Float32Array).length - d.pick([1, dim - 1, (o.data as Float32Array).length])); return [o, 'refuse']; }
      o.rowPtr = (o.rowPtr as Uint32Array).subarray(0, d.below(2)); return [o, 'refuse'];
    case 9: o.dim = { valueOf: () => dim }; return [o, 'refuse'];
    case 10: {
      const bad = sparse ? 'col' : 'data';
      const get = (target: object, key: string | symbol) => {
        if (key === bad) throw new RangeError('a getter that throws');
        return Reflect.get(target, key);
      };
      return [new Proxy(o, { get }), 'refuse'];
    }
    // sparse only
    case 11: { const r = (o.rowPtr as Uint32Array).slice(); r[0] = 1 + d.below(3); o.rowPtr = r; return [o, 'refuse']; }
    case 12: { const r = (o.rowPtr as Uint32Array).slice(); const i = 1 + d.below(r.length - 1); r[i] += d.pick([1, 2 ** 32 - 1, 7]); o.rowPtr = r; return [o, csrValid(r, t.col.length) ? 'ok' : 'refuse']; }
    case 13: { const c = (o.col as Uint32Array).slice(); if (!c.length) return [o, 'ok']; c[d.below(c.length)] = d.pick([dim, dim + 1, 2 ** 32 - 1, 2 ** 31]); o.col = c; return [o, 'refuse']; }
    case 14: o.val = (o.val as Float32Array).subarray(0, Math.max(0, (o.val as Float32Array).length - 1)); return [o, (o.col as Uint32Array).length ? 'refuse' : 'ok'];
    default: o.col = o.rowPtr; return [o, 'any']; // the same array as offsets and columns
  }
}

/** How many items drawn items hold (their rows of data, or rowPtr's length − 1); `fallback` when that cannot be told. */
function itemCount(v: unknown, fallback: number): number {
  try {
    const o = v as { dim: unknown; data?: unknown; rowPtr?: unknown };
    if (o.data instanceof Float32Array && typeof o.dim === 'number' && o.dim >= 1) return Math.floor(o.data.length / o.dim);
    if (o.rowPtr instanceof Uint32Array && o.rowPtr.length >= 2) return o.rowPtr.length - 1;
  } catch {
    // a proxy whose getter throws
  }
  return fallback;
}

/** Pairs over `n` items: valid, or one thing wrong; sometimes one buffer in several roles. */
function pairs(d: Draw, n: number): Arg {
  const P = 1 + d.below(12);
  const a = Uint32Array.from({ length: P }, () => d.below(n));
  const b = Uint32Array.from({ length: P }, () => d.below(n));
  const target = Float32Array.from({ length: P }, () => d.pick([0, 1, 0.5, 0.25]));
  const o: Record<string, unknown> = { a: place(d, a), b: place(d, b), target: place(d, target) };
  if (d.chance(0.3)) o.weight = Float32Array.from({ length: P }, () => d.pick([1, 0, 2.5, denormal]));
  if (d.chance(0.35)) return [o, 'ok'];
  const one = (key: string, bad: number) => { const x = (o[key] as Float32Array | Uint32Array).slice(); x[d.below(P)] = bad; o[key] = x; };
  switch (d.below(13)) {
    case 0: return [junk(d), 'refuse'];
    case 1: one(d.pick(['a', 'b']), d.pick([n, n + 1, 2 ** 32 - 1])); return [o, 'refuse'];
    case 2: one('target', d.pick([NaN, -0.5, 1.5, Infinity, -Infinity])); return [o, 'refuse'];
    case 3: o.weight = Float32Array.from({ length: P }, () => 1); one('weight', d.pick([NaN, -1, Infinity, -denormal])); return [o, 'refuse'];
    case 4: { const k = d.pick(['a', 'b', 'target', 'weight']); o[k] = junk(d, k === 'a' || k === 'b' ? isU32 : isF32); return [o, k === 'weight' && o[k] === undefined ? 'ok' : 'refuse']; }
    case 5: { const k = d.pick(['a', 'b', 'target']); o[k] = (o[k] as Uint32Array).subarray(0, P - 1); return [o, 'refuse']; }
    case 6: o.weight = new Float32Array(P + d.pick([1, -1])); return [o, 'refuse'];
    case 7: return [{ a: new Uint32Array(0), b: new Uint32Array(0), target: new Float32Array(0) }, 'refuse'];
    case 8: o.b = o.a; return [o, 'ok']; // one array for both sides
    case 9: o.target = new Float32Array((o.a as Uint32Array).buffer, (o.a as Uint32Array).byteOffset, P); return [o, 'any']; // target aliases a's bytes
    case 10: o.weight = o.target; return [o, 'ok'];
    case 11: o.a = detached((buf) => new Uint32Array(buf)); return [o, 'refuse'];
    default: delete o[d.pick(['a', 'b', 'target'])]; return [o, 'refuse'];
  }
}

/** Featurizer settings; `optional` (training): null and undefined mean none. */
function featurizer(d: Draw, optional: boolean): Arg {
  const o: Record<string, unknown> = { bucketBits: 4 + d.below(4), bigrams: d.chance(0.5), hashSeed: d.below(1000), arithmetic: d.chance(0.5) };
  if (d.chance(0.4)) return [o, 'ok'];
  const key = d.pick(['bucketBits', 'bigrams', 'hashSeed', 'arithmetic', 'whole']);
  if (key === 'whole') return [junk(d, (v) => optional && v == null), 'refuse'];
  const [v, e] = key === 'bucketBits' ? int(d, 4, 24, 7) : key === 'hashSeed' ? int(d, 0, 2 ** 53 - 1, 1000) : bool(d);
  o[key] = v;
  return [o, e];
}

function trainOptions(d: Draw): Arg {
  const o: Record<string, unknown> = {
    hidden: 1 + d.below(6), members: 1 + d.below(3), activation: d.pick(['relu', 'gelu']), batchSize: 1 + d.below(8), epochs: 1 + d.below(3),
    learningRate: 0.01, weightDecay: 0.01, validationFraction: d.pick([0, 0.25]), patience: 2, bootstrap: d.chance(0.5), seed: d.below(100),
    threads: 1 + d.below(2), device: d.pick(['cpu', 'auto']),
  };
  if (d.chance(0.4)) return [o, 'ok'];
  const verdicts = new Map<string, Expect>(); // a key drawn twice keeps its last verdict
  const mutate = (): void => {
    switch (d.pick(['hidden', 'members', 'activation', 'batchSize', 'epochs', 'learningRate', 'weightDecay', 'validationFraction', 'patience', 'bootstrap', 'seed', 'threads', 'device', 'precision', 'drop'])) {
      case 'hidden': return set('hidden', int(d, 1, 65536, 64));
      case 'members': return set('members', int(d, 1, 256, 8));
      case 'activation': return set('activation', word(d, ['relu', 'gelu'], false));
      case 'batchSize': return set('batchSize', int(d, 1, 2 ** 20, 2 ** 20));
      case 'epochs': return set('epochs', int(d, 1, 100000, 20));
      case 'learningRate': return set('learningRate', num(d, 1e-9, 10));
      case 'weightDecay': return set('weightDecay', num(d, 0, 10));
      case 'validationFraction': return set('validationFraction', num(d, 0, 0.9));
      case 'patience': return set('patience', int(d, 1, 100000, 100000));
      case 'bootstrap': return set('bootstrap', bool(d));
      case 'seed': return set('seed', int(d, 0, 2 ** 53 - 1, 2 ** 53 - 1));
      case 'threads': return set('threads', threads(d));
      case 'device': return set('device', device(d));
      case 'precision': return set('precision', precision(d));
      default: { const k = d.pick(['hidden', 'members', 'activation', 'epochs', 'learningRate', 'seed', 'threads']); delete o[k]; return void verdicts.set(k, 'refuse'); }
    }
  };
  const set = (key: string, [v, e]: Arg): void => {
    o[key] = v;
    verdicts.set(key, e);
  };
  mutate();
  if (d.chance(0.3)) mutate();
  return d.chance(0.05) ? [junk(d), 'refuse'] : [o, worst(...verdicts.values())];
}

// ---- the cases -----------------------------------------------------------------------------------------

interface Fixtures {
  native: Native;
  t: Table;
  model: Native;
  textModel: Native;
  textFeatures: { dim: number; rowPtr: Uint32Array; col: Uint32Array; val: Float32Array; n: number };
  blob: Buffer;
  encoder: Native;
  encoderDir: string;
  /** Objects of every class, for calling methods on the wrong receiver. */
  receivers: unknown[];
}

/**
 * f(args) from the generators: all valid or all drawn freely now and then, mostly one argument drawn freely and the
 * others valid (so that each bad argument meets valid ones and is the one refused); sometimes truncated (missing
 * arguments) or with an extra one. `required`: how many leading arguments may not be left out.
 */
function callWith(fn: string, d: Draw, gens: (() => Arg)[], required: number, f: (...args: unknown[]) => unknown): Case {
  const valid = (g: () => Arg): Arg => {
    for (let i = 0; i < 500; i++) {
      const a = g();
      if (a[1] === 'ok') return a;
    }
    throw new Error(`${fn}: no valid argument drawn in 500 tries`);
  };
  const mode = d.below(10); // 0: all valid, 1: all free, else one free
  const free = d.below(gens.length);
  const args = gens.map((g, i) => (mode === 1 || (mode > 1 && i === free) ? g() : valid(g)));
  let values = args.map((a) => a[0]);
  let expect = worst(...args.map((a) => a[1]));
  let what = ` [${args.map((a) => a[1]).join(' ')}]`; // each argument's verdict
  if (d.chance(0.06)) {
    const k = d.below(gens.length);
    values = values.slice(0, k);
    what += `, first ${k} arguments only`;
    expect = k < required ? 'refuse' : worst(...args.slice(0, k).map((a) => a[1]));
  } else if (d.chance(0.03)) {
    values = [...values, junk(d)];
    what += ', an extra argument';
  }
  return { fn, what: `${describe(values)}${what}`, expect, run: () => f(...values) };
}

function describe(values: unknown[]): string {
  const one = (v: unknown, depth: number): string => {
    if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as Float32Array).length ?? v.byteLength}${v.byteOffset ? ` @${v.byteOffset}` : ''})`;
    if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…(${v.length})` : v);
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol' || typeof v === 'function') return String(v);
    if (v instanceof ArrayBuffer) return `ArrayBuffer(${v.byteLength})`;
    if (Array.isArray(v)) return `[${v.slice(0, 4).map((x) => one(x, depth + 1)).join(', ')}${v.length > 4 ? ', …' : ''}]`;
    if (v && typeof v === 'object') {
      if (depth > 1 || v instanceof Map || v instanceof Date) return Object.prototype.toString.call(v);
      try {
        return `{${Object.entries(v).map(([k, x]) => `${k}: ${one(x, depth + 1)}`).join(', ')}}`;
      } catch {
        return '{a throwing proxy}';
      }
    }
    return String(v);
  };
  return values.map((v) => one(v, 0)).join(', ');
}

/** A valid-looking blob gone wrong: bytes flipped, cut, grown, header fields set (checksum made right again or not), odd offsets, detached. */
function blob(d: Draw, base: Buffer): Arg {
  if (d.chance(0.15)) return [Buffer.from(base), 'ok'];
  let b = Buffer.from(base);
  let expect: Expect = 'any';
  switch (d.below(8)) {
    case 0: b[d.below(b.length)] ^= 1 << d.below(8); expect = 'refuse'; break;
    case 1: b = b.subarray(0, d.below(b.length)); expect = 'refuse'; break;
    case 2: b = Buffer.concat([b, Buffer.alloc(1 + d.below(8))]); expect = 'refuse'; break;
    case 3: { // a header field set to an edge value, checksum fixed
      const at = d.pick([8, 12, 16, 24, 32, 40, 44, 48, 52, 56, 64]);
      b.writeUInt32LE(d.pick([0, 1, 2, 0xffffffff, 0x80000000, 65537]), at);
      if (d.chance(0.5)) b.writeUInt32LE(d.pick([0, 0x7fffffff, 0xffffffff]), at + 4);
      b.writeUInt32LE(crc32(b.subarray(0, b.length - 4)), b.length - 4);
      break;
    }
    case 4: { const odd = Buffer.alloc(b.length + 3); b.copy(odd, 1 + d.below(3)); return [odd.subarray(odd.byteOffset + 1, odd.byteOffset + 1 + b.length), 'any']; }
    case 5: return [detached((buf) => new Uint8Array(buf)), 'refuse'];
    case 6: return [d.pick<unknown>([new Uint8Array(0), Buffer.from('RUNGMDL\0'), new Uint8ClampedArray(b), new Int8Array(b.buffer, b.byteOffset, b.length), junk(d)]), 'refuse'];
    default: b[d.below(16)] = d.below(256); expect = 'any'; break;
  }
  return [b, expect];
}

function makeCase(d: Draw, x: Fixtures): Case {
  const { native: e, t } = x;
  const job = (j: Native, cancelMs: number) => {
    if (!j || typeof j !== 'object' || !(j.promise instanceof Promise) || typeof j.cancel !== 'function') throw new Error(`not a job: ${describe([j])}`);
    if (cancelMs < 0) return j.promise;
    setTimeout(() => j.cancel(), cancelMs);
    // cancelled: an AbortError is as good as a result
    return j.promise.catch((error: Error) => {
      if (error?.name !== 'AbortError') throw error;
    });
  };
  const pick = d.below(100);
  // the common path, valid: train on the tiny table, score it, round-trip the model
  if (pick < 6) {
    return {
      fn: 'train', what: 'valid train → scoreItems → serialize → loadModel', expect: 'ok',
      run: async () => {
        const it = d.chance(0.5) ? { dim: t.dim, rowPtr: t.rowPtr, col: t.col, val: t.val } : { dim: t.dim, data: t.dense };
        const opts = { hidden: 3, members: 2, activation: d.pick(['relu', 'gelu']), batchSize: 4, epochs: 2, learningRate: 0.01, weightDecay: 0, validationFraction: 0.25, patience: 2, bootstrap: d.chance(0.5), seed: d.below(100), threads: 1, device: 'cpu', precision: 'fp32' };
        const somePairs = { a: new Uint32Array([0, 1, 2, 5]), b: new Uint32Array([3, 4, 5, 0]), target: new Float32Array([1, 0, 0.5, 1]) };
        const r = await job(e.train(it, somePairs, opts, () => undefined), -1);
        const s = await r.model.scoreItems(it, 1, 'cpu', 'fp32');
        if (s.mean.length !== t.n || s.std.length !== t.n) throw new Error('scoreItems: wrong lengths');
        e.loadModel(r.model.serialize()).config();
      },
    };
  }
  if (pick < 20) {
    const textual = d.chance(0.25);
    let n = t.n; // as many items as the last items drawn hold (rows of another width are more or fewer)
    return callWith('train', d, [
      () => {
        const drawn = items(d, t, textual ? x.textFeatures.dim : 0, false);
        n = itemCount(drawn[0], t.n);
        return drawn;
      },
      () => pairs(d, n),
      () => {
        const [o, ex] = trainOptions(d);
        if (!d.chance(textual ? 0.5 : 0.1) || typeof o !== 'object' || o === null) return [o, ex];
        const [f, fe] = featurizer(d, true);
        return [{ ...o, featurizer: f }, worst(ex, fe, textual ? 'any' : 'refuse')]; // the featurizer must match items.dim
      },
      () => d.pick<Arg>([[undefined, 'ok'], [() => undefined, 'ok'], [() => { throw new Error('progress callback fails'); }, 'any'], [junk(d), 'any']]),
    ], 3, (...args) => job(e.train(...args), d.pick([-1, 0, 1, 5, 20])));
  }
  if (pick < 34) {
    const textual = d.chance(0.3);
    const model = textual ? x.textModel : x.model;
    const dim = textual ? x.textFeatures.dim : t.dim;
    const tab = textual ? { ...t, ...x.textFeatures } : t;
    const it = () => items(d, tab, textual ? dim : 0, true);
    if (d.chance(0.5)) return callWith('Model#scoreItems', d, [it, () => threads(d), () => device(d), () => precision(d)], 2, (...args) => model.scoreItems(...args));
    const shared = Uint32Array.from({ length: 3 }, () => d.below(tab.n)); // may be drawn for both sides
    const idx = (): Arg => {
      switch (d.below(8)) {
        case 0: return [Uint32Array.from({ length: 3 }, () => d.pick([tab.n, 2 ** 32 - 1])), 'refuse'];
        case 1: return [d.chance(0.5) ? junk(d, isU32) : new Uint32Array(d.pick([2, 4])), 'refuse'];
        case 2: return [detached((b) => new Uint32Array(b)), 'any'];
        case 3: return [shared, 'ok'];
        default: return [place(d, Uint32Array.from({ length: 3 }, () => d.below(tab.n))), 'ok'];
      }
    };
    return callWith('Model#scorePairs', d, [it, idx, idx, () => threads(d), () => device(d), () => precision(d)], 4, (...args) => model.scorePairs(...args));
  }
  if (pick < 46) return callWith('loadModel', d, [() => blob(d, x.blob)], 1, (b) => { const m = e.loadModel(b); m.config(); m.tensors(); return m.serialize(); });
  if (pick < 56) {
    const n = d.below(5);
    const strings = (m: number): Arg => (d.chance(0.85) ? [Array.from({ length: m }, () => text(d)), 'ok'] : d.chance(0.5) ? [junk(d, isStrings), 'refuse'] : [[...Array.from({ length: m }, () => text(d)), d.pick<unknown>([1, null, undefined, {}])], 'refuse']);
    const promptOf = (): Arg => {
      switch (d.below(8)) {
        case 0: return [Uint32Array.from({ length: n }, () => d.pick([n, 2 ** 32 - 1])), n ? 'refuse' : 'ok'];
        case 1: return [new Uint32Array(n === 0 ? 1 : n + d.pick([1, -1])), 'refuse'];
        case 2: return [junk(d, isU32), 'refuse'];
        default: return [place(d, Uint32Array.from({ length: n }, () => d.below(Math.max(1, n)))), 'ok'];
      }
    };
    // background: an optional boolean
    const background = (): Arg => {
      if (d.chance(0.3)) return [undefined, 'ok'];
      const [v, verdict] = bool(d);
      return [v, v === undefined ? 'ok' : verdict];
    };
    return callWith('featurize', d, [() => strings(n), () => strings(n), promptOf, () => featurizer(d, false), () => threads(d), background], 5, (...args) => e.featurize(...args));
  }
  if (pick < 62) return callWith('tokenize', d, [() => (d.chance(0.85) ? [text(d), 'ok'] : [junk(d, isString), 'refuse'])], 1, (s) => e.tokenize(s));
  if (pick < 70) {
    const keys = Array.from({ length: d.below(5) }, () => text(d).slice(0, 60));
    const joined = keys.join('');
    const lengths = Uint32Array.from(keys, (k) => k.length);
    return callWith('contentIds', d, [
      () => (d.chance(0.85) ? [joined, 'ok'] : [junk(d, isString), 'refuse']),
      () => {
        switch (d.below(8)) {
          case 0: return [Uint32Array.from([...lengths, 1]), 'refuse'];
          case 1: { const l = lengths.slice(); if (l.length) l[d.below(l.length)] = d.pick([2 ** 32 - 1, 2 ** 31]); return [l, l.length ? 'refuse' : 'ok']; }
          case 2: return [junk(d, isU32), 'refuse'];
          case 3: return [Uint32Array.from(keys.length ? [joined.length] : []), 'ok']; // all of them as one key
          case 4: return [new Uint32Array((1 << 23) + 1), 'refuse'];
          default: return [place(d, lengths), 'ok'];
        }
      },
    ], 2, (k, l) => {
      const ids = e.contentIds(k, l);
      if (typeof ids !== 'string' || ids.length !== 36 * (l as Uint32Array).length) throw new Error('contentIds: wrong length');
      return ids;
    });
  }
  if (pick < 73) return callWith('gradientCheck', d, [() => bool(d), () => word(d, ['relu', 'gelu'], false), () => int(d, 0, 2 ** 53 - 1, 1000)], 3, (...args) => e.gradientCheck(...args));
  if (pick < 77) return callWith('benchGemm', d, [() => int(d, 1, 16384, 24), () => int(d, 1, 16384, 24), () => int(d, 1, 16384, 24), () => threads(d), () => int(d, 1, 1000, 2)], 5, (...args) => e.benchGemm(...args));
  if (pick < 79) return callWith('deviceInfo', d, [() => [junk(d), 'ok']], 0, (...args) => e.deviceInfo(...args));
  if (pick < 82) {
    const dir = (): Arg => {
      switch (d.below(6)) {
        case 0: return [x.encoderDir, 'ok'];
        case 1: return [junk(d, isString), 'refuse'];
        case 2: return [join(x.encoderDir, d.pick(['config.json', 'model.safetensors', 'nope'])), 'refuse'];
        case 3: return [`${x.encoderDir}\0/x`, 'refuse'];
        default: return [d.pick(['', '/', '/dev/null', '/proc/self', 'x'.repeat(5000), '\uD800']), 'refuse'];
      }
    };
    return callWith('loadEncoder', d, [dir], 1, async (p) => (await e.loadEncoder(p)).info());
  }
  if (pick < 88) {
    const texts = (): Arg => (d.chance(0.85) ? [Array.from({ length: d.below(4) }, () => text(d)), 'ok'] : [d.chance(0.5) ? junk(d, isStrings) : ['ok', d.pick<unknown>([1, null, {}])], 'refuse']);
    if (d.chance(0.4)) return callWith('Encoder#tokenize', d, [texts], 1, (s) => x.encoder.tokenize(s));
    return callWith('Encoder#encode', d, [texts, () => int(d, 1, 65536, 65536), () => threads(d), () => (d.chance(0.8) ? [undefined, 'ok'] : [junk(d), 'any'])], 3, (...args) =>
      job(x.encoder.encode(...args), d.pick([-1, -1, 0, 2])));
  }
  if (pick < 92) {
    const method = d.pick(['config', 'serialize', 'tensors']);
    const model = d.pick([x.model, x.textModel]);
    const args = d.chance(0.5) ? [] : [junk(d)];
    return { fn: `Model#${method}`, what: describe(args), expect: 'ok', run: () => model[method](...args) };
  }
  // classes misused: constructed from JS, called without new, methods on the wrong receiver
  const cls = d.pick(['Model', 'Encoder']);
  const proto = e[cls].prototype;
  const method = d.pick(Object.getOwnPropertyNames(proto).filter((k) => k !== 'constructor'));
  switch (d.below(3)) {
    case 0: return { fn: `new ${cls}`, what: 'from JS', expect: 'refuse', run: () => new e[cls](d.chance(0.5) ? junk(d) : undefined) };
    case 1: return { fn: `new ${cls}`, what: 'without new', expect: 'refuse', run: () => e[cls](junk(d)) };
    default: {
      const receiver = d.pick(x.receivers);
      const right = receiver instanceof e[cls];
      return { fn: `${cls}#${method}`, what: `on ${describe([receiver])}`, expect: right ? 'any' : 'refuse', run: () => proto[method].call(receiver, { dim: t.dim, data: t.dense }, 1) };
    }
  }
}

/** Inputs that once crashed the engine, were misread or refused without a reason (found by this fuzzer), run before the drawn calls. */
function regressions(x: Fixtures): Case[] {
  const e = x.native;
  const three = { a: Uint32Array.of(0, 1, 2), b: Uint32Array.of(2, 0, 1), target: Float32Array.of(1, 0.5, 0) };
  const options = { hidden: 3, members: 2, activation: 'relu', batchSize: 1, epochs: 2, learningRate: 0.01, weightDecay: 0.01, validationFraction: 0, patience: 2, bootstrap: false, seed: 1, threads: 1, device: 'cpu' };
  const sparse = (rowPtr: number[], col: number[]) => ({ dim: 4, rowPtr: Uint32Array.from(rowPtr), col: Uint32Array.from(col), val: new Float32Array(col.length).fill(1) });
  const pastTheEnd = sparse([0, 2 ** 31, 2, 2], [0, 1]);
  const decrease = 'items: rowPtr must not decrease (row 1)';
  // index arrays were borrowed: JS changing one after validation, while the work ran or from a getter read later in
  // the same call, made the engine read out of bounds; they are copied when the call starts, so each of these trains
  // (or scores) on what it was given
  const longer = { ...options, epochs: 40 };
  const freshPairs = () => ({ a: three.a.slice(), b: three.b.slice(), target: three.target.slice() });
  const thenChange = <T>(started: T, change: () => void): T => {
    change();
    return started;
  };
  const wild = 0xffffffff;
  const rowPtrLater = sparse([0, 1, 2, 2], [0, 3]);
  const rowPtrFromGetter = sparse([0, 1, 2, 2], [0, 3]);
  const changedPairs = freshPairs();
  const scoredA = three.a.slice();
  return [
    { fn: 'train', what: 'pairs.a set to 2^32 - 1 once started', expect: 'ok', run: () => thenChange(e.train({ dim: 4, data: new Float32Array(12).fill(0.5) }, changedPairs, longer), () => changedPairs.a.fill(wild)).promise },
    { fn: 'train', what: 'items.rowPtr set to 2^32 - 1 once started', expect: 'ok', run: () => thenChange(e.train(rowPtrLater, freshPairs(), longer), () => rowPtrLater.rowPtr.fill(wild, 1)).promise },
    {
      fn: 'train',
      what: 'items.rowPtr set to 2^32 - 1 by an options getter',
      expect: 'ok',
      run: () => e.train(rowPtrFromGetter, freshPairs(), { ...options, get epochs() { rowPtrFromGetter.rowPtr.fill(wild, 1); return 2; } }).promise,
    },
    { fn: 'Model#scorePairs', what: 'a set to 2^32 - 1 once started', expect: 'ok', run: () => thenChange(x.model.scorePairs({ dim: x.t.dim, data: x.t.dense }, scoredA, three.b.slice(), 1, 'cpu', 'fp32'), () => scoredA.fill(wild)) },
    // a batch of sparse rows with no entries took the dense path of the W1 update and read dW1 (empty) as D × MH
    { fn: 'train', what: 'sparse rows, all empty', expect: 'ok', run: () => e.train(sparse([0, 0, 0, 0], []), three, options).promise },
    { fn: 'train', what: 'sparse rows, some empty, batches of 1', expect: 'ok', run: () => e.train(sparse([0, 0, 2, 2], [1, 3]), three, options).promise },
    // validation read a row's entries up to its end before seeing rowPtr decrease after it: past the end of col
    { fn: 'train', what: 'rowPtr [0, 2^31, 2, 2]', expect: 'refuse', message: decrease, run: () => e.train(pastTheEnd, three, options).promise },
    { fn: 'Model#scoreItems', what: 'rowPtr [0, 2^31, 2, 2]', expect: 'refuse', message: decrease, run: () => x.model.scoreItems(pastTheEnd, 1, 'cpu', 'fp32') },
    { fn: 'Model#scorePairs', what: 'rowPtr [0, 7, 2, 2]', expect: 'refuse', message: decrease, run: () => x.model.scorePairs(sparse([0, 7, 2, 2], [0, 1]), three.a, three.b, 1, 'cpu', 'fp32') },
    // a NUL in the folder's path: the file system read a shorter path, and the error message was cut at the NUL
    { fn: 'loadEncoder', what: 'a path with a NUL', expect: 'refuse', message: 'dir must not contain NUL characters', run: () => e.loadEncoder(`${x.encoderDir}\0/elsewhere`) },
  ];
}

async function fixtures(native: Native, d: Draw, encoderDir: string): Promise<Fixtures> {
  const t = table(d, 4, 6);
  const options = { hidden: 3, members: 2, activation: 'relu', batchSize: 4, epochs: 2, learningRate: 0.01, weightDecay: 0, validationFraction: 0, patience: 2, bootstrap: false, seed: 1, threads: 1, device: 'cpu' };
  const somePairs = { a: new Uint32Array([0, 1, 2, 3]), b: new Uint32Array([5, 4, 3, 2]), target: new Float32Array([1, 0, 0.5, 1]) };
  const model = (await native.train({ dim: t.dim, data: t.dense }, somePairs, options).promise).model;
  const f = { bucketBits: 4, bigrams: true, hashSeed: 7, arithmetic: true };
  const prompts = ['what is 2+2?', 'name a colour'];
  const responses = ['2+2=4', '2 + 2 = 5', 'red', 'blue, or é\uD800', '', '7 * 6 = 42'];
  const feats = await native.featurize(prompts, responses, new Uint32Array([0, 0, 1, 1, 1, 0]), f, 1);
  const textFeatures = { ...feats, n: responses.length };
  const textModel = (await native.train({ dim: feats.dim, rowPtr: feats.rowPtr, col: feats.col, val: feats.val }, somePairs, { ...options, featurizer: f }).promise).model;
  writeTinyEncoder(encoderDir);
  const encoder = await native.loadEncoder(encoderDir);
  const receivers = [undefined, null, {}, 1, 'x', model, textModel, encoder, Object.create(native.Model.prototype), Object.create(native.Encoder.prototype), new Float32Array(2), native];
  return { native, t, model, textModel, textFeatures, blob: model.serialize(), encoder, encoderDir, receivers };
}

async function main(): Promise<void> {
  const [addon, callsArg, seedArg] = process.argv.slice(2);
  if (!addon) throw new Error('usage: fuzz-addon-child.ts ADDON.node [calls] [seed]');
  const calls = Number(callsArg ?? 20000);
  const seed = seedArg === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(seedArg);
  if (!Number.isInteger(calls) || calls < 1 || !Number.isInteger(seed)) throw new Error('calls and seed must be integers');
  console.log(`addon fuzz: ${addon}, ${calls} calls after the fixed cases, seed ${seed} (the same seed makes the same calls)`);
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  const mod = { exports: {} as Native };
  process.dlopen(mod, addon);
  const d = new Draw(seed);
  const work = mkdtempSync(join(tmpdir(), 'rung-addon-fuzz-'));
  const trace = process.env.RUNG_FUZZ_TRACE === '1';
  const counts = new Map<string, { returned: number; refused: number }>();
  try {
    const x = await fixtures(mod.exports, d, join(work, 'encoder'));
    const fixed = regressions(x);
    for (let i = 0; i < fixed.length + calls; i++) {
      const c = i < fixed.length ? fixed[i] : makeCase(d, x);
      if (trace) console.log(`#${i} ${c.fn}(${c.what}) expect ${c.expect}`);
      let refusal: unknown = undefined;
      let refused = false;
      try {
        await c.run();
      } catch (error) {
        refused = true;
        refusal = error;
      }
      const fail = (why: string) => {
        throw new Error(`call #${i} (seed ${seed}): ${c.fn}(${c.what}) ${why}`);
      };
      if (refused && !(refusal instanceof Error && typeof refusal.message === 'string' && refusal.message.length > 0)) fail(`threw something that is not an Error with a message: ${describe([refusal])}`);
      if (refused && c.expect === 'ok') fail(`was refused but is valid: ${(refusal as Error).name}: ${(refusal as Error).message}`);
      if (!refused && c.expect === 'refuse') fail('was accepted but should have been refused');
      if (refused && c.message !== undefined && (refusal as Error).message !== c.message) fail(`was refused with "${(refusal as Error).message}", not "${c.message}"`);
      if (i === fixed.length - 1) console.log(`${fixed.length} fixed cases as expected`);
      const n = counts.get(c.fn) ?? { returned: 0, refused: 0 };
      if (refused) n.refused++;
      else n.returned++;
      counts.set(c.fn, n);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`${'function'.padEnd(32)} ${'returned'.padStart(8)} ${'refused'.padStart(8)}`);
  for (const [fn, n] of [...counts].sort()) console.log(`${fn.padEnd(32)} ${String(n.returned).padStart(8)} ${String(n.refused).padStart(8)}`);
  console.log('ok');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
