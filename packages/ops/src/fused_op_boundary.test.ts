// The fused-operation boundary on a small operation made for this test: the portable body runs
// when no kernel is registered (and nothing gets registered), a registered kernel runs instead,
// kernels read and write by the spec, and the backward operation is the gradient, checked against
// values computed by hand in plain JavaScript.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { useBackend } from '@rnnkit/testing';
import { expectInputError } from '@rnnkit/testing/jest';
import type { DifferentiableOp, FusedOp } from './index.js';
import { fusedKernelConfig, runDifferentiableOp, runFusedOp } from './index.js';

// y = scale * x * w elementwise, with `x * w` as the workspace; the backward reads x, w, the
// workspace and dy, and returns dx and dw.
const ATTRS = { scale: 'number', mode: ['plain', 'twice'] } as const;
const FORWARD_ATTRS = { ...ATTRS, workspace: 'boolean' } as const;

const forward: FusedOp<'x' | 'w', 'y', 'xw', typeof FORWARD_ATTRS> = {
  spec: { kernelName: 'RnnkitTestScaledProduct', inputs: ['x', 'w'], outputs: ['y'], workspace: ['xw'], attrs: FORWARD_ATTRS },
  portable: ({ x, w }, { scale, mode, workspace }) => {
    const xw = tf.mul(x, w);
    const factor = mode === 'twice' ? 2 * scale : scale;
    return { y: tf.mul(xw, factor), xw: workspace ? xw : tf.zeros([0]) };
  },
};

const backward: FusedOp<'x' | 'w' | 'xw' | 'dy', 'dx' | 'dw', never, typeof ATTRS> = {
  spec: { kernelName: 'RnnkitTestScaledProductGrad', inputs: ['x', 'w', 'xw', 'dy'], outputs: ['dx', 'dw'], workspace: [], attrs: ATTRS },
  portable: ({ x, w, xw, dy }, { scale, mode }) => {
    // The workspace must arrive: x * w, as the forward wrote it.
    if (xw.size !== x.size) throw new Error('the backward got no workspace');
    const g = tf.mul(dy, mode === 'twice' ? 2 * scale : scale);
    return { dx: tf.mul(g, w), dw: tf.mul(g, x) };
  },
};

const op: DifferentiableOp<'x' | 'w', 'y', 'xw', typeof ATTRS, 'x' | 'w' | 'xw' | 'dy', 'x' | 'w'> = { forward, backward };

const X = [1, -2, 3.5];
const W = [0.5, 4, -1];

/** The cpu backend's float32 values of a kernel input, read through its public dataSync. */
function values(t: TensorInfo, backend: KernelBackend): Float32Array {
  return backend.readSync(t.dataId) as Float32Array;
}

describe('the fused-operation boundary', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('runs the portable body when no kernel is registered, and registers none', () => {
    expect(tf.getKernel(forward.spec.kernelName, 'cpu')).toBeUndefined();
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const { y, xw } = runFusedOp(forward, { x: tf.tensor1d(X), w: tf.tensor1d(W) }, { scale: 3, mode: 'twice', workspace: true });
      expect(Array.from(y.dataSync())).toEqual(X.map((x, k) => 6 * x * (W[k] as number)));
      expect(Array.from(xw.dataSync())).toEqual(X.map((x, k) => x * (W[k] as number)));
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.getKernel(forward.spec.kernelName, 'cpu')).toBeUndefined();
  });

  it('gives the gradient of the backward operation, keeping the tensor count flat', () => {
    const x = tf.tensor1d(X);
    const w = tf.tensor1d(W);
    const dy = [1, 0.5, -2];
    const before = tf.memory().numTensors;
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => runDifferentiableOp(op, { x: a, w: b }, { scale: 1.5, mode: 'plain' }).y)([x, w], tf.tensor1d(dy));
    const [dx, dw] = grads as [tf.Tensor, tf.Tensor];
    expect(Array.from(dx.dataSync())).toEqual(dy.map((d, k) => Math.fround(1.5 * d * (W[k] as number))));
    expect(Array.from(dw.dataSync())).toEqual(dy.map((d, k) => Math.fround(1.5 * d * (X[k] as number))));
    tf.dispose(grads);
    // tf.grads leaves its upstream gradient tensor; nothing else of the step outlives it.
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, w]);
  });

  it('runs a registered kernel instead, which reads inputs and attributes and writes outputs by the spec', () => {
    const calls: string[] = [];
    tf.registerKernel(
      fusedKernelConfig(forward.spec, 'cpu', (inputs, attrs, backend) => {
        calls.push(`${attrs.mode} ${attrs.scale} ${String(attrs.workspace)}`);
        const x = values(inputs.x, backend);
        const w = values(inputs.w, backend);
        const factor = attrs.mode === 'twice' ? 2 * attrs.scale : attrs.scale;
        const product = x.map((v, k) => v * (w[k] as number));
        // Written in the other order than the spec's on purpose: outputs go by name.
        const xw = backend.write(product, [product.length], 'float32');
        const y = backend.write(product.map((v) => v * factor), [product.length], 'float32');
        return { xw: { dataId: xw, shape: [product.length], dtype: 'float32' }, y: { dataId: y, shape: [product.length], dtype: 'float32' } };
      }),
    );
    try {
      tf.tidy(() => {
        const { y, xw } = runFusedOp(forward, { x: tf.tensor1d(X), w: tf.tensor1d(W) }, { scale: 2, mode: 'plain', workspace: false });
        expect(Array.from(y.dataSync())).toEqual(X.map((x, k) => 2 * x * (W[k] as number)));
        expect(Array.from(xw.dataSync())).toEqual(X.map((x, k) => x * (W[k] as number)));
      });
      expect(calls).toEqual(['plain 2 false']);
    } finally {
      tf.unregisterKernel(forward.spec.kernelName, 'cpu');
    }
  });

  it('fails naming the kernel and what is wrong when an input or an attribute does not fit the spec', () => {
    tf.registerKernel(fusedKernelConfig(backward.spec, 'cpu', () => { throw new Error('not reached'); }));
    try {
      tf.tidy(() => {
        const x = tf.tensor1d(X);
        const full = { x, w: x, xw: x, dy: x };
        expect(() => tf.engine().runKernel(backward.spec.kernelName, { x, w: x, dy: x }, { scale: 1, mode: 'plain' })).toThrow(
          'RnnkitTestScaledProductGrad: missing input xw',
        );
        expect(() => tf.engine().runKernel(backward.spec.kernelName, full, { scale: '1', mode: 'plain' })).toThrow(
          'RnnkitTestScaledProductGrad: attribute scale must be a finite number, got "1"',
        );
        expect(() => tf.engine().runKernel(backward.spec.kernelName, full, { scale: 1, mode: 'thrice' })).toThrow(
          'RnnkitTestScaledProductGrad: attribute mode must be one of "plain", "twice", got "thrice"',
        );
        expect(() => tf.engine().runKernel(backward.spec.kernelName, full, { scale: 1 })).toThrow('attribute mode must be one of "plain", "twice", got undefined');
      });
    } finally {
      tf.unregisterKernel(backward.spec.kernelName, 'cpu');
    }
  });

  it('refuses bad calls at its public entries with an InputError naming the argument', () => {
    const expectRefused = (call: () => unknown, argument: string, message: string): void => expectInputError(call, undefined, argument, message);
    tf.tidy(() => {
      const x = tf.tensor1d(X);
      const attrs = { scale: 1, mode: 'plain', workspace: true } as const;
      expectRefused(() => runFusedOp(forward, { x } as never, attrs), 'inputs.w', 'runFusedOp: inputs.w must be a tensor (input of RnnkitTestScaledProduct), got undefined');
      expectRefused(() => runFusedOp(forward, { x, w: x, v: x } as never, attrs), 'inputs.v', 'unknown input v; RnnkitTestScaledProduct takes x, w');
      expectRefused(() => runFusedOp(forward, { x, w: [1, 2, 3] } as never, attrs), 'inputs.w', 'inputs.w must be a tensor');
      expectRefused(() => runFusedOp(forward, { x, w: x }, { ...attrs, scale: Number.NaN }), 'attrs.scale', 'attribute scale must be a finite number, got null');
      expectRefused(() => runFusedOp(forward, { x, w: x }, { ...attrs, extra: 1 } as never), 'attrs.extra', 'unknown attribute extra; the operation takes scale, mode, workspace');
      expectRefused(() => runFusedOp({ spec: forward.spec } as never, { x, w: x } as never, attrs as never), 'op', 'op must be a fused operation {spec, portable}');
      expectRefused(() => runDifferentiableOp(op, { x, w: x }, { scale: 1, mode: 'other' } as never), 'attrs.mode', 'attribute mode must be one of "plain", "twice", got "other"');
      expectRefused(() => runDifferentiableOp({ forward } as never, { x, w: x } as never, { scale: 1, mode: 'plain' } as never), 'op.backward', 'op.backward must be a fused operation');
    });
    expectRefused(() => fusedKernelConfig(forward.spec, '', () => ({ y: { dataId: {}, shape: [], dtype: 'float32' }, xw: { dataId: {}, shape: [], dtype: 'float32' } })), 'backendName', 'backendName must be a non-empty string');
    expectRefused(() => fusedKernelConfig({ ...forward.spec, inputs: 'x' } as never, 'cpu', () => ({}) as never), 'spec', 'spec must be a fused operation spec');
    expectRefused(() => fusedKernelConfig(forward.spec, 'cpu', 'body' as never), 'body', 'body must be a function');
  });
});
