// The typed-array kernels give the portable implementation's numbers, forward and backward, for
// every fused sequence operation, with and without masks, in both directions, on cpu and wasm.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import {
  ctcLossGradOp,
  ctcLossOp,
  gruSequenceGradOp,
  gruSequenceOp,
  lstmProjSequenceGradOp,
  lstmProjSequenceOp,
  lstmSequenceGradOp,
  lstmSequenceOp,
  rnnSequenceGradOp,
  rnnSequenceOp,
} from '@rnnkit/ops';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { cpuKernelConfigs, wasmKernelConfigs } from './index.js';

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

const CASES: OpCase[] = [
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

  it('are the registered kernels of every fused operation', () => {
    const configs = backend === 'cpu' ? cpuKernelConfigs : wasmKernelConfigs;
    for (const config of configs) {
      expect(tf.getKernel(config.kernelName, backend)?.kernelFunc).toBe(config.kernelFunc);
    }
  });

  for (const c of CASES) {
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
          reference.forEach((r, k) => expectClose(`${c.name} forward output ${k}`, typed[k] as tf.Tensor, r, FORWARD_TOLERANCE));
          const userOutputs = reference.length - c.saved.length;
          const gradInputs: NamedTensorMap = { ...inputs };
          c.saved.forEach((name, k) => {
            gradInputs[name] = reference[userOutputs + k] as tf.Tensor;
          });
          c.upstream.forEach((name, k) => {
            gradInputs[name] = normal((reference[k] as tf.Tensor).shape, 1);
          });
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
