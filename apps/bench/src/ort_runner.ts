// ONNX Runtime's native LSTM / GRU operators on a recurrent case, with the weights of the
// project's model: the native reference row of the forward pass. The graph is exportOnnx's
// without lengths and state inputs (the operators, one per layer, and the reshapes between them),
// run on a raw session with a prepared input, so no conversion is timed.
import type * as tf from '@tensorflow/tfjs-core';
import { gru, lstm } from '@rnnkit/layers';
import { exportOnnx } from '@rnnkit/onnx';
import type { RecurrentCase } from './cases.js';

interface OrtModule {
  InferenceSession: {
    create(model: Uint8Array, options: Record<string, unknown>): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, unknown>>; release(): Promise<void> }>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

/** A forward-pass runner on ONNX Runtime, or the reason there is none. */
export interface OrtRunner {
  /** Runs the forward pass and returns the output (T, N, directions * H), time-major. */
  forward(): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** The case's model with the weights `model` (PyTorch names) as an ONNX file without lengths or state inputs. */
export function exportCase(c: RecurrentCase, model: Record<string, tf.Tensor>, options: { lengths?: boolean; initialState?: boolean } = { lengths: false, initialState: false }): Uint8Array {
  const make = c.cell === 'lstm' ? lstm : gru;
  const module = make({ inputSize: c.inputSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers, bidirectional: c.bidirectional, seed: 0 });
  module.loadStateDict(model);
  const bytes = exportOnnx([{ kind: 'recurrent', module }], options);
  module.dispose();
  return bytes;
}

/** The operators alone on ONNX Runtime, with `threads` threads per operator. */
export async function ortRunner(c: RecurrentCase, model: Record<string, tf.Tensor>, input?: Float32Array, threads = 1): Promise<OrtRunner | string> {
  let ort: OrtModule;
  try {
    ort = (await import('onnxruntime-node')) as unknown as OrtModule;
  } catch (e) {
    return `onnxruntime-node is not installed (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
  const bytes = exportCase(c, model);
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  const values = input ?? Float32Array.from({ length: c.steps * c.batch * c.inputSize }, (_, i) => Math.sin(i));
  const x = new ort.Tensor('float32', values, [c.steps, c.batch, c.inputSize]);
  return {
    async forward() {
      const result = await session.run({ x });
      return (result['output'] as { data: Float32Array }).data;
    },
    async dispose() {
      await session.release();
    },
  };
}
