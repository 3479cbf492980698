// The typed-array kernels give the portable implementation's numbers, forward and backward, for
// every fused sequence operation, with and without masks, in both directions, on cpu and wasm,
// and still do when the wasm heap grows (and detaches every view of it) in the middle of a kernel.
import { afterEach, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import {
  ctcLossGradOp,
  ctcLossOp,
  gruResetBeforeSequenceGradOp,
  gruResetBeforeSequenceOp,
  gruSequenceGradOp,
  gruSequenceOp,
  lstmProjSequenceGradOp,
  lstmProjSequenceOp,
  lstmSequenceGradOp,
  lstmSequenceOp,
  LSTM_SEQUENCE,
  rnnSequenceGradOp,
  rnnSequenceOp,
} from '@rnnkit/ops';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues } from '@rnnkit/testing';
import { lstm } from '@rnnkit/layers';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { cpuKernelConfigs, wasmKernelConfigs } from './index.js';
import { cpuMemory, wasmMemory } from './backend_memory.js';

const T = 5;
const N = 3;
const I = 4;
const H = 6;
const P = 2;

let seed = 1;
const normal = (shape: number[], scale = 0.5): tf.Tensor => tf.randomNormal(shape, 0, scale, 'float32', seed++);

/** A fused operation seen by name only: the cases build inputs and attributes by name. */
interface LooseOp {
  readonly spec: { readonly kernelName: string; readonly outputs: readonly string[]; readonly workspace: readonly string[] };
  readonly portable: (inputs: never, attrs: never) => object;
}

type Named = Readonly<Record<string, tf.Tensor>>;

/** The portable body's named outputs and workspace, as a list in the spec's order. */
function portable(op: LooseOp, inputs: NamedTensorMap, attrs: NamedAttrMap): tf.Tensor[] {
  const run = op.portable as (i: NamedTensorMap, a: NamedAttrMap) => Named;
  const out = run(inputs, attrs);
  return [...op.spec.outputs, ...op.spec.workspace].map((name) => out[name] as tf.Tensor);
}

/** The registered kernel's outputs, which the spec's names order. */
function kernel(op: LooseOp, inputs: NamedTensorMap, attrs: NamedAttrMap): tf.Tensor[] {
  return tf.engine().runKernel(op.spec.kernelName, inputs, attrs) as tf.Tensor[];
}

interface OpCase {
  name: string;
  forward: LooseOp;
  backward: LooseOp;
  inputs: () => NamedTensorMap;
  /** Names of the forward outputs the backward pass takes, after the user-facing ones. */
  saved: string[];
  /** Upstream gradients by name, shaped like the user-facing outputs. */
  upstream: string[];
  attrs?: NamedAttrMap;
}

const mask = (): tf.Tensor => tf.tensor3d([1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0], [T, N, 1]);

/** The gated operations' cases, once per gate squashing function (tf.layers' hard sigmoid named in the case). */
const GATED_CASES: OpCase[] = [
  {
    name: 'lstm',
    forward: lstmSequenceOp,
    backward: lstmSequenceGradOp,
    inputs: () => ({ x: normal([T, N, I]), h0: normal([N, H]), c0: normal([N, H]), wIh: normal([I, 4 * H]), wHh: normal([H, 4 * H]), bias: normal([4 * H]), mask: mask() }),
    saved: ['gates', 'cs'],
    upstream: ['dy', 'dh', 'dc'],
  },
  {
    name: 'lstm with projection',
    forward: lstmProjSequenceOp,
    backward: lstmProjSequenceGradOp,
    inputs: () => ({ x: normal([T, N, I]), h0: normal([N, P]), c0: normal([N, H]), wIh: normal([I, 4 * H]), wHh: normal([P, 4 * H]), bias: normal([4 * H]), wHr: normal([H, P]), mask: mask() }),
    saved: ['gates', 'cs'],
    upstream: ['dy', 'dh', 'dc'],
  },
  {
    name: 'gru',
    forward: gruSequenceOp,
    backward: gruSequenceGradOp,
    inputs: () => ({ x: normal([T, N, I]), h0: normal([N, H]), wIh: normal([I, 3 * H]), wHh: normal([H, 3 * H]), bIh: normal([3 * H]), bHh: normal([3 * H]), mask: mask() }),
    saved: ['gates', 'hns'],
    upstream: ['dy', 'dh'],
  },
  {
    name: 'gru reset-before',
    forward: gruResetBeforeSequenceOp,
    backward: gruResetBeforeSequenceGradOp,
    inputs: () => ({ x: normal([T, N, I]), h0: normal([N, H]), wIh: normal([I, 3 * H]), wHh: normal([H, 3 * H]), bias: normal([3 * H]), mask: mask() }),
    saved: ['gates'],
    upstream: ['dy', 'dh'],
  },
];

/**
 * The inputs with x four times larger, so that many gate pre-activations fall outside the hard
 * sigmoid's linear part (|a| > 2.5) and both its clipped and linear pieces are compared.
 */
function widened(inputs: NamedTensorMap): NamedTensorMap {
  const x = inputs['x'] as tf.Tensor;
  const wider = tf.mul(x, 4);
  x.dispose();
  return { ...inputs, x: wider };
}

/** Whether a hard-sigmoid case's reference gates hold clipped values (0 or 1) and linear ones. */
function expectClippedAndLinear(c: OpCase, gates: tf.Tensor): void {
  if (c.attrs?.['gateActivation'] !== 'hardSigmoid') return;
  const values = Array.from(gates.dataSync());
  expect(values.some((v) => v === 0 || v === 1)).toBe(true);
  expect(values.some((v) => v > 0 && v < 1)).toBe(true);
}

const CASES: OpCase[] = [
  ...GATED_CASES.map((c) => ({ ...c, attrs: { gateActivation: 'sigmoid' } })),
  ...GATED_CASES.map((c) => ({ ...c, name: `${c.name}, hard sigmoid`, inputs: () => widened(c.inputs()), attrs: { gateActivation: 'hardSigmoid' } })),
  {
    name: 'rnn tanh',
    forward: rnnSequenceOp,
    backward: rnnSequenceGradOp,
    inputs: () => ({ x: normal([T, N, I]), h0: normal([N, H]), wIh: normal([I, H]), wHh: normal([H, H]), bias: normal([H]), mask: mask() }),
    saved: ['hs'],
    upstream: ['dy', 'dh'],
    attrs: { activation: 'tanh' },
  },
  {
    name: 'rnn relu',
    forward: rnnSequenceOp,
    backward: rnnSequenceGradOp,
    inputs: () => ({ x: normal([T, N, I]), h0: normal([N, H]), wIh: normal([I, H]), wHh: normal([H, H]), bias: normal([H]), mask: mask() }),
    saved: ['hs'],
    upstream: ['dy', 'dh'],
    attrs: { activation: 'relu' },
  },
];

/** The backward operation's inputs: the forward inputs, the saved workspace, and an upstream gradient per user-facing output. */
function backwardInputs(c: OpCase, given: NamedTensorMap, reference: tf.Tensor[], upstream: (output: tf.Tensor) => tf.Tensor): NamedTensorMap {
  const userOutputs = reference.length - c.saved.length;
  const inputs: NamedTensorMap = { ...given };
  c.saved.forEach((name, k) => {
    inputs[name] = reference[userOutputs + k] as tf.Tensor;
  });
  c.upstream.forEach((name, k) => {
    inputs[name] = upstream(reference[k] as tf.Tensor);
  });
  return inputs;
}

function expectClose(label: string, actual: tf.Tensor, expected: tf.Tensor, tolerance: typeof FORWARD_TOLERANCE): void {
  expect(actual.shape).toEqual(expected.shape);
  const c = compareValues(actual.dataSync(), expected.dataSync(), tolerance);
  if (c.worstRatio > 1) throw new Error(`${label}: index ${c.worstIndex} got ${c.actual}, expected ${c.expected}`);
}

function ctcInputs(): { logProbs: tf.Tensor; targets: tf.Tensor; inputLengths: tf.Tensor; targetLengths: tf.Tensor } {
  // Sample 1 is shorter than T, sample 2 has a repeated label (needs a blank between), sample 3
  // cannot align (3 labels in 2 frames).
  const logits = normal([6, 4, 5], 1);
  return {
    logProbs: tf.logSoftmax(logits),
    targets: tf.tensor2d([[1, 2, 3], [4, 4, 0], [2, 0, 0], [1, 2, 3]], [4, 3], 'int32'),
    inputLengths: tf.tensor1d([6, 5, 6, 2], 'int32'),
    targetLengths: tf.tensor1d([3, 2, 1, 3], 'int32'),
  };
}

describeWithBackends(['cpu', 'wasm'], 'typed kernels equal the portable implementation', (backend) => {
  it('ctc loss and its gradient', () => {
    const buffersBefore = tf.backend().numDataIds();
    tf.tidy(() => {
      const inputs = ctcInputs();
      const attrs = { blank: 0 };
      const { loss: lossRef, logAlpha: alphaRef } = ctcLossOp.portable(inputs, { ...attrs, workspace: true });
      const [loss, alpha] = kernel(ctcLossOp, inputs, { ...attrs, workspace: true }) as [tf.Tensor, tf.Tensor];
      expect(Array.from(loss.dataSync()).slice(3)).toEqual([Infinity]);
      expectClose('ctc loss', tf.slice(loss, [0], [3]), tf.slice(lossRef, [0], [3]), FORWARD_TOLERANCE);
      const gradInputs = { ...inputs, logAlpha: alphaRef, dloss: tf.tensor1d([1, 0.5, 2, 1]) };
      expect(alpha.shape).toEqual(alphaRef.shape);
      const { dlogProbs: gradRef } = ctcLossGradOp.portable(gradInputs, attrs);
      const [grad] = kernel(ctcLossGradOp, gradInputs, attrs) as [tf.Tensor];
      expectClose('ctc gradient', grad, gradRef, GRADIENT_TOLERANCE);
    });
    expect(tf.backend().numDataIds()).toBe(buffersBefore);
  });

  it('cannot allocate while a view of the heap is open', () => {
    const memory = (backend === 'cpu' ? cpuMemory : wasmMemory)(tf.backend());
    const a = memory.alloc([2]);
    expect(() => memory.access([a], () => memory.alloc([1]))).toThrow('alloc inside a view scope');
    expect(() => memory.access([a], () => memory.transpose(a))).toThrow('transpose inside a view scope');
    expect(memory.access([a], (view) => view.length)).toBe(2);
    memory.free(a);
  });

  it('are the registered kernels of every fused operation', () => {
    const configs = backend === 'cpu' ? cpuKernelConfigs : wasmKernelConfigs;
    for (const config of configs) {
      expect(tf.getKernel(config.kernelName, backend)?.kernelFunc).toBe(config.kernelFunc);
    }
  });

  for (const c of CASES) {
    it(`${c.name}: weights laid out once per weight data, freed with it, never stale`, () => {
      const buffersBefore = tf.backend().numDataIds();
      const inputs = c.inputs();
      const attrs: NamedAttrMap = { ...c.attrs, reverse: false, masked: true };
      const run = (given: NamedTensorMap): void => {
        tf.tidy(() => {
          const reference = portable(c.forward, given, { ...attrs, workspace: true });
          const typed = kernel(c.forward, given, { ...attrs, workspace: true });
          reference.forEach((r, k) => expectClose(`${c.name} forward output ${k}`, typed[k] as tf.Tensor, r, FORWARD_TOLERANCE));
          const gradInputs = backwardInputs(c, given, reference, (output) => tf.onesLike(output));
          const referenceGrads = portable(c.backward, gradInputs, attrs);
          const typedGrads = kernel(c.backward, gradInputs, attrs);
          referenceGrads.forEach((r, k) => expectClose(`${c.name} gradient ${k}`, typedGrads[k] as tf.Tensor, r, GRADIENT_TOLERANCE));
        });
      };
      run(inputs);
      const afterFirst = tf.backend().numDataIds();
      // The inputs, and the layouts the kernels keep for the next call.
      expect(afterFirst).toBeGreaterThan(buffersBefore + Object.keys(inputs).length);
      run(inputs);
      // The second call made no new layout: every buffer it allocated is gone again.
      expect(tf.backend().numDataIds()).toBe(afterFirst);
      // New data for the recurrent weight (what an optimizer's update gives): new layouts from it.
      const updated = { ...inputs, wHh: tf.mul(inputs['wHh'] as tf.Tensor, -0.5) };
      run(updated);
      run(updated);
      tf.dispose([...Object.values(inputs), updated['wHh'] as tf.Tensor]);
      // Every layout was freed with the weight data it came from.
      expect(tf.backend().numDataIds()).toBe(buffersBefore);
    });

    it(`${c.name} without a gradient tape: the same outputs, no workspace written`, () => {
      const buffersBefore = tf.backend().numDataIds();
      tf.tidy(() => {
        const inputs = c.inputs();
        const attrs: NamedAttrMap = { ...c.attrs, reverse: false, masked: true };
        const reference = portable(c.forward, inputs, { ...attrs, workspace: true });
        const typed = kernel(c.forward, inputs, { ...attrs, workspace: false });
        const userOutputs = reference.length - c.saved.length;
        for (let k = 0; k < userOutputs; k++) expectClose(`${c.name} output ${k}`, typed[k] as tf.Tensor, reference[k] as tf.Tensor, FORWARD_TOLERANCE);
        // The RNN's saved states are also its carried state, so only the gated cells skip them.
        const workspaceSizes = typed.slice(userOutputs).map((t) => t.size);
        if (c.name !== 'rnn tanh' && c.name !== 'rnn relu') expect(workspaceSizes).toEqual(c.saved.map(() => 0));
      });
      expect(tf.backend().numDataIds()).toBe(buffersBefore);
    });

    for (const [reverse, masked] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      it(`${c.name}${reverse ? ', reverse' : ''}${masked ? ', masked' : ''}`, () => {
        const before = tf.memory().numTensors;
        const buffersBefore = tf.backend().numDataIds();
        tf.tidy(() => {
          const inputs = c.inputs();
          const attrs: NamedAttrMap = { ...c.attrs, reverse, masked };
          const reference = portable(c.forward, inputs, { ...attrs, workspace: true });
          const typed = kernel(c.forward, inputs, { ...attrs, workspace: true });
          expect(typed.length).toBe(reference.length);
          expectClippedAndLinear(c, reference[reference.length - c.saved.length] as tf.Tensor);
          reference.forEach((r, k) => expectClose(`${c.name} forward output ${k}`, typed[k] as tf.Tensor, r, FORWARD_TOLERANCE));
          const gradInputs = backwardInputs(c, inputs, reference, (output) => normal(output.shape, 1));
          const referenceGrads = portable(c.backward, gradInputs, attrs);
          const typedGrads = kernel(c.backward, gradInputs, attrs);
          expect(typedGrads.length).toBe(referenceGrads.length);
          referenceGrads.forEach((r, k) => expectClose(`${c.name} gradient ${k}`, typedGrads[k] as tf.Tensor, r, GRADIENT_TOLERANCE));
        });
        expect(tf.memory().numTensors).toBe(before);
        // Nothing the kernels allocated or aliased on the backend outlives its tensors.
        expect(tf.backend().numDataIds()).toBe(buffersBefore);
      });
    }
  }
});

/** The parts of tfjs-backend-wasm's backend a test uses to make its heap grow. */
interface GrowableWasm {
  makeOutput(...args: unknown[]): unknown;
  wasm: { HEAPU8: Uint8Array; _malloc(bytes: number): number; _free(address: number): void };
}

/**
 * Makes the wasm heap grow right before the `at`-th buffer the backend allocates from now on
 * (its `makeOutput`, which every kernel allocation goes through), as a malloc that does not fit
 * would; returns how many it has allocated so far. Growing replaces the heap's ArrayBuffer,
 * detaching every view of the old one.
 */
function growHeapAt(at: number, counting: () => boolean = () => true): () => number {
  const backend = tf.backend() as unknown as GrowableWasm;
  const original = backend.makeOutput.bind(backend);
  let count = 0;
  backend.makeOutput = (...args: unknown[]) => {
    if (counting()) count++;
    if (counting() && count === at) {
      const { wasm } = backend;
      const before = wasm.HEAPU8.buffer;
      const blocks: number[] = [];
      while (wasm.HEAPU8.buffer === before) blocks.push(wasm._malloc(1 << 20));
      for (const b of blocks) wasm._free(b);
    }
    return original(...args);
  };
  restoreMakeOutput = () => {
    backend.makeOutput = original;
  };
  return () => count;
}

let restoreMakeOutput = (): void => undefined;

/** Runs `kernel` once counting its allocations, then again with the heap grown at the middle one. */
function runGrowingInTheMiddle(kernel: () => tf.Tensor[]): tf.Tensor[] {
  const counted = growHeapAt(-1);
  tf.dispose(kernel());
  const allocations = counted();
  restoreMakeOutput();
  const heapBefore = (tf.backend() as unknown as GrowableWasm).wasm.HEAPU8.buffer;
  growHeapAt(Math.ceil(allocations / 2));
  const outputs = kernel();
  restoreMakeOutput();
  expect((tf.backend() as unknown as GrowableWasm).wasm.HEAPU8.buffer).not.toBe(heapBefore);
  return outputs;
}

describeWithBackends(['wasm'], 'typed kernels when the wasm heap grows in the middle of a kernel', () => {
  afterEach(() => restoreMakeOutput());

  for (const c of CASES) {
    it(`${c.name}, forward and backward`, () => {
      const buffersBefore = tf.backend().numDataIds();
      tf.tidy(() => {
        const inputs = c.inputs();
        const attrs: NamedAttrMap = { ...c.attrs, reverse: true, masked: true };
        const reference = portable(c.forward, inputs, { ...attrs, workspace: true });
        const typed = runGrowingInTheMiddle(() => kernel(c.forward, inputs, { ...attrs, workspace: true }));
        reference.forEach((r, k) => expectClose(`${c.name} forward output ${k}`, typed[k] as tf.Tensor, r, FORWARD_TOLERANCE));
        const gradInputs = backwardInputs(c, inputs, reference, (output) => normal(output.shape, 1));
        const referenceGrads = portable(c.backward, gradInputs, attrs);
        const typedGrads = runGrowingInTheMiddle(() => kernel(c.backward, gradInputs, attrs));
        referenceGrads.forEach((r, k) => expectClose(`${c.name} gradient ${k}`, typedGrads[k] as tf.Tensor, r, GRADIENT_TOLERANCE));
      });
      expect(tf.backend().numDataIds()).toBe(buffersBefore);
    });
  }

  it('ctc loss and its gradient', () => {
    tf.tidy(() => {
      const inputs = ctcInputs();
      const attrs = { blank: 0 };
      const { loss: lossRef, logAlpha: alphaRef } = ctcLossOp.portable(inputs, { ...attrs, workspace: true });
      const [loss] = runGrowingInTheMiddle(() => kernel(ctcLossOp, inputs, { ...attrs, workspace: true }));
      expectClose('ctc loss', tf.slice(loss as tf.Tensor, [0], [3]), tf.slice(lossRef, [0], [3]), FORWARD_TOLERANCE);
      const gradInputs = { ...inputs, logAlpha: alphaRef, dloss: tf.tensor1d([1, 0.5, 2, 1]) };
      const { dlogProbs: gradRef } = ctcLossGradOp.portable(gradInputs, attrs);
      const [grad] = runGrowingInTheMiddle(() => kernel(ctcLossGradOp, gradInputs, attrs));
      expectClose('ctc gradient', grad as tf.Tensor, gradRef, GRADIENT_TOLERANCE);
    });
  });

  it('a 2-layer LSTM(256) run token by token, state carried, gives its full-sequence numbers', () => {
    // The reported crash: the heap grew while the kernel copied a weight through a view taken
    // before the allocation. Here it grows at each of the kernel's first allocations in turn
    // (where the weights are laid out), one call after another.
    const config = tf.getKernel(LSTM_SEQUENCE, 'wasm');
    if (config === undefined) throw new Error('no wasm LSTM kernel');
    let inKernel = false;
    tf.unregisterKernel(LSTM_SEQUENCE, 'wasm');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        inKernel = true;
        try {
          return config.kernelFunc(args);
        } finally {
          inKernel = false;
        }
      },
    });
    try {
      const steps = 24;
      const model = lstm({ inputSize: 256, hiddenSize: 256, numLayers: 2, seed: 3 });
      const x = normal([steps, 1, 256], 1) as tf.Tensor3D;
      const whole = model.forward(x);
      let state: Record<string, tf.Tensor3D> | undefined;
      const outputs: tf.Tensor[] = [];
      const heapBefore = (tf.backend() as unknown as GrowableWasm).wasm.HEAPU8.buffer;
      for (let t = 0; t < steps; t++) {
        if (t >= 4 && t < 12) growHeapAt(t - 3, () => inKernel);
        const xt = tf.slice(x, [t, 0, 0], [1, 1, 256]);
        const r = model.forward(xt, state === undefined ? {} : { initialState: state });
        restoreMakeOutput();
        xt.dispose();
        if (state !== undefined) tf.dispose(Object.values(state));
        state = r.state;
        outputs.push(r.output);
      }
      expect((tf.backend() as unknown as GrowableWasm).wasm.HEAPU8.buffer).not.toBe(heapBefore);
      const stepped = tf.concat(outputs, 0);
      expectClose('token by token', stepped, whole.output, FORWARD_TOLERANCE);
      expectClose('final h', state?.h ?? tf.scalar(0), whole.state.h ?? tf.scalar(1), FORWARD_TOLERANCE);
      tf.dispose([x, stepped, ...outputs, ...Object.values(whole.state), whole.output, ...Object.values(state ?? {})]);
      model.dispose();
    } finally {
      tf.unregisterKernel(LSTM_SEQUENCE, 'wasm');
      tf.registerKernel(config);
    }
  });
});
