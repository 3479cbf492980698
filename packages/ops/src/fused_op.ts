// A fused operation: its spec and its portable body, run through a backend's kernel when it has one.
import type * as tf from '@tensorflow/tfjs-core';
import type { AttrSchema, AttrValues, FusedOpSpec, OpInputs, OpOutputs } from './fused_op_spec.js';

/**
 * A fused operation: the spec every implementation shares and the portable body, built from tfjs
 * ops, that is also the reference. A backend package makes it faster by registering a kernel
 * under `spec.kernelName` (see `fusedKernelConfig`); without one the portable body runs.
 */
export interface FusedOp<In extends string, Out extends string, Ws extends string, S extends AttrSchema> {
  /** What every implementation shares: the kernel name, inputs, outputs and attributes. */
  readonly spec: FusedOpSpec<In, Out, Ws, S>;
  /** The body built from tfjs ops: the reference, and what runs where no kernel is registered. */
  readonly portable: (inputs: OpInputs<In, tf.Tensor>, attrs: AttrValues<S>) => OpOutputs<Out | Ws, tf.Tensor>;
}
