// ONNX Runtime's native LSTM / GRU operators on a recurrent case, one thread, with the weights of
// the project's model: the native reference row of the forward pass.
import type * as tf from '@tensorflow/tfjs-core';
import type { RecurrentCase } from './cases.js';
import { gateCount, layerInputSize } from './cases.js';
import type { OnnxNode, OnnxTensor } from './onnx_graph.js';
import { encodeOnnxModel } from './onnx_graph.js';

interface OrtModule {
  InferenceSession: {
    create(model: Uint8Array, options: Record<string, unknown>): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, unknown>>; release(): Promise<void> }>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

/** PyTorch gate blocks (LSTM i, f, g, o; GRU r, z, n) in ONNX's order (i, o, f, c; z, r, h). */
function onnxGateOrder(c: RecurrentCase): number[] {
  return c.cell === 'lstm' ? [0, 3, 1, 2] : [1, 0, 2];
}

function reorderRows(values: Float32Array, rowsPerGate: number, cols: number, order: readonly number[]): Float32Array {
  const out = new Float32Array(values.length);
  order.forEach((source, k) => {
    out.set(values.subarray(source * rowsPerGate * cols, (source + 1) * rowsPerGate * cols), k * rowsPerGate * cols);
  });
  return out;
}

/** The ONNX graph of the case: one recurrent node per layer, reshaped between layers. */
function buildGraph(c: RecurrentCase, params: Record<string, Float32Array>): { nodes: OnnxNode[]; initializers: OnnxTensor[] } {
  const directions = c.bidirectional ? 2 : 1;
  const H = c.hiddenSize;
  const G = gateCount(c);
  const order = onnxGateOrder(c);
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  let input = 'x';
  for (let l = 0; l < c.numLayers; l++) {
    const I = layerInputSize(c, l);
    const suffixes = directions === 2 ? [`_l${l}`, `_l${l}_reverse`] : [`_l${l}`];
    const w = new Float32Array(directions * G * H * I);
    const r = new Float32Array(directions * G * H * H);
    const b = new Float32Array(directions * 2 * G * H);
    suffixes.forEach((suffix, d) => {
      const get = (name: string) => params[`${name}${suffix}`] ?? new Float32Array(0);
      w.set(reorderRows(get('weight_ih'), H, I, order), d * G * H * I);
      r.set(reorderRows(get('weight_hh'), H, H, order), d * G * H * H);
      b.set(reorderRows(get('bias_ih'), H, 1, order), d * 2 * G * H);
      b.set(reorderRows(get('bias_hh'), H, 1, order), d * 2 * G * H + G * H);
    });
    initializers.push(
      { name: `W${l}`, dims: [directions, G * H, I], data: w },
      { name: `R${l}`, dims: [directions, G * H, H], data: r },
      { name: `B${l}`, dims: [directions, 2 * G * H], data: b },
    );
    nodes.push({
      op: c.cell === 'lstm' ? 'LSTM' : 'GRU',
      inputs: [input, `W${l}`, `R${l}`, `B${l}`],
      outputs: [`y${l}`],
      ints: { hidden_size: H, ...(c.cell === 'gru' ? { linear_before_reset: 1 } : {}) },
      strings: { direction: c.bidirectional ? 'bidirectional' : 'forward' },
    });
    // Y is (T, directions, N, H); the next layer and the caller want (T, N, directions * H).
    nodes.push({ op: 'Transpose', inputs: [`y${l}`], outputs: [`yt${l}`], intLists: { perm: [0, 2, 1, 3] } });
    initializers.push({ name: `shape${l}`, dims: [3], data: BigInt64Array.from([BigInt(c.steps), BigInt(c.batch), BigInt(directions * H)]) });
    nodes.push({ op: 'Reshape', inputs: [`yt${l}`, `shape${l}`], outputs: [`out${l}`] });
    input = `out${l}`;
  }
  return { nodes, initializers };
}

/** A forward-pass runner on ONNX Runtime, or the reason there is none. */
export interface OrtRunner {
  /** Runs the forward pass and returns the output (T, N, directions * H), time-major. */
  forward(): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export async function ortRunner(c: RecurrentCase, model: Record<string, tf.Tensor>, input?: Float32Array): Promise<OrtRunner | string> {
  let ort: OrtModule;
  try {
    ort = (await import('onnxruntime-node')) as unknown as OrtModule;
  } catch (e) {
    return `onnxruntime-node is not installed (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
  const params = Object.fromEntries(Object.entries(model).map(([k, v]) => [k, v.dataSync() as Float32Array]));
  const { nodes, initializers } = buildGraph(c, params);
  const outputSize = c.hiddenSize * (c.bidirectional ? 2 : 1);
  const bytes = encodeOnnxModel({
    nodes,
    initializers,
    input: { name: 'x', dims: [c.steps, c.batch, c.inputSize] },
    output: { name: `out${c.numLayers - 1}`, dims: [c.steps, c.batch, outputSize] },
  });
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  const values = input ?? Float32Array.from({ length: c.steps * c.batch * c.inputSize }, (_, i) => Math.sin(i));
  const x = new ort.Tensor('float32', values, [c.steps, c.batch, c.inputSize]);
  const outputName = `out${c.numLayers - 1}`;
  return {
    async forward() {
      const result = await session.run({ x });
      return (result[outputName] as { data: Float32Array }).data;
    },
    async dispose() {
      await session.release();
    },
  };
}
