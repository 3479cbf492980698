// The project's WebGL kernels for the fused sequence operations.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import { GRU_SEQUENCE, GRU_SEQUENCE_GRAD, LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD, RNN_SEQUENCE, RNN_SEQUENCE_GRAD } from '@rnnkit/ops';
import { gruBackwardWebgl, gruForwardWebgl } from './gru_webgl.js';
import { lstmBackwardWebgl, lstmForwardWebgl } from './lstm_webgl.js';
import { rnnBackwardWebgl, rnnForwardWebgl } from './rnn_webgl.js';

type Body = (inputs: NamedTensorMap, attrs: NamedAttrMap) => tf.Tensor[];

const BODIES: ReadonlyArray<[string, Body]> = [
  [LSTM_SEQUENCE, lstmForwardWebgl],
  [LSTM_SEQUENCE_GRAD, lstmBackwardWebgl],
  [GRU_SEQUENCE, gruForwardWebgl],
  [GRU_SEQUENCE_GRAD, gruBackwardWebgl],
  [RNN_SEQUENCE, rnnForwardWebgl],
  [RNN_SEQUENCE_GRAD, rnnBackwardWebgl],
];

/**
 * WebGL kernels of the RNN, LSTM and GRU sequence operations and their backward passes. Each step
 * runs the backend's matmul and one or two fused GLSL programs for the gate arithmetic, where
 * the portable operation runs a dozen ops; the matrix products over all steps stay single
 * matmuls. The LSTM with a projection and CTC run their portable implementations. The browser
 * conformance suite checks these against the references with the same tolerances, and against
 * the portable operations.
 */
export const webglKernelConfigs: readonly KernelConfig[] = BODIES.map(([kernelName, body]) => ({
  kernelName,
  backendName: 'webgl',
  // Tidy frees each step's intermediates; the engine adopts the returned tensors as outputs.
  kernelFunc: ({ inputs, attrs }) => tf.tidy(() => body(inputs as NamedTensorMap, attrs ?? {})),
}));
