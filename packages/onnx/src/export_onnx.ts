// Exports a model made of an embedding, a recurrent module, linear maps and a last-step pick to
// the bytes of one standard `.onnx` file.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkBoolean, checkKnownOptions, checkTensor, describeValue } from '@rnnkit/core';
import { RecurrentModule } from '@rnnkit/layers';
import type { OnnxInitializer, OnnxNode, OnnxValueInfo } from './encode_onnx_model.js';
import { encodeOnnxModel } from './encode_onnx_model.js';
import type { OnnxStage } from './onnx_stage.js';
import { ONNX_METADATA_VOCABULARY } from './onnx_schema.js';
import { recurrentGraph, recurrentShape } from './recurrent_graph.js';

/** Options of {@link exportOnnx}: which of the graph's optional inputs it has. */
export interface ExportOnnxOptions {
  /**
   * Give the graph an int32 `lengths` input (N), the recurrent operators' `sequence_lens`, with
   * the packed-sequence semantics of `forward(x, { lengths })`. Only with a recurrent stage.
   * @default true
   */
  lengths?: boolean;
  /**
   * Give the graph `h0` (and, for an LSTM, `c0`) inputs, (numLayers * directions, N, H) as
   * `forward`'s `initialState`. Only with a recurrent stage.
   * @default true
   */
  initialState?: boolean;
}

const FN = 'exportOnnx';


function floats(t: tf.Tensor): Float32Array {
  return Float32Array.from(t.dataSync() as Float32Array);
}

/**
 * Exports `stages`, applied in order, as an ONNX model and returns the file's bytes (write them
 * with `fs.writeFileSync('model.onnx', bytes)`; any ONNX runtime loads them).
 *
 * The graph's inputs follow the modules' conventions: `tokens` (int32, (T, N) or (N, T)) when the
 * first stage is an embedding, else `x` (float32, (T, N, F) or (N, T, F)), the layout being the
 * recurrent module's `batchFirst`; then `lengths` and `h0` / `c0` (see {@link ExportOnnxOptions}).
 * Outputs: `output`, and the recurrent stage's final state `h_n` (and `c_n`), (numLayers *
 * directions, N, H). `T` and `N` are dynamic.
 *
 * Exported: `lstm`, `gru` (reset after the matmul, as PyTorch, or before) and `rnn` (tanh, relu)
 * modules with any layers, directions and biases; embeddings (`Gather`); linear maps (`MatMul` +
 * `Add`). Refused with an {@link InputError} naming the reason: LSTM with `projSize` (no ONNX
 * operator has the projection), and every cell without an ONNX operator (MGU, SRU, Jordan,
 * peephole or coupled-gate LSTM, Tree-LSTM), which this package does not rewrite into `Loop`.
 *
 * @example
 * const bytes = exportOnnx([
 *   { kind: 'embedding', stateDict: { weight: embeddingWeight } },     // (vocab, 16)
 *   { kind: 'recurrent', module: lstm({ inputSize: 16, hiddenSize: 32, batchFirst: true }) },
 *   { kind: 'lastStep' },
 *   { kind: 'linear', stateDict: { weight: headWeight, bias: headBias } }, // (classes, 32), (classes)
 * ]);
 */
export function exportOnnx(stages: readonly OnnxStage[], options: ExportOnnxOptions = {}): Uint8Array {
  if (!Array.isArray(stages) || stages.length === 0) {
    throw new InputError(FN, 'stages', `stages must be a non-empty array of stages, got ${describeValue(stages)}`);
  }
  checkKnownOptions(FN, 'options', options, ['lengths', 'initialState']);
  const withLengths = checkBoolean(FN, 'lengths', options.lengths ?? true);
  const withState = checkBoolean(FN, 'initialState', options.initialState ?? true);
  const recurrentIndex = stages.findIndex((s) => typeof s === 'object' && s !== null && s.kind === 'recurrent');
  if (stages.filter((s) => typeof s === 'object' && s !== null && s.kind === 'recurrent').length > 1) {
    throw new InputError(FN, 'stages', 'stages may hold at most one recurrent stage: the graph has one set of lengths and state inputs');
  }
  const recurrentStage = stages[recurrentIndex];
  const module = recurrentStage?.kind === 'recurrent' ? recurrentStage.module : undefined;
  if (recurrentStage !== undefined && !(module instanceof RecurrentModule)) {
    throw new InputError(FN, `stages[${recurrentIndex}].module`, `stages[${recurrentIndex}].module must be a RecurrentModule (lstm, gru, rnn), got ${describeValue(module)}`);
  }
  const shape = module === undefined ? undefined : recurrentShape(FN, `stages[${recurrentIndex}].module`, module);
  const batchFirst = shape?.batchFirst ?? false;
  const sequenceAxes = batchFirst ? ['N', 'T'] : ['T', 'N'];

  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const metadata: Record<string, string> = {};
  // The value flowing between stages: its name, its axes before the features, its feature size.
  let current = '';
  let axes: string[] = [...sequenceAxes];
  let features = 0;
  let lastStepTaken = false;

  stages.forEach((stage, k) => {
    const argument = `stages[${k}]`;
    if (typeof stage !== 'object' || stage === null) {
      throw new InputError(FN, argument, `${argument} must be a stage {kind: 'embedding' | 'recurrent' | 'linear' | 'lastStep'}, got ${describeValue(stage)}`);
    }
    const p = `s${k}_`;
    switch (stage.kind) {
      case 'embedding': {
        if (k !== 0) throw new InputError(FN, argument, `${argument} is an embedding: an embedding reads the token input, so it must be the first stage`);
        const weight = checkTensor(FN, `${argument}.stateDict.weight`, stage.stateDict?.weight, { rank: 2, axes: '(num, dim)' });
        checkKnownOptions(FN, `${argument}.stateDict`, stage.stateDict, ['weight']);
        const [num = 0, dim = 0] = weight.shape;
        inputs.push({ name: 'tokens', elemType: 'int32', dims: [...sequenceAxes] });
        initializers.push({ name: `${p}weight`, dims: [num, dim], data: floats(weight) });
        nodes.push({ opType: 'Gather', inputs: [`${p}weight`, 'tokens'], outputs: [`${p}out`], attributes: { axis: { int: 0 } } });
        metadata[ONNX_METADATA_VOCABULARY] = String(num);
        current = `${p}out`;
        features = dim;
        return;
      }
      case 'linear': {
        const weight = checkTensor(FN, `${argument}.stateDict.weight`, stage.stateDict?.weight, { rank: 2, axes: '(out, in)' });
        const [out = 0, inFeatures = 0] = weight.shape;
        if (k > 0 && inFeatures !== features) {
          throw new InputError(FN, `${argument}.stateDict.weight`, `${argument}.stateDict.weight must take ${features} input features (the previous stage's output), got shape [${weight.shape.join(', ')}]`);
        }
        const bias = stage.stateDict.bias;
        if (bias !== undefined) checkTensor(FN, `${argument}.stateDict.bias`, bias, { shape: [out], axes: '(out)' });
        checkKnownOptions(FN, `${argument}.stateDict`, stage.stateDict, ['weight', 'bias']);
        if (k === 0) {
          inputs.push({ name: 'x', elemType: 'float32', dims: [...sequenceAxes, inFeatures] });
          current = 'x';
        }
        // nn.Linear computes x W^T + b: MatMul takes W^T, stored transposed here once.
        const transposed = tf.tidy(() => floats(tf.transpose(weight)));
        initializers.push({ name: `${p}weight_t`, dims: [inFeatures, out], data: transposed });
        nodes.push({ opType: 'MatMul', inputs: [current, `${p}weight_t`], outputs: [`${p}mm`] });
        current = `${p}mm`;
        if (bias !== undefined) {
          initializers.push({ name: `${p}bias`, dims: [out], data: floats(bias) });
          nodes.push({ opType: 'Add', inputs: [current, `${p}bias`], outputs: [`${p}out`] });
          current = `${p}out`;
        }
        features = out;
        return;
      }
      case 'recurrent': {
        if (shape === undefined || module === undefined || lastStepTaken) {
          throw new InputError(FN, argument, `${argument} is a recurrent stage after a lastStep stage: it needs a sequence`);
        }
        if (k > 0 && features !== shape.inputSize) {
          throw new InputError(FN, argument, `${argument} takes ${shape.inputSize} input features, but the previous stage gives ${features}`);
        }
        if (k === 0) {
          inputs.push({ name: 'x', elemType: 'float32', dims: [...sequenceAxes, shape.inputSize] });
          current = 'x';
        }
        const slots = shape.numLayers * shape.directions;
        const state: { lengths?: string; h0?: string; c0?: string } = {};
        if (withLengths) {
          inputs.push({ name: 'lengths', elemType: 'int32', dims: ['N'] });
          state.lengths = 'lengths';
        }
        if (withState) {
          inputs.push({ name: 'h0', elemType: 'float32', dims: [slots, 'N', shape.hiddenSize] });
          state.h0 = 'h0';
          if (shape.cell === 'lstm') {
            inputs.push({ name: 'c0', elemType: 'float32', dims: [slots, 'N', shape.hiddenSize] });
            state.c0 = 'c0';
          }
        }
        if (batchFirst) {
          nodes.push({ opType: 'Transpose', inputs: [current], outputs: [`${p}x_tm`], attributes: { perm: { ints: [1, 0, 2] } } });
          current = `${p}x_tm`;
        }
        const graph = recurrentGraph(module, shape, p, current, state);
        nodes.push(...graph.nodes);
        initializers.push(...graph.initializers);
        current = graph.output;
        if (batchFirst) {
          nodes.push({ opType: 'Transpose', inputs: [current], outputs: [`${p}out_bf`], attributes: { perm: { ints: [1, 0, 2] } } });
          current = `${p}out_bf`;
        }
        nodes.push({ opType: 'Identity', inputs: [graph.hN], outputs: ['h_n'] });
        outputs.push({ name: 'h_n', elemType: 'float32', dims: [slots, 'N', shape.hiddenSize] });
        if (graph.cN !== undefined) {
          nodes.push({ opType: 'Identity', inputs: [graph.cN], outputs: ['c_n'] });
          outputs.push({ name: 'c_n', elemType: 'float32', dims: [slots, 'N', shape.hiddenSize] });
        }
        features = shape.directions * shape.hiddenSize;
        return;
      }
      case 'lastStep': {
        if (recurrentIndex < 0 || k < recurrentIndex || lastStepTaken) {
          throw new InputError(FN, argument, `${argument} is a lastStep stage: it must follow the recurrent stage, once`);
        }
        initializers.push({ name: `${p}last`, dims: [], data: BigInt64Array.of(-1n) });
        // A scalar index drops the time axis: (T, N, F) -> (N, F).
        nodes.push({ opType: 'Gather', inputs: [current, `${p}last`], outputs: [`${p}out`], attributes: { axis: { int: batchFirst ? 1 : 0 } } });
        current = `${p}out`;
        axes = ['N'];
        lastStepTaken = true;
        return;
      }
      default:
        throw new InputError(FN, `${argument}.kind`, `${argument}.kind must be 'embedding', 'recurrent', 'linear' or 'lastStep', got ${describeValue((stage as { kind?: unknown }).kind)}`);
    }
  });
  nodes.push({ opType: 'Identity', inputs: [current], outputs: ['output'] });
  outputs.unshift({ name: 'output', elemType: 'float32', dims: [...axes, features] });
  return encodeOnnxModel({ nodes, initializers, inputs, outputs, metadata });
}
