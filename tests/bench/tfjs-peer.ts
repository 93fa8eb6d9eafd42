// The TensorFlow.js peer for the W1 bench: the same ensemble (D → M·H ReLU → per-member H → 1), Bradley–Terry
// loss and Adam on tfjs-core's WASM backend (the fastest TF.js that installs offline), with the weight-gradient
// matmul routed through tf.customGrad and an explicit transpose (its transposed matmul misses the fast path).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-wasm';

export interface PeerResult {
  backend: string;
  pairsPerSecond: number;
  itemsPerSecond: number;
}

export async function tfjsW1(data: Float32Array, dim: number, a: Uint32Array, b: Uint32Array, target: Float32Array, steps: number): Promise<PeerResult> {
  await tf.setBackend('wasm');
  await tf.ready();
  const backend = tf.getBackend();
  if (backend !== 'wasm') throw new Error(`TF.js fell back to the ${backend} backend`);
  const H = 256, M = 5, B = 512, n = data.length / dim;
  const X = tf.tensor2d(data, [n, dim]);
  const w1 = tf.variable(tf.randomNormal([dim, M * H], 0, Math.sqrt(2 / dim)));
  const b1 = tf.variable(tf.zeros([M * H]));
  const w2 = tf.variable(tf.randomNormal([M, H], 0, 1 / Math.sqrt(H)));
  const b2 = tf.variable(tf.zeros([M]));
  const dense = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.matMul(x, w),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(saved[0]), tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy as tf.Tensor2D)],
    };
  }) as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;
  const rewards = (x: tf.Tensor2D) => {
    const h = tf.relu(tf.add(dense(x, w1 as unknown as tf.Tensor2D), b1));
    return tf.add(tf.sum(tf.mul(tf.reshape(h, [-1, M, H]), w2), 2), b2) as tf.Tensor2D;
  };
  const optimizer = tf.train.adam(1e-3);
  const step = (s: number) =>
    tf.tidy(() => {
      const idx = (s * B) % (a.length - B);
      const rows = tf.tensor1d(Int32Array.from([...a.subarray(idx, idx + B), ...b.subarray(idx, idx + B)]), 'int32');
      const t = tf.tensor2d(target.subarray(idx, idx + B), [B, 1]);
      optimizer.minimize(() => {
        const r = rewards(tf.gather(X, rows) as tf.Tensor2D);
        const d = tf.sub(tf.slice(r, [0, 0], [B, M]), tf.slice(r, [B, 0], [B, M]));
        return tf.mean(tf.sub(tf.softplus(d), tf.mul(t, d))) as tf.Scalar;
      });
    });
  step(0); // warm-up
  const t0 = performance.now();
  for (let s = 1; s <= steps; s++) step(s);
  await w1.data();
  const pairsPerSecond = (steps * B) / ((performance.now() - t0) / 1000);
  const chunk = 2048, chunks = 4;
  tf.tidy(() => rewards(tf.slice(X, [0, 0], [chunk, dim])).dataSync());
  const t1 = performance.now();
  for (let c = 0; c < chunks; c++) tf.tidy(() => rewards(tf.slice(X, [c * chunk, 0], [chunk, dim])).dataSync());
  const itemsPerSecond = (chunks * chunk) / ((performance.now() - t1) / 1000);
  tf.dispose([X, w1, b1, w2, b2]);
  optimizer.dispose();
  return { backend, pairsPerSecond, itemsPerSecond };
}
