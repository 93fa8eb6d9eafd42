// The ONNX form of a Rung ensemble for the onnxruntime bench peer: a minimal protobuf writer for ModelProto and
// the graph X[N,D] → MatMul W1[D,MH] → Add b1 → Relu|Gelu(tanh) → MatMul W2[MH,M] (block-diagonal) → Add b2 → ReduceMean → [N].

// Protobuf wire format: varints (type 0) and length-delimited fields (type 2) are all ModelProto needs here.
function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}

type Field = Uint8Array;
const concat = (parts: Field[]): Uint8Array => Buffer.concat(parts);
const intField = (no: number, value: number): Field => Uint8Array.from([...varint(no << 3), ...varint(value)]);
const bytesField = (no: number, bytes: Uint8Array): Field => concat([Uint8Array.from([...varint((no << 3) | 2), ...varint(bytes.length)]), bytes]);
const strField = (no: number, s: string): Field => bytesField(no, Buffer.from(s, 'utf8'));
const msg = (no: number, fields: Field[]): Field => bytesField(no, concat(fields));

const FLOAT = 1, INT64 = 7; // TensorProto.DataType
const ATTR_INT = 2, ATTR_STRING = 3; // AttributeProto.AttributeType

// TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian)
function tensor(name: string, dims: number[], data: Float32Array | BigInt64Array): Field {
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return msg(5, [...dims.map((d) => intField(1, d)), intField(2, data instanceof Float32Array ? FLOAT : INT64), strField(8, name), bytesField(9, raw)]);
}

// NodeProto: input 1, output 2, op_type 4, attribute 5 (AttributeProto: name 1, i 3, s 4, type 20)
function node(op: string, inputs: string[], output: string, attrs: Field[] = []): Field {
  return msg(1, [...inputs.map((i) => strField(1, i)), strField(2, output), strField(4, op), ...attrs]);
}
const intAttr = (name: string, i: number): Field => msg(5, [strField(1, name), intField(3, i), intField(20, ATTR_INT)]);
const strAttr = (name: string, s: string): Field => msg(5, [strField(1, name), bytesField(4, Buffer.from(s)), intField(20, ATTR_STRING)]);

// ValueInfoProto (graph input 11 / output 12): name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 (dim_value 1 | dim_param 2)
function valueInfo(no: number, name: string, dims: (number | string)[]): Field {
  const shape = dims.map((d) => msg(1, [typeof d === 'number' ? intField(1, d) : strField(2, d)]));
  return msg(no, [strField(1, name), msg(2, [msg(1, [intField(1, FLOAT), msg(2, shape)])])]);
}

/** PyTorch-layout tensors of a Rung model (RewardModel tensors: fc1.weight [M,H,D], fc1.bias [M,H], fc2.weight [M,1,H], fc2.bias [M,1]). */
export interface EnsembleTensors {
  D: number;
  H: number;
  M: number;
  activation: 'relu' | 'gelu';
  fc1Weight: Float32Array;
  fc1Bias: Float32Array;
  fc2Weight: Float32Array;
  fc2Bias: Float32Array;
}

/** ModelProto bytes (IR 9, opset 20) of the ensemble: input "x" [N, D], output "reward" [N] = mean over members. */
export function ensembleOnnx(t: EnsembleTensors): Uint8Array {
  const { D, H, M } = t, MH = M * H;
  const w1 = new Float32Array(D * MH); // [D, MH]: member m owns columns m·H .. m·H+H−1, as in the engine
  for (let c = 0; c < MH; c++) for (let d = 0; d < D; d++) w1[d * MH + c] = t.fc1Weight[c * D + d];
  const w2 = new Float32Array(MH * M); // block-diagonal [MH, M]
  for (let c = 0; c < MH; c++) w2[c * M + Math.floor(c / H)] = t.fc2Weight[c];
  const graph = [
    node('MatMul', ['x', 'w1'], 'xw'),
    node('Add', ['xw', 'b1'], 'hpre'),
    t.activation === 'relu' ? node('Relu', ['hpre'], 'h') : node('Gelu', ['hpre'], 'h', [strAttr('approximate', 'tanh')]),
    node('MatMul', ['h', 'w2'], 'hw'),
    node('Add', ['hw', 'b2'], 'r'),
    node('ReduceMean', ['r', 'axes'], 'reward', [intAttr('keepdims', 0)]),
    strField(2, 'rung_ensemble'),
    tensor('w1', [D, MH], w1),
    tensor('b1', [MH], t.fc1Bias),
    tensor('w2', [MH, M], w2),
    tensor('b2', [M], t.fc2Bias),
    tensor('axes', [1], BigInt64Array.of(1n)),
    valueInfo(11, 'x', ['N', D]),
    valueInfo(12, 'reward', ['N']),
  ];
  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (domain 1, version 2)
  return concat([intField(1, 9), strField(2, 'rung-bench'), bytesField(7, concat(graph)), msg(8, [strField(1, ''), intField(2, 20)])]);
}
