// Every public function of @rnnkit/onnx refuses bad input with an InputError that names the
// function and the argument, and refuses models ONNX's operators cannot express, naming the cell.
import { afterAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { jordanCell, lstmCell, mguCell, sruCell } from '@rnnkit/cells';
import { RecurrentModule, bidirectional, cellLayer, gru, lstm, stacked } from '@rnnkit/layers';
import type { OnnxGraph, OnnxStage, OrtModule } from '@rnnkit/onnx';
import { OnnxModel, encodeOnnxModel, exportOnnx } from '@rnnkit/onnx';
import { loadOnnxModelNode } from '@rnnkit/onnx/node';
import { loadOnnxModelWeb } from '@rnnkit/onnx/web';
import { expectInputError } from '@rnnkit/testing/jest';

// The cases build modules while jest collects them; the cpu backend starts synchronously, and the
// testing helpers' import registers wasm too, which would otherwise take priority.
void tf.setBackend('cpu');


async function expectRejects(run: () => Promise<unknown>, fn: string, argument: string, message: RegExp): Promise<void> {
  const caught = await run().then(() => undefined, (e: unknown) => e);
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as InputError).fn).toBe(fn);
  expect((caught as InputError).argument).toBe(argument);
  expect((caught as InputError).message).toMatch(message);
}

const model = lstm({ inputSize: 3, hiddenSize: 4, numLayers: 2, seed: 1 });
const table = tf.zeros([10, 3]);
const head = tf.zeros([2, 4]);
const recurrent: OnnxStage = { kind: 'recurrent', module: model };
const custom = (name: string, layer: Parameters<typeof stacked>[0]): RecurrentModule => new RecurrentModule(name, stacked(layer), { seed: 0 });

afterAll(() => {
  model.dispose();
  tf.dispose([table, head]);
});

describe('exportOnnx refuses what ONNX cannot express, naming the cell', () => {
  it.each([
    ['mgu', custom('mgu', [cellLayer(mguCell({ inputSize: 3, hiddenSize: 4 }))]), /"mgu" module; ONNX has operators for lstm, gru and rnn only/],
    ['sru', custom('sru', [cellLayer(sruCell({ inputSize: 3, hiddenSize: 3 }))]), /"sru" module/],
    ['jordan', custom('jordan', [cellLayer(jordanCell({ inputSize: 3, hiddenSize: 4, outputSize: 2 }))]), /"jordan" module/],
    ['peephole lstm named lstm', custom('lstm', [cellLayer(lstmCell({ inputSize: 3, hiddenSize: 4, peephole: true }))]), /named "lstm" but is not PyTorch's nn.LSTM layout/],
    ['coupled-gate lstm named lstm', custom('lstm', [cellLayer(lstmCell({ inputSize: 3, hiddenSize: 4, coupled: true }))]), /not PyTorch's nn.LSTM layout .*parameter weight_ih_l0/],
    ['summed directions', custom('lstm', [bidirectional(cellLayer(lstmCell({ inputSize: 3, hiddenSize: 4 })), cellLayer(lstmCell({ inputSize: 3, hiddenSize: 4 })), { merge: 'sum' })]), /merged directions/],
    ['lstm with projSize', lstm({ inputSize: 3, hiddenSize: 4, projSize: 2 }), /lstm with projSize: the ONNX LSTM operator has no projection/],
  ])('%s', (_name, module, message) => {
    expectInputError(() => exportOnnx([{ kind: 'recurrent', module }]), 'exportOnnx', 'stages[0].module', message);
    module.dispose();
  });
});

describe('exportOnnx bad input', () => {
  it.each<[string, () => unknown, string, RegExp]>([
    ['no stages', () => exportOnnx([]), 'stages', /non-empty array/],
    ['stages not an array', () => exportOnnx('lstm' as never), 'stages', /non-empty array of stages, got/],
    ['unknown option', () => exportOnnx([recurrent], { batchFirst: true } as never), 'options.batchFirst', /batchFirst/],
    ['lengths not boolean', () => exportOnnx([recurrent], { lengths: 1 as never }), 'lengths', /boolean/],
    ['initialState not boolean', () => exportOnnx([recurrent], { initialState: 'yes' as never }), 'initialState', /boolean/],
    ['stage not an object', () => exportOnnx([recurrent, 3 as never]), 'stages[1]', /must be a stage/],
    ['unknown kind', () => exportOnnx([recurrent, { kind: 'softmax' } as never]), 'stages[1].kind', /'embedding', 'recurrent', 'linear' or 'lastStep', got "softmax"/],
    ['module not a RecurrentModule', () => exportOnnx([{ kind: 'recurrent', module: {} as never }]), 'stages[0].module', /RecurrentModule/],
    ['two recurrent stages', () => exportOnnx([recurrent, recurrent]), 'stages', /at most one recurrent stage/],
    ['embedding not first', () => exportOnnx([recurrent, { kind: 'embedding', stateDict: { weight: table } }]), 'stages[1]', /must be the first stage/],
    ['embedding state dict extra name', () => exportOnnx([{ kind: 'embedding', stateDict: { weight: table, padding_idx: table } as never }, recurrent]), 'stages[0].stateDict.padding_idx', /padding_idx/],
    ['embedding weight not 2-D', () => exportOnnx([{ kind: 'embedding', stateDict: { weight: tf.zeros([10]) } }, recurrent]), 'stages[0].stateDict.weight', /2-D \(num, dim\)/],
    ['embedding size differs from the module input', () => exportOnnx([{ kind: 'embedding', stateDict: { weight: tf.zeros([10, 5]) } }, recurrent]), 'stages[1]', /takes 3 input features, but the previous stage gives 5/],
    ['linear weight not a tensor', () => exportOnnx([recurrent, { kind: 'linear', stateDict: { weight: [[1]] as never } }]), 'stages[1].stateDict.weight', /must be a tensor/],
    ['linear input size mismatch', () => exportOnnx([recurrent, { kind: 'linear', stateDict: { weight: tf.zeros([2, 5]) } }]), 'stages[1].stateDict.weight', /must take 4 input features/],
    ['linear bias shape', () => exportOnnx([recurrent, { kind: 'linear', stateDict: { weight: head, bias: tf.zeros([3]) } }]), 'stages[1].stateDict.bias', /shape \[2\]/],
    ['linear state dict extra name', () => exportOnnx([recurrent, { kind: 'linear', stateDict: { weight: head, scale: head } as never }]), 'stages[1].stateDict.scale', /scale/],
    ['lastStep without recurrent stage', () => exportOnnx([{ kind: 'embedding', stateDict: { weight: table } }, { kind: 'lastStep' }]), 'stages[1]', /must follow the recurrent stage/],
    ['lastStep before the recurrent stage', () => exportOnnx([{ kind: 'lastStep' }, recurrent]), 'stages[0]', /must follow the recurrent stage/],
    ['recurrent after lastStep', () => exportOnnx([{ kind: 'linear', stateDict: { weight: tf.zeros([3, 3]) } }, { kind: 'lastStep' }, recurrent]), 'stages[1]', /must follow the recurrent stage/],
  ])('%s', (_name, run, argument, message) => {
    expectInputError(run, 'exportOnnx', argument, message);
  });

  it('leaks no tensors while exporting (the GRU and RNN probes included)', () => {
    const g = gru({ inputSize: 3, hiddenSize: 4, bias: false, seed: 2 });
    exportOnnx([{ kind: 'recurrent', module: g }]);
    const before = tf.memory().numTensors;
    exportOnnx([{ kind: 'recurrent', module: g }]);
    exportOnnx([{ kind: 'embedding', stateDict: { weight: table } }, recurrent, { kind: 'lastStep' }, { kind: 'linear', stateDict: { weight: head } }]);
    expect(tf.memory().numTensors).toBe(before);
    g.dispose();
  });
});

const relu: OnnxGraph = {
  nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
  initializers: [],
  inputs: [{ name: 'x', elemType: 'float32', dims: ['N', 2] }],
  outputs: [{ name: 'y', elemType: 'float32', dims: ['N', 2] }],
};

describe('encodeOnnxModel bad input', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['graph not an object', null, 'graph', /must be an object/],
    ['nodes not an array', { ...relu, nodes: 'Relu' }, 'nodes', /must be an array/],
    ['opset too old', { ...relu, opset: 3 }, 'opset', />= 7/],
    ['metadata not strings', { ...relu, metadata: { a: 1 } }, 'metadata', /object of strings/],
    ['undefined node input', { ...relu, nodes: [{ opType: 'Relu', inputs: ['z'], outputs: ['y'] }] }, 'nodes[0].inputs[0]', /reads "z", which no input, initializer or earlier node defines/],
    ['output defined twice', { ...relu, nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['x'] }] }, 'nodes[0].outputs[0]', /"x" is defined twice/],
    ['graph output not produced', { ...relu, outputs: [{ name: 'w', elemType: 'float32', dims: [2] }] }, 'outputs[0].name', /not produced/],
    ['bad element type', { ...relu, inputs: [{ name: 'x', elemType: 'float64', dims: [2] }] }, 'inputs[0].elemType', /float32, int32, int64/],
    ['bad dim', { ...relu, inputs: [{ name: 'x', elemType: 'float32', dims: [-1] }] }, 'inputs[0].dims[0]', /non-negative integer or an axis name/],
    ['initializer data length', { ...relu, initializers: [{ name: 'w', dims: [2, 2], data: new Float32Array(3) }] }, 'initializers[0].data', /hold 4 values/],
    ['initializer data type', { ...relu, initializers: [{ name: 'w', dims: [2], data: [1, 2] }] }, 'initializers[0].data', /Float32Array, Int32Array or BigInt64Array/],
    ['initializer with a named dim', { ...relu, initializers: [{ name: 'w', dims: ['N'], data: new Float32Array(1) }] }, 'initializers[0].dims[0]', /non-negative integer/],
    ['attribute of two types', { ...relu, nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'], attributes: { a: { int: 1, float: 2 } } }] }, 'nodes[0].attributes.a', /one of/],
    ['attribute of a wrong value', { ...relu, nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'], attributes: { a: { ints: [1.5] } } }] }, 'nodes[0].attributes.a', /with values of that type/],
    ['empty op type', { ...relu, nodes: [{ opType: '', inputs: ['x'], outputs: ['y'] }] }, 'nodes[0].opType', /non-empty string/],
  ])('%s', (_name, graph, argument, message) => {
    expectInputError(() => encodeOnnxModel(graph as OnnxGraph), 'encodeOnnxModel', argument, message);
  });
});

/** An ONNX Runtime stand-in: the runner must refuse bad input before it reaches a session. */
const stubOrt: OrtModule = {
  Tensor: class {
    readonly type: string;
    readonly dims: readonly number[];
    readonly data: unknown;
    constructor(type: string, data: unknown, dims: readonly number[]) {
      this.type = type;
      this.data = data;
      this.dims = dims;
    }
  },
  InferenceSession: {
    create: () => Promise.resolve({
      run: () => Promise.reject(new Error('stub session: a checked input reached run')),
      release: () => Promise.resolve(),
    }),
  },
};

describe('OnnxModel bad input', () => {
  const lstmBytes = exportOnnx([recurrent]);
  const classifierBytes = exportOnnx([{ kind: 'embedding', stateDict: { weight: table } }, recurrent, { kind: 'lastStep' }], { lengths: false, initialState: false });
  const x = tf.zeros([5, 2, 3]) as tf.Tensor3D;

  it.each<[string, () => Promise<unknown>, string, RegExp]>([
    ['ort not a module', () => OnnxModel.create({} as never, lstmBytes), 'ort', /onnxruntime-node or onnxruntime-web module/],
    ['model not bytes', () => OnnxModel.create(stubOrt, 'model.onnx' as never), 'model', /Uint8Array/],
    ['model not ONNX', () => OnnxModel.create(stubOrt, new Uint8Array([255, 255, 255])), 'model', /not an ONNX model/],
    ['model not from exportOnnx', () => OnnxModel.create(stubOrt, encodeOnnxModel(relu)), 'model', /exported by exportOnnx/],
    ['sessionOptions not an object', () => OnnxModel.create(stubOrt, lstmBytes, 1 as never), 'sessionOptions', /object/],
  ])('create: %s', async (_name, run, argument, message) => {
    await expectRejects(run, 'OnnxModel.create', argument, message);
  });

  it.each<[string, (m: OnnxModel, c: OnnxModel) => Promise<unknown>, string, RegExp]>([
    ['x not a tensor', (m) => m.forward([1, 2] as never), 'x', /must be a tensor/],
    ['x of the wrong rank', (m) => m.forward(tf.zeros([5, 3])), 'x', /3-D \(T, N, F\)/],
    ['x with the wrong features', (m) => m.forward(tf.zeros([5, 2, 4])), 'x', /shape \[\*, \*, 3\]/],
    ['x int32 where features are float32', (m) => m.forward(tf.zeros([5, 2, 3], 'int32')), 'x', /dtype float32/],
    ['x with no steps', (m) => m.forward(tf.zeros([0, 2, 3])), 'x', /at least one step/],
    ['unknown option', (m) => m.forward(x, { training: true } as never), 'options.training', /training/],
    ['lengths of the wrong count', (m) => m.forward(x, { lengths: [5] }), 'lengths', /one length per sample/],
    ['lengths past T', (m) => m.forward(x, { lengths: [5, 6] }), 'lengths', /\[0, 5\]/],
    ['lengths of 0', (m) => m.forward(x, { lengths: [5, 0] }), 'lengths[1]', /at least 1 on ONNX Runtime/],
    ['unknown state entry', (m) => m.forward(x, { initialState: { z: tf.zeros([2, 2, 4]) as tf.Tensor3D } }), 'initialState.z', /z/],
    ['state of the wrong shape', (m) => m.forward(x, { initialState: { h: tf.zeros([1, 2, 4]) as tf.Tensor3D } }), 'initialState.h', /shape \[2, 2, 4\]/],
    ['tokens float32', (_m, c) => c.forward(tf.zeros([5, 2])), 'x', /dtype int32/],
    ['token out of the vocabulary', (_m, c) => c.forward(tf.tensor2d([[1, 10]], [1, 2], 'int32')), 'x', /token ids in \[0, 9\], got 10/],
    ['negative token', (_m, c) => c.forward(tf.tensor2d([[-1, 0]], [1, 2], 'int32')), 'x', /got -1/],
    ['lengths on a model without them', (_m, c) => c.forward(tf.zeros([5, 2], 'int32'), { lengths: [5, 5] }), 'lengths', /exported without a lengths input/],
    ['state on a model without it', (_m, c) => c.forward(tf.zeros([5, 2], 'int32'), { initialState: { h: tf.zeros([2, 2, 4]) as tf.Tensor3D } }), 'initialState', /exported without state inputs/],
  ])('forward: %s', async (_name, run, argument, message) => {
    const m = await OnnxModel.create(stubOrt, lstmBytes);
    const c = await OnnxModel.create(stubOrt, classifierBytes);
    await expectRejects(() => run(m, c), 'OnnxModel.forward', argument, message);
  });

  it('forward: refuses after release', async () => {
    const m = await OnnxModel.create(stubOrt, lstmBytes);
    await m.release();
    await expectRejects(() => m.forward(x), 'OnnxModel.forward', 'this', /released/);
  });

  it.each<[string, () => Promise<unknown>, string, string, RegExp]>([
    ['node threads 0', () => loadOnnxModelNode(lstmBytes, { threads: 0 }), 'loadOnnxModelNode', 'threads', /threads/],
    ['node unknown option', () => loadOnnxModelNode(lstmBytes, { device: 'gpu' } as never), 'loadOnnxModelNode', 'options.device', /device/],
    ['web threads 1.5', () => loadOnnxModelWeb(lstmBytes, { threads: 1.5 }), 'loadOnnxModelWeb', 'threads', /threads/],
    ['web wasmPaths not a string', () => loadOnnxModelWeb(lstmBytes, { wasmPaths: 3 as never }), 'loadOnnxModelWeb', 'wasmPaths', /URL prefix string/],
  ])('%s', async (_name, run, fn, argument, message) => {
    await expectRejects(run, fn, argument, message);
  });
});
