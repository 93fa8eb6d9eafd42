// The onnxruntime-node peer for the W1 scoring bench: the same trained ensemble as an ONNX graph (onnx-model.ts) on
// ORT's CPU provider with the bench's thread count as intra-op threads, scoring float32 rows [n, D] to mean rewards [n].
import * as ort from 'onnxruntime-node';
import { engine } from '../../electron/core/engine/addon';
import type { RewardModel } from '../../electron/core/engine';
import { ensembleOnnx } from './onnx-model';

export interface OnnxScorer {
  version: string;
  score(data: Float32Array): Promise<Float32Array>;
  release(): Promise<void>;
}

export async function onnxScorer(model: RewardModel, threads: number): Promise<OnnxScorer> {
  const c = model.config;
  const t = engine().loadModel(model.toBlob()).tensors();
  const bytes = ensembleOnnx({
    D: c.inputDim, H: c.hidden, M: c.members, activation: c.activation,
    fc1Weight: t['fc1.weight'].data, fc1Bias: t['fc1.bias'].data, fc2Weight: t['fc2.weight'].data, fc2Bias: t['fc2.bias'].data,
  });
  // no spinning: ORT's idle threads would otherwise keep both cores busy for a while after each run, slowing whatever the
  // bench times next (here: rung, alternating with ORT); ORT's own speed is the same either way
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  return {
    version: ort.env.versions.node ?? '?',
    async score(data) {
      const x = new ort.Tensor('float32', data, [data.length / c.inputDim, c.inputDim]);
      return (await session.run({ x })).reward.data as Float32Array;
    },
    release: () => session.release(),
  };
}
