// OnnxModel on a runtime that takes its input arrays over, as onnxruntime-web's proxy worker
// does (it transfers them to its worker, detaching the caller's buffers): on the cpu backend a
// tensor's `data()` is its own array, so the model must hand the runtime copies and leave the
// caller's tensors readable. The fake runtime below detaches every input it is given.
import { afterAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { lstm } from '@rnnkit/layers';
import type { OrtModule, OrtSession, OrtTensor } from '@rnnkit/onnx';
import { OnnxModel, exportOnnx } from '@rnnkit/onnx';

void tf.setBackend('cpu');

const T = 3;
const N = 2;
const F = 3;
const H = 4;

class FakeTensor implements OrtTensor {
  constructor(readonly type: string, readonly data: Float32Array | Int32Array, readonly dims: readonly number[]) {}
}

/** A runtime whose run detaches every input buffer (a transfer, as to a worker) and returns zeros. */
function takingRuntime(): OrtModule {
  const session: OrtSession = {
    run(feeds) {
      const buffers = Object.values(feeds).map((t) => (t.data as Float32Array).buffer);
      structuredClone(buffers, { transfer: buffers as ArrayBuffer[] });
      const state = (): FakeTensor => new FakeTensor('float32', new Float32Array(2 * N * H), [2, N, H]);
      return Promise.resolve({ output: new FakeTensor('float32', new Float32Array(T * N * H), [T, N, H]), h_n: state(), c_n: state() });
    },
    release: () => Promise.resolve(),
  };
  return { Tensor: FakeTensor, InferenceSession: { create: () => Promise.resolve(session) } };
}

describe('OnnxModel on a runtime that takes its inputs over', () => {
  const module = lstm({ inputSize: F, hiddenSize: H, numLayers: 2, seed: 1 });
  const bytes = exportOnnx([{ kind: 'recurrent', module }]);
  afterAll(() => module.dispose());

  it('leaves the caller\'s input and initial state readable, with their values', async () => {
    const xValues = Float32Array.from({ length: T * N * F }, (_, i) => i / 10);
    const hValues = Float32Array.from({ length: 2 * N * H }, (_, i) => -i / 10);
    const x = tf.tensor3d(xValues, [T, N, F]);
    const h = tf.tensor3d(hValues, [2, N, H]);
    const model = await OnnxModel.create(takingRuntime(), bytes);
    const { output, state } = await model.forward(x, { initialState: { h } });
    expect(Array.from(x.dataSync())).toEqual(Array.from(xValues));
    expect(Array.from(h.dataSync())).toEqual(Array.from(hValues));
    expect(output.shape).toEqual([T, N, H]);
    tf.dispose([x, h, output, ...Object.values(state)]);
    await model.release();
  });
});
