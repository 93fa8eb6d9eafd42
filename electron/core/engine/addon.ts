// Loads the native engine addon (native/build/Release/rung.node) once, with a clear error naming what to
// install when it is missing or fails to load. Types of the raw binding; only the engine wrapper uses them.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface NativeItems {
  dim: number;
  data?: Float32Array;
  rowPtr?: Uint32Array;
  col?: Uint32Array;
  val?: Float32Array;
}
export interface NativePairs {
  a: Uint32Array;
  b: Uint32Array;
  target: Float32Array;
  weight?: Float32Array;
}
export interface NativeFeaturizer {
  bucketBits: number;
  bigrams: boolean;
  hashSeed: number;
  arithmetic: boolean;
}
export type NativeDevice = 'auto' | 'cpu' | 'cuda';
export type NativePrecision = 'fp32' | 'bf16';
export interface NativeTrainOptions {
  hidden: number;
  members: number;
  activation: 'relu' | 'gelu';
  batchSize: number;
  epochs: number;
  learningRate: number;
  weightDecay: number;
  validationFraction: number;
  patience: number;
  bootstrap: boolean;
  seed: number;
  threads: number;
  device: NativeDevice;
  precision: NativePrecision;
  featurizer?: NativeFeaturizer;
}
export interface NativeProgress {
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  trainLoss: number;
  valLoss: number | null;
  valAccuracy: number | null;
  epochEnd: boolean;
}
export interface NativeModelConfig {
  inputDim: number;
  hidden: number;
  members: number;
  activation: 'relu' | 'gelu';
  featurizer: NativeFeaturizer | null;
  formatVersion: number;
  engineVersion: string;
}
export interface NativeTensor {
  shape: number[];
  data: Float32Array;
}
export interface NativeModel {
  config(): NativeModelConfig;
  serialize(): Buffer;
  tensors(): Record<string, NativeTensor>;
  scoreItems(items: NativeItems, threads: number, device: NativeDevice, precision: NativePrecision): Promise<{ mean: Float32Array; std: Float32Array; device: 'cpu' | 'cuda'; precision: NativePrecision }>;
  scorePairs(items: NativeItems, a: Uint32Array, b: Uint32Array, threads: number, device: NativeDevice, precision: NativePrecision): Promise<{ prob: Float32Array; spread: Float32Array; device: 'cpu' | 'cuda'; precision: NativePrecision }>;
}
export interface NativeTrainResult {
  model: NativeModel;
  epochsRun: number;
  bestEpoch: number;
  valLoss: number | null;
  valAccuracy: number | null;
  trainPairs: number;
  valPairs: number;
  stoppedEarly: boolean;
  device: 'cpu' | 'cuda';
  /** "bf16" when the dense first layer's GEMMs ran on AMX (options.precision "bf16"), else "fp32". */
  precision: NativePrecision;
}
export interface NativeDeviceInfo {
  backends: string[];
  threads: number;
  cpuFeatures: string[];
  gemmKernel: string;
  cuda: { built: boolean; available: boolean; reason: string; name?: string; computeCapability?: string; totalMemory?: number; gemm?: string };
  /** Intel AMX with BF16 (scoring with precision "bf16"); reason is "" when available. */
  amxBf16: { available: boolean; reason: string };
  engineVersion: string;
  modelFormatVersion: number;
}
export interface NativeEncoderInfo {
  name: string;
  architecture: 'BertModel';
  /** SHA-256 of model.safetensors, lower-case hex. */
  checksum: string;
  tokenizerFile: 'tokenizer.json' | 'vocab.txt';
  dim: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  vocabSize: number;
  /** Most tokens per window, [CLS] and [SEP] included (native/src/engine/encoder/encoder.h: the long-text policy). */
  window: number;
  modelBytes: number;
  pooling: 'mean' | 'cls';
  normalize: boolean;
  unicodeVersion: string;
}
export interface NativeEncoder {
  info(): NativeEncoderInfo;
  tokenize(texts: string[]): { ids: Int32Array; offsets: Uint32Array };
  encode(texts: string[], batchSize: number, threads: number, onProgress?: (done: number, total: number) => void): { promise: Promise<Float32Array>; cancel(): void };
}
export interface NativeEngine {
  deviceInfo(): NativeDeviceInfo;
  tokenize(text: string): string[];
  /** background: at a lower priority, as training runs (native/src/addon/background.h). */
  featurize(prompts: string[], responses: string[], promptOf: Uint32Array, featurizer: NativeFeaturizer, threads: number, background?: boolean): Promise<{ dim: number; rowPtr: Uint32Array; col: Uint32Array; val: Float32Array }>;
  train(items: NativeItems, pairs: NativePairs, options: NativeTrainOptions, onProgress?: (p: NativeProgress) => void): { promise: Promise<NativeTrainResult>; cancel(): void };
  /** With a key (the blob's SHA-256), the model is shared with the process's other threads (sharedModel). */
  loadModel(blob: Uint8Array, key?: string): NativeModel;
  /** The model a thread of this process holds under key, if any. */
  sharedModel(key: string): NativeModel | null;
  gradientCheck(sparse: boolean, activation: 'relu' | 'gelu', seed: number): { maxRelError: number; checked: number; skipped: number };
  benchGemm(m: number, n: number, k: number, threads: number, reps: number): Promise<number>;
  /** Keys back to back and their UTF-16 lengths → their content ids (36 chars each) back to back (ids.ts contentIdsOf). */
  contentIds(keys: string, lengths: Uint32Array): string;
  /** Returns the allocator's free pages to the OS (native/src/addon/freed_memory.h): true where it could ask (glibc). */
  releaseFreedMemory(): boolean;
  /** With a key, the encoder is shared with the process's other threads (sharedEncoder). */
  loadEncoder(dir: string, key?: string): Promise<NativeEncoder>;
  /** The encoder a thread of this process holds under key, if any. */
  sharedEncoder(key: string): NativeEncoder | null;
}

export class EngineUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineUnavailableError';
  }
}

const relative = join('native', 'build', 'Release', 'rung.node');

/** $RUNG_ENGINE_ADDON, else native/build/Release/rung.node in the first folder above this file that has it. */
export function addonPath(): string | null {
  if (process.env.RUNG_ENGINE_ADDON) return process.env.RUNG_ENGINE_ADDON;
  for (let dir = __dirname, i = 0; i < 8; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
  }
  return null;
}

let loaded: NativeEngine | null = null;

export function engine(): NativeEngine {
  if (loaded) return loaded;
  const path = addonPath();
  const install = 'Install a C++17 compiler with OpenMP, make and CMake (Debian/Ubuntu: sudo apt-get install g++ make cmake), then run `npm run build`.';
  if (!path) throw new EngineUnavailableError(`the native engine is not built (${relative} is missing). ${install}`);
  // OpenMP threads that spin while idle starve everything else on a busy machine (and each other when several
  // processes train at once): sleep instead, unless the user chose otherwise. Read when libgomp loads.
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  try {
    const mod = { exports: {} as NativeEngine };
    process.dlopen(mod, path);
    loaded = mod.exports;
  } catch (error) {
    throw new EngineUnavailableError(`the native engine at ${path} failed to load: ${(error as Error).message}. ${install}`);
  }
  return loaded;
}
