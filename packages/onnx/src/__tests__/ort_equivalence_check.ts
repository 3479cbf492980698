// Runs every exportable configuration through exportOnnx and onnxruntime-node and prints one JSON
// line per compared tensor: ONNX Runtime's values against our module's forward on the cpu
// backend, and against the float64 PyTorch references for the fixtures' weights. Run by
// ort_equivalence.test.ts in a child process (ONNX Runtime's binding rejects jest's typed arrays).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { recognizeTorchModules } from '@rnnkit/io';
import { readSafetensorsFile } from '@rnnkit/io/node';
import { gruCell } from '@rnnkit/cells';
import type { ForwardOptions, RecurrentModule } from '@rnnkit/layers';
import { RecurrentModule as Module, cellLayer, gru, lstm, rnn, stacked } from '@rnnkit/layers';
import { FORWARD_TOLERANCE, compareValues, fixtureToTensor, loadFixture, referenceFixturesDir, useBackend } from '@rnnkit/testing';
import type { OnnxStage } from '@rnnkit/onnx';
import { exportOnnx } from '@rnnkit/onnx';
import { loadOnnxModelNode } from '@rnnkit/onnx/node';

interface Line { case: string; tensor: string; worst_ratio: number; shape: number[]; expected_shape: number[] }

function report(name: string, tensor: string, actual: tf.Tensor, expected: tf.Tensor): void {
  const { worstRatio } = compareValues(actual.dataSync(), expected.dataSync(), FORWARD_TOLERANCE);
  const line: Line = { case: name, tensor, worst_ratio: worstRatio, shape: actual.shape, expected_shape: expected.shape };
  console.log(JSON.stringify(line));
}

const seeded = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);

interface ModuleCase {
  name: string;
  module: RecurrentModule;
  lengths?: number[];
  state?: boolean;
  threads?: number;
  export?: { lengths?: boolean; initialState?: boolean };
}

async function checkModule(c: ModuleCase): Promise<void> {
  const { module } = c;
  const slots = module.layer.slots;
  const T = 5;
  const N = 3;
  const x = seeded(module.batchFirst ? [N, T, module.layer.inputSize] : [T, N, module.layer.inputSize], 11) as tf.Tensor3D;
  const options: ForwardOptions = {};
  if (c.lengths !== undefined) options.lengths = c.lengths;
  if (c.state === true) {
    options.initialState = Object.fromEntries(Object.entries(module.layer.stateSizes).map(([k, size], i) => [k, seeded([slots, N, size], 20 + i) as tf.Tensor3D]));
  }
  const bytes = exportOnnx([{ kind: 'recurrent', module }], c.export ?? {});
  const onnx = await loadOnnxModelNode(bytes, { threads: c.threads ?? 1 });
  const theirs = await onnx.forward(x, options);
  const ours = module.forward(x, options);
  report(c.name, 'output', theirs.output, ours.output);
  for (const key of Object.keys(ours.state)) report(c.name, `state.${key}`, theirs.state[key] ?? tf.zeros([0]), ours.state[key] as tf.Tensor);
  await onnx.release();
}

/**
 * On the cpu backend a tensor's data is its array: the input goes to onnxruntime-node uncopied
 * and the session's output becomes the tensor's data uncopied. Both must hold their values after
 * later runs on other inputs and after the session is released.
 */
async function checkArraysKept(): Promise<void> {
  const name = 'lstm arrays kept after later runs and release';
  const module = lstm({ inputSize: 3, hiddenSize: 4, seed: 13 });
  const x = seeded([5, 3, 3], 14) as tf.Tensor3D;
  const xCopy = x.clone();
  const h = seeded([1, 3, 4], 15) as tf.Tensor3D;
  const onnx = await loadOnnxModelNode(exportOnnx([{ kind: 'recurrent', module }]));
  const first = await onnx.forward(x, { initialState: { h } });
  for (let seed = 16; seed < 20; seed++) {
    const later = await onnx.forward(seeded([5, 3, 3], seed));
    tf.dispose([later.output, ...Object.values(later.state)]);
  }
  await onnx.release();
  const ours = module.forward(xCopy, { initialState: { h } });
  report(name, 'input', x, xCopy);
  report(name, 'output', first.output, ours.output);
  report(name, 'state.h', first.state['h'] ?? tf.zeros([0]), ours.state['h'] as tf.Tensor);
}

async function checkComposed(): Promise<void> {
  const vocabulary = 9;
  const table = seeded([vocabulary, 4], 30);
  const headWeight = seeded([3, 12], 31);
  const headBias = seeded([3], 32);
  const tokens = tf.tensor2d([[1, 4, 8, 0, 2], [3, 3, 7, 5, 6]], [2, 5], 'int32');
  for (const batchFirst of [true, false]) {
    const model = lstm({ inputSize: 4, hiddenSize: 6, bidirectional: true, numLayers: 2, batchFirst, seed: 3 });
    const input = batchFirst ? tokens : tf.transpose(tokens);
    const lengths = [5, 3];
    // Our side: the same stages with tfjs ops.
    const { output, state } = model.forward(tf.gather(table, input) as tf.Tensor3D, { lengths });
    const last = batchFirst ? tf.gather(output, 4, 1) : tf.gather(output, 4, 0);
    const logits = tf.add(tf.matMul(last, headWeight, false, true), headBias);
    const stages: OnnxStage[] = [
      { kind: 'embedding', stateDict: { weight: table } },
      { kind: 'recurrent', module: model },
      { kind: 'lastStep' },
      { kind: 'linear', stateDict: { weight: headWeight, bias: headBias } },
    ];
    const onnx = await loadOnnxModelNode(exportOnnx(stages));
    const theirs = await onnx.forward(input, { lengths });
    const name = `embedding -> bilstm2 -> lastStep -> linear (${batchFirst ? 'batch-first' : 'time-major'})`;
    report(name, 'output', theirs.output, logits);
    report(name, 'state.h', theirs.state['h'] ?? tf.zeros([0]), state['h'] as tf.Tensor);
    await onnx.release();
  }
  // A language model's shape: embedding -> gru -> linear at every step, no bias on the head.
  const model = gru({ inputSize: 4, hiddenSize: 5, seed: 4 });
  const head = seeded([vocabulary, 5], 33);
  const input = tf.transpose(tokens);
  const expected = tf.reshape(tf.matMul(tf.reshape(model.forward(tf.gather(table, input) as tf.Tensor3D).output, [-1, 5]), head, false, true), [5, 2, vocabulary]);
  const onnx = await loadOnnxModelNode(exportOnnx([{ kind: 'embedding', stateDict: { weight: table } }, { kind: 'recurrent', module: model }, { kind: 'linear', stateDict: { weight: head } }]));
  report('embedding -> gru -> linear (no bias)', 'output', (await onnx.forward(input)).output, expected);
  await onnx.release();
}

/** Builds the module a torch-rnn fixture describes and loads its weights. */
function fixtureModule(spec: Record<string, unknown>, params: Record<string, tf.Tensor>): RecurrentModule {
  const config = spec['config'] as Record<string, number | boolean | string>;
  const kind = String(spec['module']).replace('torch.nn.', '').toLowerCase();
  const common = {
    inputSize: Number(config['input_size']), hiddenSize: Number(config['hidden_size']), numLayers: Number(config['num_layers']),
    bidirectional: config['bidirectional'] === true, batchFirst: config['batch_first'] === true, bias: config['bias'] === true, seed: 0,
  };
  const module = kind === 'lstm'
    ? lstm({ ...common, projSize: Number(config['proj_size'] ?? 0) })
    : kind === 'gru' ? gru(common) : rnn({ ...common, nonlinearity: config['nonlinearity'] === 'relu' ? 'relu' : 'tanh' });
  module.loadStateDict(params);
  return module;
}

async function checkFixtures(): Promise<void> {
  const dir = path.join(referenceFixturesDir(), 'torch-rnn');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const fixture = loadFixture(path.join(dir, file));
    const t = Object.fromEntries(Object.entries(fixture.tensors).map(([k, v]) => [k, fixtureToTensor(v)]));
    const params = Object.fromEntries(Object.entries(t).filter(([k]) => k.startsWith('param.')).map(([k, v]) => [k.slice('param.'.length), v]));
    const module = fixtureModule(fixture.spec as Record<string, unknown>, params);
    const name = `torch-rnn/${fixture.name}`;
    let bytes: Uint8Array;
    try {
      bytes = exportOnnx([{ kind: 'recurrent', module }]);
    } catch (e) {
      console.log(JSON.stringify({ case: name, refused: e instanceof Error ? e.message : String(e) }));
      continue;
    }
    const onnx = await loadOnnxModelNode(bytes);
    const options: { lengths?: tf.Tensor1D; initialState?: Record<string, tf.Tensor3D> } = {};
    if (t['input.lengths'] !== undefined) options.lengths = t['input.lengths'] as tf.Tensor1D;
    const initialState: Record<string, tf.Tensor3D> = {};
    if (t['input.h0'] !== undefined) initialState['h'] = t['input.h0'] as tf.Tensor3D;
    if (t['input.c0'] !== undefined) initialState['c'] = t['input.c0'] as tf.Tensor3D;
    options.initialState = initialState;
    const result = await onnx.forward(t['input.x'] as tf.Tensor, options);
    report(name, 'output', result.output, t['output.output'] as tf.Tensor);
    report(name, 'h_n', result.state['h'] ?? tf.zeros([0]), t['output.h_n'] as tf.Tensor);
    if (t['output.c_n'] !== undefined) report(name, 'c_n', result.state['c'] ?? tf.zeros([0]), t['output.c_n'] as tf.Tensor);
    await onnx.release();
  }
}

async function checkInterop(): Promise<void> {
  const file = path.join(referenceFixturesDir(), 'interop', 'text_classifier_lstm.json');
  const fixture = loadFixture(file);
  const { tensors: weights } = readSafetensorsFile(file.replace(/\.json$/, '.safetensors'));
  const found = recognizeTorchModules(Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, v.shape])));
  const [embedding, recurrent, head] = found.modules;
  if (embedding?.kind !== 'embedding' || recurrent?.kind !== 'lstm' || head?.kind !== 'linear') throw new Error(`interop: unexpected modules ${found.modules.map((m) => m.kind).join(', ')}`);
  const take = (prefix: string): Record<string, tf.Tensor> => Object.fromEntries(Object.entries(weights)
    .filter(([k]) => k.startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1), v]));
  const { projSize: _projSize, ...options } = recurrent.options;
  const module = lstm({ ...options, batchFirst: true, seed: 0 });
  module.loadStateDict(take(recurrent.prefix));
  const headDict = take(head.prefix);
  const tokens = fixtureToTensor(fixture.tensors['input.tokens'] as never);
  const embeddingStage: OnnxStage = { kind: 'embedding', stateDict: { weight: take(embedding.prefix)['weight'] as tf.Tensor } };
  const classifier = await loadOnnxModelNode(exportOnnx([
    embeddingStage, { kind: 'recurrent', module }, { kind: 'lastStep' },
    { kind: 'linear', stateDict: { weight: headDict['weight'] as tf.Tensor, bias: headDict['bias'] as tf.Tensor } },
  ]));
  report('interop/text_classifier_lstm', 'logits', (await classifier.forward(tokens)).output, fixtureToTensor(fixture.tensors['output.logits'] as never));
  const encoder = await loadOnnxModelNode(exportOnnx([embeddingStage, { kind: 'recurrent', module }], { lengths: false, initialState: false }));
  report('interop/text_classifier_lstm', 'lstm_output', (await encoder.forward(tokens)).output, fixtureToTensor(fixture.tensors['output.lstm_output'] as never));
  await classifier.release();
  await encoder.release();
}

async function main(): Promise<void> {
  await useBackend('cpu');
  const cases: ModuleCase[] = [
    { name: 'lstm', module: lstm({ inputSize: 3, hiddenSize: 4, seed: 1 }), state: true },
    { name: 'lstm 2 threads', module: lstm({ inputSize: 3, hiddenSize: 4, seed: 1 }), state: true, threads: 2 },
    { name: 'lstm 2-layer bidirectional batch-first, lengths', module: lstm({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, batchFirst: true, seed: 2 }), lengths: [5, 2, 4], state: true },
    { name: 'lstm no bias, lengths', module: lstm({ inputSize: 3, hiddenSize: 4, bias: false, seed: 3 }), lengths: [1, 5, 3] },
    { name: 'lstm exported without lengths and state', module: lstm({ inputSize: 3, hiddenSize: 4, numLayers: 2, seed: 4 }), export: { lengths: false, initialState: false } },
    { name: 'gru', module: gru({ inputSize: 3, hiddenSize: 4, seed: 5 }), state: true },
    { name: 'gru 3-layer bidirectional, lengths', module: gru({ inputSize: 3, hiddenSize: 4, numLayers: 3, bidirectional: true, seed: 6 }), lengths: [3, 5, 1], state: true },
    { name: 'gru no bias batch-first', module: gru({ inputSize: 3, hiddenSize: 4, bias: false, batchFirst: true, seed: 7 }), state: true },
    { name: 'gru reset before, one bias', module: new Module('gru', stacked([cellLayer(gruCell({ inputSize: 3, hiddenSize: 4, resetAfter: false }))]), { seed: 8 }), state: true, lengths: [5, 4, 2] },
    { name: 'gru reset before, no bias', module: new Module('gru', stacked([cellLayer(gruCell({ inputSize: 3, hiddenSize: 4, resetAfter: false, bias: false }))]), { seed: 9 }), state: true },
    { name: 'rnn tanh', module: rnn({ inputSize: 3, hiddenSize: 4, seed: 10 }), state: true },
    { name: 'rnn relu 2-layer bidirectional, lengths', module: rnn({ inputSize: 3, hiddenSize: 4, nonlinearity: 'relu', numLayers: 2, bidirectional: true, seed: 11 }), lengths: [2, 5, 3], state: true },
    { name: 'rnn relu no bias batch-first', module: rnn({ inputSize: 3, hiddenSize: 4, nonlinearity: 'relu', bias: false, batchFirst: true, seed: 12 }) },
  ];
  for (const c of cases) await checkModule(c);
  await checkArraysKept();
  await checkComposed();
  await checkFixtures();
  await checkInterop();
}

main().catch((e: unknown) => {
  console.log(JSON.stringify({ case: 'main', error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }));
  process.exit(1);
});
