// Model export: the safetensors bytes follow the spec (u64 LE header size, JSON header of dtype/shape/
// data_offsets, 8-byte aligned, data contiguous and covering the buffer), and the tensors, read back and run
// by an independent JavaScript forward pass, reproduce the engine's own scores.
import { describe, expect, it } from 'vitest';
import { train } from '../../electron/core/engine';
import { pairsByReward, plantedEmbeddings, rng } from './synthetic';

interface Entry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

function parse(file: Buffer) {
  const headerSize = Number(file.readBigUInt64LE(0));
  const header = JSON.parse(file.subarray(8, 8 + headerSize).toString('utf8')) as Record<string, Entry | Record<string, string>>;
  const data = file.subarray(8 + headerSize);
  return { headerSize, header, data };
}

describe('safetensors export', () => {
  it('follows the safetensors layout and reproduces the engine scores', async () => {
    const set = plantedEmbeddings(300, 6, 51);
    const { model } = await train(set.items, pairsByReward(set.reward, 2000, rng(52)), { hidden: 5, members: 3, epochs: 3, activation: 'gelu', seed: 53 });
    const { safetensors, config } = model.toSafetensors();
    const { headerSize, header, data } = parse(safetensors);
    expect((8 + headerSize) % 8).toBe(0);
    const meta = header.__metadata__ as Record<string, string>;
    expect(meta.format).toBe('pt');
    expect(JSON.parse(meta.rung_config)).toEqual(config);
    const tensors = Object.entries(header).filter(([k]) => k !== '__metadata__') as [string, Entry][];
    expect(tensors.map(([k, t]) => [k, t.dtype, t.shape])).toEqual([
      ['fc1.weight', 'F32', [3, 5, 6]],
      ['fc1.bias', 'F32', [3, 5]],
      ['fc2.weight', 'F32', [3, 1, 5]],
      ['fc2.bias', 'F32', [3, 1]],
    ]);
    // contiguous, no gaps or overlaps, exactly covering the data section
    const spans = tensors.map(([, t]) => t.data_offsets).sort((a, b) => a[0] - b[0]);
    expect(spans[0][0]).toBe(0);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBe(spans[i - 1][1]);
    expect(spans[spans.length - 1][1]).toBe(data.length);
    for (const [, t] of tensors) expect(t.data_offsets[1] - t.data_offsets[0]).toBe(4 * t.shape.reduce((a, b) => a * b, 1));

    const read = (name: string) => {
      const t = header[name] as Entry;
      const bytes = data.subarray(t.data_offsets[0], t.data_offsets[1]);
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    };
    const [w1, b1, w2, b2] = ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'].map(read);
    const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    const { mean } = await model.scoreItems(set.items);
    for (let i = 0; i < 20; i++) {
      let sum = 0;
      for (let m = 0; m < 3; m++) {
        let r = b2[m];
        for (let h = 0; h < 5; h++) {
          let z = b1[m * 5 + h];
          for (let d = 0; d < 6; d++) z += w1[(m * 5 + h) * 6 + d] * set.items.data[i * 6 + d];
          r += w2[m * 5 + h] * gelu(z);
        }
        sum += r;
      }
      expect(mean[i]).toBeCloseTo(sum / 3, 4);
    }
  });
});
