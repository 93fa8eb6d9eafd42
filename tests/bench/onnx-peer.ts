// The onnxruntime-node peer for the W1 scoring bench: the same trained ensemble as an ONNX graph (onnx-model.ts) on
// ORT's CPU provider with 2 intra-op threads, scoring the same items in chunks; outputs checked against ours.
import * as ort from 'onnxruntime-node';
import { engine } from '../../electron/core/engine/addon';
import type { RewardModel } from '../../electron/core/engine';
import { ensembleOnnx } from './onnx-model';

export interface OnnxPeerResult {
  version: string;
  itemsPerSecond: number;
  maxAbsDiff: number; // largest |ORT − Rung| mean reward over the scored items
}

export async function onnxW1(model: RewardModel, data: Float32Array, dim: number, ours: Float32Array, threads: number, chunk = 8192): Promise<OnnxPeerResult> {
  const c = model.config;
  const t = engine().loadModel(model.toBlob()).tensors();
  const bytes = ensembleOnnx({
    D: c.inputDim, H: c.hidden, M: c.members, activation: c.activation,
    fc1Weight: t['fc1.weight'].data, fc1Bias: t['fc1.bias'].data, fc2Weight: t['fc2.weight'].data, fc2Bias: t['fc2.bias'].data,
  });
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  const n = data.length / dim;
  const out = new Float32Array(n);
  const run = async (i0: number) => {
    const rows = Math.min(chunk, n - i0);
    const x = new ort.Tensor('float32', data.subarray(i0 * dim, (i0 + rows) * dim), [rows, dim]);
    const r = await session.run({ x });
    out.set(r.reward.data as Float32Array, i0);
  };
  await run(0); // warm-up
  const t0 = performance.now();
  for (let i0 = 0; i0 < n; i0 += chunk) await run(i0);
  const itemsPerSecond = n / ((performance.now() - t0) / 1000);
  await session.release();
  let maxAbsDiff = 0;
  for (let i = 0; i < n; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(out[i] - ours[i]));
  return { version: ort.env.versions.node ?? '?', itemsPerSecond, maxAbsDiff };
}
