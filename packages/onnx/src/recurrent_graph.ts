// Turns a recurrent module of @rnnkit/layers into ONNX LSTM / GRU / RNN nodes, one per layer.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, REVERSE_SUFFIX, layerParamName } from '@rnnkit/core';
import type { RecurrentModule } from '@rnnkit/layers';
import type { OnnxInitializer, OnnxNode } from './encode_onnx_model.js';

/** PyTorch's name of parameter `base` in layer `l`, direction `d` (1: backward), by core's naming rule. */
function torchName(base: string, l: number, d: number): string {
  return layerParamName(d === 1 ? `${base}${REVERSE_SUFFIX}` : base, l);
}

/** What the export needs to know about a module, read from its layer and parameters. */
export interface RecurrentShape {
  readonly cell: 'lstm' | 'gru' | 'rnn';
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly directions: 1 | 2;
  readonly bias: 'pair' | 'single' | 'none';
  readonly batchFirst: boolean;
  /** RNN: the activation. GRU: whether the reset gate applies after the recurrent matmul. */
  readonly nonlinearity: 'tanh' | 'relu';
  readonly resetAfter: boolean;
}

/** Graph values the recurrent nodes read and write. */
export interface RecurrentGraph {
  readonly nodes: OnnxNode[];
  readonly initializers: OnnxInitializer[];
  /** (T, N, directions * H), time-major. */
  readonly output: string;
  readonly hN: string;
  readonly cN?: string;
}

const GATES = { lstm: 4, gru: 3, rnn: 1 } as const;

// PyTorch stacks LSTM gates as i, f, g, o and ONNX as i, o, f, c; GRU r, z, n against ONNX's
// z, r, h. Entry k is the PyTorch block that goes to ONNX block k.
const ONNX_GATE_ORDER = { lstm: [0, 3, 1, 2], gru: [1, 0, 2], rnn: [0] } as const;

/** The parameter names and shapes of a PyTorch-style stack with this shape. */
function expectedSpec(s: RecurrentShape): Map<string, number[]> {
  const spec = new Map<string, number[]>();
  const gh = GATES[s.cell] * s.hiddenSize;
  for (let l = 0; l < s.numLayers; l++) {
    const input = l === 0 ? s.inputSize : s.directions * s.hiddenSize;
    for (let d = 0; d < s.directions; d++) {
      const name = (base: string): string => torchName(base, l, d);
      spec.set(name('weight_ih'), [gh, input]);
      spec.set(name('weight_hh'), [gh, s.hiddenSize]);
      if (s.bias === 'pair') {
        spec.set(name('bias_ih'), [gh]);
        spec.set(name('bias_hh'), [gh]);
      } else if (s.bias === 'single') {
        spec.set(name('bias'), [gh]);
      }
    }
  }
  return spec;
}

/**
 * Runs layer 0's forward direction for one step with crafted parameters and returns the final
 * state `h` of that slot: the probes below tell apart cells whose parameters look the same.
 */
function probe(module: RecurrentModule, set: (name: string, values: Float32Array, shape: readonly number[]) => void, h0: Float32Array, x: number): Float32Array {
  return tf.tidy(() => {
    const params: Record<string, tf.Tensor> = {};
    for (const [name, entry] of Object.entries(module.layer.paramSpec)) {
      const values = new Float32Array(entry.shape.reduce((a, b) => a * b, 1));
      set(name, values, entry.shape);
      params[name] = tf.tensor(values, [...entry.shape]);
    }
    const slots = module.layer.slots;
    const H = module.layer.stateSizes['h'] ?? 0;
    const h = new Float32Array(slots * H);
    h.set(h0);
    const input = tf.fill([1, 1, module.layer.inputSize], x) as tf.Tensor3D;
    const { state } = module.apply(params, input, { initialState: { h: tf.tensor3d(h, [slots, 1, H]) } });
    return (state['h'] as tf.Tensor).dataSync().slice(0, H) as Float32Array;
  });
}

/** Reads and checks what the module is; refuses what ONNX's recurrent operators cannot express. */
export function recurrentShape(fn: string, argument: string, module: RecurrentModule): RecurrentShape {
  const cell = module.name;
  if (cell !== 'lstm' && cell !== 'gru' && cell !== 'rnn') {
    throw new InputError(fn, argument, `${argument} is a "${cell}" module; ONNX has operators for lstm, gru and rnn only, and cells without one (MGU, SRU, Jordan, peephole or coupled-gate LSTM, Tree-LSTM) are not exported`);
  }
  const layer = module.layer;
  const spec = layer.paramSpec;
  if (layerParamName('weight_hr', 0) in spec) {
    throw new InputError(fn, argument, `${argument} is an lstm with projSize: the ONNX LSTM operator has no projection (h = W_hr (o * tanh(c))), so it is not exported`);
  }
  const directions = torchName('weight_ih', 0, 1) in spec ? 2 : 1;
  const hiddenSize = cell === 'lstm' ? layer.stateSizes['c'] ?? 0 : layer.stateSizes['h'] ?? 0;
  const numLayers = layer.slots / directions;
  const bias = 'bias_ih_l0' in spec ? 'pair' : 'bias_l0' in spec && cell === 'gru' ? 'single' : 'none';
  const shape: RecurrentShape = {
    cell, inputSize: layer.inputSize, hiddenSize, numLayers, directions, bias,
    batchFirst: module.batchFirst, nonlinearity: 'tanh', resetAfter: bias !== 'single',
  };
  const expected = expectedSpec(shape);
  const given = Object.entries(spec);
  const mismatch = given.find(([name, entry]) => expected.get(name)?.join(',') !== entry.shape.join(','));
  if (!Number.isInteger(numLayers) || hiddenSize < 1 || given.length !== expected.size || mismatch !== undefined
    || layer.outputSize !== directions * hiddenSize || (cell === 'lstm' && layer.stateSizes['h'] !== hiddenSize)) {
    const detail = mismatch === undefined ? `parameters ${given.map(([n]) => n).join(', ')}` : `parameter ${mismatch[0]} [${mismatch[1].shape.join(', ')}]`;
    throw new InputError(fn, argument, `${argument} is named "${cell}" but is not PyTorch's nn.${cell.toUpperCase()} layout (${detail}); cells with extra parameters (peephole, coupled gates) or merged directions have no ONNX operator and are not exported`);
  }
  const H = hiddenSize;
  if (cell === 'rnn') {
    // Every weight zero and a bias of -1 (or, without biases, input weights of 1 against x = -1)
    // pushing the pre-activation below zero: tanh gives a negative state, relu exactly 0.
    const h = probe(module, (name, values) => {
      if (name === 'bias_ih_l0') values.fill(-1);
      if (bias === 'none' && name === 'weight_ih_l0') values.fill(1);
    }, new Float32Array(0), -1);
    const nonlinearity = (h[0] ?? 0) < -0.1 ? 'tanh' : 'relu';
    return { ...shape, nonlinearity };
  }
  if (cell === 'gru' && bias === 'none' && H >= 2) {
    // Without biases, reset-after and reset-before share their parameters. From h0 = e_0 with
    // r_0 ~ 0, r_1 = 0.5 and a candidate weight of ones: reset-after gives n_1 = tanh(r_1 * 1),
    // reset-before n_1 = tanh(r_0 * 1) ~ 0, so h_1 = (1 - z) n_1 tells them apart.
    const h0 = new Float32Array(H);
    h0[0] = 1;
    const h = probe(module, (name, values) => {
      if (name !== 'weight_hh_l0') return;
      values[0] = -30;
      values.fill(1, 2 * H * H);
    }, h0, 0);
    return { ...shape, resetAfter: (h[1] ?? 0) > 0.1 };
  }
  return shape;
}

function reorderGates(values: Float32Array, gates: number, order: readonly number[]): Float32Array {
  const block = values.length / gates;
  const out = new Float32Array(values.length);
  order.forEach((source, k) => out.set(values.subarray(source * block, (source + 1) * block), k * block));
  return out;
}

/**
 * Nodes computing `module` on `input` (T, N, F), time-major: one ONNX recurrent node per layer
 * with both directions in it, its output (T, directions, N, H) reshaped to (T, N, directions * H)
 * for the next layer. `lengths` becomes every layer's `sequence_lens`; `h0` / `c0`, (layers *
 * directions, N, H), are sliced per layer. Names start with `prefix`.
 */
export function recurrentGraph(
  module: RecurrentModule,
  shape: RecurrentShape,
  prefix: string,
  input: string,
  state: { lengths?: string; h0?: string; c0?: string },
): RecurrentGraph {
  const { cell, hiddenSize: H, numLayers, directions } = shape;
  const G = GATES[cell];
  const order = ONNX_GATE_ORDER[cell];
  const params = module.parameters;
  const read = (name: string): Float32Array => {
    const t = params[name];
    // recurrentShape checked every name; a missing one here is a bug of this file.
    if (t === undefined) throw new Error(`recurrentGraph: no parameter ${name}`);
    return t.dataSync() as Float32Array;
  };
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  const hOuts: string[] = [];
  const cOuts: string[] = [];
  if (state.h0 !== undefined || state.c0 !== undefined) initializers.push({ name: `${prefix}axis0`, dims: [1], data: BigInt64Array.of(0n) });
  // Reshape's 0 keeps T and N from its input, so the graph takes any length and batch.
  initializers.push({ name: `${prefix}merge_directions`, dims: [3], data: BigInt64Array.of(0n, 0n, -1n) });
  let x = input;
  for (let l = 0; l < numLayers; l++) {
    const I = l === 0 ? shape.inputSize : directions * H;
    const w = new Float32Array(directions * G * H * I);
    const r = new Float32Array(directions * G * H * H);
    const b = new Float32Array(directions * 2 * G * H);
    Array.from({ length: directions }, (_, d) => d).forEach((d) => {
      const name = (base: string): string => torchName(base, l, d);
      w.set(reorderGates(read(name('weight_ih')), G, order), d * G * H * I);
      r.set(reorderGates(read(name('weight_hh')), G, order), d * G * H * H);
      // ONNX's B is [Wb, Rb]. A reset-before GRU's single bias adds to the input projection,
      // which is where ONNX's GRU (linear_before_reset = 0) adds Wb; Rb stays zero.
      if (shape.bias === 'pair') {
        b.set(reorderGates(read(name('bias_ih')), G, order), d * 2 * G * H);
        b.set(reorderGates(read(name('bias_hh')), G, order), d * 2 * G * H + G * H);
      } else if (shape.bias === 'single') {
        b.set(reorderGates(read(name('bias')), G, order), d * 2 * G * H);
      }
    });
    const p = `${prefix}l${l}_`;
    initializers.push({ name: `${p}W`, dims: [directions, G * H, I], data: w }, { name: `${p}R`, dims: [directions, G * H, H], data: r });
    if (shape.bias !== 'none') initializers.push({ name: `${p}B`, dims: [directions, 2 * G * H], data: b });
    const sliceState = (name: string | undefined, label: string): string => {
      if (name === undefined) return '';
      initializers.push(
        { name: `${p}${label}_start`, dims: [1], data: BigInt64Array.of(BigInt(l * directions)) },
        { name: `${p}${label}_end`, dims: [1], data: BigInt64Array.of(BigInt((l + 1) * directions)) },
      );
      nodes.push({ opType: 'Slice', inputs: [name, `${p}${label}_start`, `${p}${label}_end`, `${prefix}axis0`], outputs: [`${p}${label}`] });
      return `${p}${label}`;
    };
    const h0 = sliceState(state.h0, 'h0');
    const c0 = cell === 'lstm' ? sliceState(state.c0, 'c0') : '';
    const inputs = [x, `${p}W`, `${p}R`, shape.bias === 'none' ? '' : `${p}B`, state.lengths ?? '', h0];
    if (cell === 'lstm') inputs.push(c0);
    while (inputs[inputs.length - 1] === '') inputs.pop();
    const outputs = [`${p}Y`, `${p}Y_h`];
    if (cell === 'lstm') outputs.push(`${p}Y_c`);
    const direction = directions === 2 ? 'bidirectional' : 'forward';
    const attributes: Record<string, { int: number } | { string: string } | { strings: string[] }> = { hidden_size: { int: H }, direction: { string: direction } };
    if (cell === 'gru') attributes['linear_before_reset'] = { int: shape.resetAfter ? 1 : 0 };
    if (cell === 'rnn') attributes['activations'] = { strings: Array<string>(directions).fill(shape.nonlinearity === 'tanh' ? 'Tanh' : 'Relu') };
    // ONNX's `layout = 1` would take batch-first input directly, but ONNX Runtime's CPU kernels
    // accept only layout 0: a batch-first model transposes around the whole stack instead.
    nodes.push({ opType: cell.toUpperCase(), inputs, outputs, attributes });
    nodes.push({ opType: 'Transpose', inputs: [`${p}Y`], outputs: [`${p}Yt`], attributes: { perm: { ints: [0, 2, 1, 3] } } });
    nodes.push({ opType: 'Reshape', inputs: [`${p}Yt`, `${prefix}merge_directions`], outputs: [`${p}out`] });
    hOuts.push(`${p}Y_h`);
    if (cell === 'lstm') cOuts.push(`${p}Y_c`);
    x = `${p}out`;
  }
  const concat = (values: string[], name: string): string => {
    if (values.length === 1) return values[0] ?? '';
    nodes.push({ opType: 'Concat', inputs: values, outputs: [name], attributes: { axis: { int: 0 } } });
    return name;
  };
  const hN = concat(hOuts, `${prefix}h_n`);
  if (cell !== 'lstm') return { nodes, initializers, output: x, hN };
  return { nodes, initializers, output: x, hN, cN: concat(cOuts, `${prefix}c_n`) };
}
