// The engine's TypeScript API: featurize text, train a Bradley–Terry reward-model ensemble off the JS thread
// (progress, AbortSignal), score items and pairs, save/load/export models. Thin over the native addon:
// every option is checked here with an exact TypeError/RangeError, and the native side checks again.
import { engine, EngineUnavailableError, type NativeDevice, type NativeItems, type NativeModel, type NativeProgress, type NativeTrainResult, type NativeModelConfig, type NativeTrainOptions } from './addon';
import { writeSafetensors } from './safetensors';

export { EngineUnavailableError };

/** n × dim embeddings, row-major. Borrowed, not copied: do not modify while a call that uses it runs. */
export interface DenseItems {
  dim: number;
  data: Float32Array;
}
/** Sparse rows (CSR); text features carry the featurizer settings that produced them. rowPtr and col are copied when a
 *  call starts (indices: changing them later cannot make the engine read out of bounds); val is borrowed, like data. */
export interface SparseItems {
  dim: number;
  rowPtr: Uint32Array;
  col: Uint32Array;
  val: Float32Array;
  featurizer?: FeaturizerSettings;
}
export type Items = DenseItems | SparseItems;
export interface TextFeatures extends SparseItems {
  featurizer: FeaturizerSettings;
}

/** Pair p compares item a[p] with item b[p]; target[p] = P(a ≻ b): 1, 0, or 0.5 for a tie; weight defaults to 1.
 *  a and b are copied when a call starts; target and weight are borrowed: do not modify them while a call that uses them runs. */
export interface Pairs {
  a: Uint32Array;
  b: Uint32Array;
  target: Float32Array;
  weight?: Float32Array;
}

export interface FeaturizerSettings {
  bucketBits: number;
  bigrams: boolean;
  hashSeed: number;
  /** Append the arithmetic-check features (statements `x op y = z` recomputed; featurize.h step 5). */
  arithmetic: boolean;
}

export interface TextInput {
  prompts: string[];
  responses: string[];
  /** Response i answers prompts[promptIndex[i]]; default: prompts and responses pair up one to one. */
  promptIndex?: Uint32Array;
}

export type Device = NativeDevice;

/** A training progress report; valLoss and valAccuracy are set at the end of each epoch when there is a validation split, else null. */
export type TrainProgress = NativeProgress;

export interface TrainOptions {
  hidden?: number;
  members?: number;
  activation?: 'relu' | 'gelu';
  batchSize?: number;
  epochs?: number;
  learningRate?: number;
  weightDecay?: number;
  validationFraction?: number;
  patience?: number;
  bootstrap?: boolean;
  seed?: number;
  threads?: number;
  device?: Device;
  /**
   * "fp32" (default) or "bf16": a dense first layer's two GEMMs (x·W1 and xᵀ·dh) on Intel AMX in bfloat16 with FP32
   * sums, FP32 master weights and optimizer state. CPU only; text models train in FP32 either way.
   */
  precision?: 'fp32' | 'bf16';
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
}

/** A trained ensemble (the native handle wrapped), where training ran, and how it went. */
export type TrainResult = Omit<NativeTrainResult, 'model'> & { model: RewardModel };

export const defaultFeaturizer: FeaturizerSettings = { bucketBits: 18, bigrams: true, hashSeed: 0, arithmetic: true };

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

export function integer(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${name} must be an integer`);
  if (value < min || value > max) throw new RangeError(`${name} must be from ${min} to ${max}`);
  return value;
}

function number(value: unknown, name: string, min: number, max: number, fallback: number, exclusiveMin = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${name} must be a number`);
  if (value < min || value > max || (exclusiveMin && value === min)) throw new RangeError(`${name} must be ${exclusiveMin ? 'above' : 'from'} ${min} ${exclusiveMin ? 'and at most' : 'to'} ${max}`);
  return value;
}

function boolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean`);
  return value;
}

function typed<T>(value: unknown, name: string, ctor: { new (n: number): T; name: string }): T {
  if (!(value instanceof ctor)) throw new TypeError(`${name} must be a ${ctor.name}`);
  return value;
}

function checkItems(items: unknown): NativeItems {
  if (!isObject(items)) throw new TypeError('items must be an object');
  const dim = integer(items.dim, 'items.dim', 1, 2 ** 31, NaN);
  if (Number.isNaN(dim)) throw new TypeError('items.dim must be an integer');
  if (items.data !== undefined) {
    const data = typed(items.data, 'items.data', Float32Array);
    if (data.length === 0 || data.length % dim !== 0) throw new RangeError('items.data length must be a positive multiple of items.dim');
    return { dim, data };
  }
  const rowPtr = typed(items.rowPtr, 'items.rowPtr', Uint32Array);
  const col = typed(items.col, 'items.col', Uint32Array);
  const val = typed(items.val, 'items.val', Float32Array);
  if (rowPtr.length < 2) throw new RangeError('items.rowPtr must have at least 2 entries (one item)');
  if (col.length !== val.length) throw new RangeError('items.col and items.val must have the same length');
  return { dim, rowPtr, col, val };
}

function checkPairs(pairs: unknown): Pairs {
  if (!isObject(pairs)) throw new TypeError('pairs must be an object');
  const a = typed(pairs.a, 'pairs.a', Uint32Array);
  const b = typed(pairs.b, 'pairs.b', Uint32Array);
  const target = typed(pairs.target, 'pairs.target', Float32Array);
  if (a.length === 0) throw new RangeError('pairs: at least one pair is needed');
  if (b.length !== a.length || target.length !== a.length) throw new RangeError('pairs.a, pairs.b and pairs.target must have the same length');
  const weight = pairs.weight === undefined ? undefined : typed(pairs.weight, 'pairs.weight', Float32Array);
  if (weight && weight.length !== a.length) throw new RangeError('pairs.weight must have one entry per pair');
  return { a, b, target, weight };
}

function checkFeaturizer(value: unknown, name: string): FeaturizerSettings {
  if (value === undefined) return { ...defaultFeaturizer };
  if (!isObject(value)) throw new TypeError(`${name} must be an object`);
  return {
    bucketBits: integer(value.bucketBits, `${name}.bucketBits`, 4, 24, defaultFeaturizer.bucketBits),
    bigrams: boolean(value.bigrams, `${name}.bigrams`, defaultFeaturizer.bigrams),
    hashSeed: integer(value.hashSeed, `${name}.hashSeed`, 0, Number.MAX_SAFE_INTEGER, defaultFeaturizer.hashSeed),
    arithmetic: boolean(value.arithmetic, `${name}.arithmetic`, defaultFeaturizer.arithmetic),
  };
}

function checkThreads(value: unknown): number {
  return integer(value, 'threads', 1, 1024, engine().deviceInfo().threads);
}

/** Checks a device request: 'cuda' fails at once with the reason where CUDA is unavailable; 'auto' lets training and scoring use a GPU when present. */
export function resolveDevice(device: unknown): Device {
  if (device === undefined) return 'auto';
  if (device !== 'auto' && device !== 'cpu' && device !== 'cuda') throw new RangeError('device must be "auto", "cpu" or "cuda"');
  if (device === 'cuda') {
    const cuda = engine().deviceInfo().cuda;
    if (!cuda.available) throw new Error(`device "cuda" was requested but CUDA is not available: ${cuda.reason}`);
  }
  return device;
}

export function deviceInfo() {
  return engine().deviceInfo();
}

/** What the app can offer (AppInfo.engine): whether the engine loaded and why not, a usable GPU, AMX BF16. */
export function engineSummary(): { available: boolean; reason: string; cuda: boolean; bf16: boolean; bf16Reason: string } {
  try {
    const d = deviceInfo();
    return { available: true, reason: '', cuda: d.cuda.available, bf16: d.amxBf16.available, bf16Reason: d.amxBf16.reason };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { available: false, reason, cuda: false, bf16: false, bf16Reason: 'the reward-model engine is not available' };
  }
}

/** After long work: the memory it freed goes back to the OS instead of staying with the thread that freed it
 *  (native/src/addon/freed_memory.h). True where the allocator could be asked; false elsewhere, or without the engine
 *  (or with one built before it had this). Never throws on that account: it runs after a call was answered. */
export function releaseFreedMemory(): boolean {
  try {
    const native = engine();
    return typeof native.releaseFreedMemory === 'function' && native.releaseFreedMemory();
  } catch (error) {
    if (error instanceof EngineUnavailableError) return false;
    throw error;
  }
}

/** The featurizer's normalised tokens of a text (see native/src/engine/featurize.h for the definition). */
export function tokenize(text: string): string[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  return engine().tokenize(text);
}

/** `background`: the work runs at a lower OS priority (Linux), as training does: for a training's texts, not for scoring
 *  an evaluator waits on. */
export async function featurize(texts: TextInput, options: Partial<FeaturizerSettings> & { threads?: number; background?: boolean } = {}): Promise<TextFeatures> {
  if (!isObject(texts)) throw new TypeError('texts must be an object');
  if (!Array.isArray(texts.prompts)) throw new TypeError('texts.prompts must be an array of strings');
  if (!Array.isArray(texts.responses)) throw new TypeError('texts.responses must be an array of strings');
  if (!isObject(options)) throw new TypeError('options must be an object');
  const promptIndex =
    texts.promptIndex === undefined ? Uint32Array.from(texts.responses, (_, i) => i) : typed(texts.promptIndex, 'texts.promptIndex', Uint32Array);
  if (texts.promptIndex === undefined && texts.prompts.length !== texts.responses.length)
    throw new RangeError('texts.prompts and texts.responses must have the same length when texts.promptIndex is not given');
  if (promptIndex.length !== texts.responses.length) throw new RangeError('texts.promptIndex must have one entry per response');
  const settings = checkFeaturizer(options, 'options');
  const threads = checkThreads(options.threads);
  const background = boolean(options.background, 'options.background', false);
  const rows = await engine().featurize(texts.prompts, texts.responses, promptIndex, settings, threads, background);
  return { ...rows, featurizer: settings };
}

export async function train(items: Items, pairs: Pairs, options: TrainOptions = {}): Promise<TrainResult> {
  if (!isObject(options)) throw new TypeError('options must be an object');
  const nativeItems = checkItems(items);
  const checkedPairs = checkPairs(pairs);
  const device = resolveDevice(options.device);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('options.onProgress must be a function');
  if (options.activation !== undefined && options.activation !== 'relu' && options.activation !== 'gelu')
    throw new RangeError('options.activation must be "relu" or "gelu"');
  const featurizer = 'featurizer' in items && items.featurizer !== undefined ? checkFeaturizer(items.featurizer, 'items.featurizer') : undefined;
  const native: NativeTrainOptions = {
    hidden: integer(options.hidden, 'options.hidden', 1, 65536, 64),
    members: integer(options.members, 'options.members', 1, 256, 5),
    activation: options.activation ?? 'relu',
    batchSize: integer(options.batchSize, 'options.batchSize', 1, 1 << 20, 512),
    epochs: integer(options.epochs, 'options.epochs', 1, 100000, 20),
    learningRate: number(options.learningRate, 'options.learningRate', 0, 10, 1e-3, true),
    weightDecay: number(options.weightDecay, 'options.weightDecay', 0, 10, 0.01),
    validationFraction: number(options.validationFraction, 'options.validationFraction', 0, 0.9, 0.1),
    patience: integer(options.patience, 'options.patience', 1, 100000, 3),
    bootstrap: boolean(options.bootstrap, 'options.bootstrap', true),
    seed: integer(options.seed, 'options.seed', 0, Number.MAX_SAFE_INTEGER, 1),
    threads: integer(options.threads, 'options.threads', 1, 1024, engine().deviceInfo().threads),
    device,
    precision: resolvePrecision(options, device),
    ...(featurizer ? { featurizer } : {}),
  };
  const signal = options.signal;
  if (signal?.aborted) throw signal.reason ?? abortError();
  const job = engine().train(nativeItems, checkedPairs, native, options.onProgress as TrainOptions['onProgress']);
  const onAbort = () => job.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await job.promise;
    return { ...result, model: new RewardModel(result.model) };
  } catch (error) {
    if ((error as Error)?.name === 'AbortError' && signal?.aborted) throw signal.reason ?? error;
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function abortError(): Error {
  const e = new Error('training was cancelled');
  e.name = 'AbortError';
  return e;
}

export interface ModelConfig extends NativeModelConfig {}

export interface ScoreOptions {
  threads?: number;
  device?: Device;
  /**
   * "fp32" (default, the reference) or "bf16": the first layer of dense (embedding) inputs on Intel AMX, inputs and
   * W1 rounded to bfloat16 with FP32 sums — several times the throughput, rewards within about 1% of FP32. CPU only;
   * text models are scored in FP32 either way (the result says which precision ran).
   */
  precision?: 'fp32' | 'bf16';
}

function resolvePrecision(options: { precision?: unknown }, device: Device): 'fp32' | 'bf16' {
  const { precision } = options;
  if (precision === undefined) return 'fp32';
  if (precision !== 'fp32' && precision !== 'bf16') throw new RangeError('options.precision must be "fp32" or "bf16"');
  if (precision === 'bf16') {
    if (device === 'cuda') throw new RangeError('options.precision "bf16" runs on the CPU (AMX): use device "cpu" or "auto" with it');
    const amx = engine().deviceInfo().amxBf16;
    if (!amx.available) throw new Error(`options.precision "bf16" needs AMX: ${amx.reason}`);
  }
  return precision;
}

/** A trained ensemble. Scoring runs off the JS thread. */
export class RewardModel {
  readonly #native: NativeModel;

  /** @internal use train() or RewardModel.fromBlob() */
  constructor(native: NativeModel) {
    this.#native = native;
  }

  /**
   * Loads a blob from toBlob(); throws on a corrupt, truncated or foreign blob. With `sharedAs` (the blob's SHA-256,
   * checked by the caller) the model is held once for every thread of the process that loads it (RewardModel.shared).
   */
  static fromBlob(blob: Uint8Array, sharedAs?: string): RewardModel {
    if (!(blob instanceof Uint8Array)) throw new TypeError('blob must be a Buffer or Uint8Array');
    if (sharedAs !== undefined && (typeof sharedAs !== 'string' || sharedAs.length === 0)) throw new TypeError('sharedAs must be a non-empty string');
    return new RewardModel(engine().loadModel(blob, sharedAs));
  }

  /** The model a thread of this process loaded with fromBlob(blob, key) and still holds; null when none does. */
  static shared(key: string): RewardModel | null {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('key must be a non-empty string');
    const native = engine().sharedModel(key);
    return native ? new RewardModel(native) : null;
  }

  get config(): ModelConfig {
    return this.#native.config();
  }

  /** Versioned, checksummed bytes (the models table's blob). */
  toBlob(): Buffer {
    return this.#native.serialize();
  }

  /** Featurizes texts the way this (text) model was trained. */
  async featurize(texts: TextInput, options: { threads?: number } = {}): Promise<TextFeatures> {
    const f = this.config.featurizer;
    if (!f) throw new Error('this model takes embeddings, not text');
    return featurize(texts, { ...f, threads: options.threads });
  }

  /** Per item: mean reward over the ensemble and its std; `device` as in train (the CPU gives the same results whatever the thread count). */
  async scoreItems(items: Items, options: ScoreOptions = {}): Promise<{ mean: Float32Array; std: Float32Array; device: 'cpu' | 'cuda'; precision: 'fp32' | 'bf16' }> {
    const nativeItems = checkItems(items);
    if (!isObject(options)) throw new TypeError('options must be an object');
    const device = resolveDevice(options.device);
    return this.#native.scoreItems(nativeItems, checkThreads(options.threads), device, resolvePrecision(options, device));
  }

  /** Per pair: P(a ≻ b) averaged over members and its spread (std over members). */
  async scorePairs(items: Items, pairs: { a: Uint32Array; b: Uint32Array }, options: ScoreOptions = {}): Promise<{ prob: Float32Array; spread: Float32Array; device: 'cpu' | 'cuda'; precision: 'fp32' | 'bf16' }> {
    const nativeItems = checkItems(items);
    if (!isObject(pairs)) throw new TypeError('pairs must be an object');
    const a = typed(pairs.a, 'pairs.a', Uint32Array);
    const b = typed(pairs.b, 'pairs.b', Uint32Array);
    if (a.length !== b.length) throw new RangeError('pairs.a and pairs.b must have the same length');
    if (!isObject(options)) throw new TypeError('options must be an object');
    const device = resolveDevice(options.device);
    return this.#native.scorePairs(nativeItems, a, b, checkThreads(options.threads), device, resolvePrecision(options, device));
  }

  /** safetensors bytes (PyTorch layout: fc1.weight [M,H,D], fc1.bias [M,H], fc2.weight [M,1,H], fc2.bias [M,1]) and a JSON config. */
  toSafetensors(): { safetensors: Buffer; config: Record<string, unknown> } {
    const c = this.config;
    const config = {
      architecture: 'rung-bradley-terry-mlp-ensemble',
      formatVersion: c.formatVersion,
      engineVersion: c.engineVersion,
      inputDim: c.inputDim,
      hidden: c.hidden,
      members: c.members,
      activation: c.activation === 'gelu' ? 'gelu_tanh' : 'relu',
      input: c.featurizer ? { kind: 'text', featurizer: c.featurizer, definition: 'native/src/engine/featurize.h' } : { kind: 'embedding' },
      reward: 'r_m(x) = fc2.weight[m] · act(fc1.weight[m] · x + fc1.bias[m]) + fc2.bias[m]; reward = mean over m; P(a ≻ b) = mean over m of sigmoid(r_m(a) − r_m(b))',
    };
    const safetensors = writeSafetensors(this.#native.tensors(), { format: 'pt', rung_config: JSON.stringify(config) });
    return { safetensors, config };
  }
}
