// Runs a named fused operation through the tfjs kernel registry, so a backend can replace it.
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';

/** The portable implementation of a fused operation, built from tfjs ops. */
export type PortableImpl = (inputs: NamedTensorMap, attrs: NamedAttrMap) => tf.Tensor[];

/**
 * A fused operation: a kernel name, the portable implementation that is also the reference, and
 * its gradient as plain data. A backend package makes it faster by registering its own kernel
 * under `kernelName` before the operation first runs on that backend.
 */
export interface FusedOp {
  readonly kernelName: string;
  readonly portable: PortableImpl;
  readonly gradient?: GradConfig;
}

/**
 * Registers `op`'s portable implementation as the kernel of the active backend unless that
 * backend already has one, registers its gradient once, and runs it. Returns every output.
 */
export function runFusedOp(op: FusedOp, inputs: NamedTensorMap, attrs: NamedAttrMap): tf.Tensor[] {
  const backendName = tf.getBackend();
  if (tf.getKernel(op.kernelName, backendName) === undefined) {
    tf.registerKernel({
      kernelName: op.kernelName,
      backendName,
      // Ops run inside a kernel are not recorded on the gradient tape (tfjs only records at kernel
      // depth 0), so the portable body can use ordinary tfjs ops; tidy frees its intermediates and
      // the engine adopts the returned tensors as the kernel's outputs.
      kernelFunc: ({ inputs: kernelInputs, attrs: kernelAttrs }) =>
        tf.tidy(() => op.portable(kernelInputs as NamedTensorMap, kernelAttrs ?? {})),
    });
  }
  if (op.gradient !== undefined && tf.getGradient(op.kernelName) === undefined) {
    tf.registerGradient(op.gradient);
  }
  const out = tf.engine().runKernel(op.kernelName, inputs, attrs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}
