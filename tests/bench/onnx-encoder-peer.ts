// The ONNX Runtime peer for the encoder bench: the same encoder folder exported with torch.onnx.export
// (tests/python/export_onnx_encoder.py: BertModel plus mean pooling) and run on onnxruntime-node's CPU provider with
// the bench's thread count, on the same token ids in the same batches as the PyTorch peer (consecutive batches padded to
// their longest, with an attention mask). Its pooled vectors are returned too, so the bench can check it computes what
// the engine computes before timing it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';

const root = resolve(__dirname, '..', '..');
const python = join(root, '.venv-test', 'bin', 'python');

/** onnx and onnxscript (what torch.onnx.export needs) are in .venv-test (tests/python/setup-venv.sh installs them). */
function requireExporter(): void {
  try {
    execFileSync(python, ['-c', 'import onnx, onnxscript'], { stdio: 'ignore' });
  } catch {
    throw new Error('the ONNX peer needs onnx and onnxscript in .venv-test: run tests/python/setup-venv.sh again');
  }
}

export interface OnnxEncoder {
  version: string;
  /** Pooled vectors of the sequences, in order, computed in batches of `batch`. */
  encode(ids: number[][], batch: number): Promise<Float32Array[]>;
  release(): Promise<void>;
}

export async function onnxEncoder(folder: string, threads: number): Promise<OnnxEncoder> {
  if (!existsSync(python)) throw new Error('the ONNX peer needs .venv-test (tests/python/setup-venv.sh)');
  requireExporter();
  const work = mkdtempSync(join(tmpdir(), 'rung-onnx-encoder-'));
  const model = join(work, 'encoder.onnx');
  try {
    execFileSync(python, [join(root, 'tests', 'python', 'export_onnx_encoder.py'), folder, model], { stdio: ['ignore', 'ignore', 'pipe'] });
    // no spinning: idle ORT threads would otherwise keep the cores busy after each run, slowing what the bench times next
    const session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    return {
      version: ort.env.versions.node ?? '?',
      async encode(ids, batch) {
        const out: Float32Array[] = [];
        for (let b = 0; b < ids.length; b += batch) {
          const part = ids.slice(b, b + batch);
          const longest = Math.max(...part.map((s) => s.length));
          const input = new BigInt64Array(part.length * longest), mask = new BigInt64Array(part.length * longest);
          part.forEach((s, r) => s.forEach((id, t) => ((input[r * longest + t] = BigInt(id)), (mask[r * longest + t] = 1n))));
          const dims = [part.length, longest];
          const pooled = (await session.run({ input_ids: new ort.Tensor('int64', input, dims), attention_mask: new ort.Tensor('int64', mask, dims) })).pooled;
          const hidden = pooled.dims[1];
          const data = pooled.data as Float32Array;
          for (let r = 0; r < part.length; r++) out.push(data.slice(r * hidden, (r + 1) * hidden));
        }
        return out;
      },
      release: () => session.release(),
    };
  } finally {
    rmSync(work, { recursive: true, force: true }); // the session holds the graph; the file is no longer needed
  }
}
