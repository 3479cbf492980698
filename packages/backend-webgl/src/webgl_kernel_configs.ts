// The project's WebGL kernels for the fused sequence operations.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import type { AttrSchema, AttrValues, FusedOp, OpInputs, OpOutputs } from '@rnnkit/ops';
import { fusedKernelConfig, gruResetBeforeSequenceGradOp, gruResetBeforeSequenceOp, gruSequenceGradOp, gruSequenceOp, lstmSequenceGradOp, lstmSequenceOp, rnnSequenceGradOp, rnnSequenceOp } from '@rnnkit/ops';
import { gruResetBeforeBackwardWebgl, gruResetBeforeForwardWebgl } from './gru_reset_before_webgl.js';
import { gruBackwardWebgl, gruForwardWebgl } from './gru_webgl.js';
import { lstmBackwardWebgl, lstmForwardWebgl } from './lstm_webgl.js';
import { rnnBackwardWebgl, rnnForwardWebgl } from './rnn_webgl.js';

/**
 * The WebGL kernel of `op` from a body built from tfjs ops: the engine hands a kernel its inputs
 * as tensors, tidy frees each step's intermediates, and the engine adopts the returned tensors as
 * the kernel's outputs.
 */
function webglKernel<In extends string, Out extends string, Ws extends string, S extends AttrSchema>(
  op: FusedOp<In, Out, Ws, S>,
  body: (inputs: OpInputs<In, tf.Tensor>, attrs: AttrValues<S>) => OpOutputs<Out | Ws, tf.Tensor>,
): KernelConfig {
  return fusedKernelConfig(op.spec, 'webgl', (inputs: OpInputs<In, TensorInfo>, attrs) =>
    tf.tidy(() => body(inputs as OpInputs<In, tf.Tensor>, attrs) as Record<Out | Ws, tf.Tensor>),
  );
}

/**
 * WebGL kernels of the RNN, LSTM and GRU sequence operations and their backward passes. Each step
 * runs the backend's matmul and one or two fused GLSL programs for the gate arithmetic, where
 * the portable operation runs a dozen ops; the matrix products over all steps stay single
 * matmuls. The LSTM with a projection and CTC run their portable implementations. The browser
 * conformance suite checks these against the references with the same tolerances, and against
 * the portable operations.
 */
export const webglKernelConfigs: readonly KernelConfig[] = [
  webglKernel(lstmSequenceOp, lstmForwardWebgl),
  webglKernel(lstmSequenceGradOp, lstmBackwardWebgl),
  webglKernel(gruSequenceOp, gruForwardWebgl),
  webglKernel(gruSequenceGradOp, gruBackwardWebgl),
  webglKernel(gruResetBeforeSequenceOp, gruResetBeforeForwardWebgl),
  webglKernel(gruResetBeforeSequenceGradOp, gruResetBeforeBackwardWebgl),
  webglKernel(rnnSequenceOp, rnnForwardWebgl),
  webglKernel(rnnSequenceGradOp, rnnBackwardWebgl),
];
