// Runs a fused operation: the active backend's kernel when one is registered, else its portable body.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import { engineInternals } from './engine_internals.js';
import type { FusedOp } from './fused_op.js';
import type { AttrSchema, AttrValues, OpInputs, OpOutputs } from './fused_op_spec.js';
import { namedOutputs } from './named_outputs.js';
import { outputList } from './output_list.js';

/**
 * Runs `op` on the active backend and returns its outputs and workspace by name. A registered
 * kernel runs as any tfjs kernel; otherwise the portable body runs in place, as one operation
 * whose own ops the gradient tape does not record, just as a kernel's are not. Nothing is
 * registered on the caller's behalf.
 */
export function runFusedOp<In extends string, Out extends string, Ws extends string, S extends AttrSchema>(
  op: FusedOp<In, Out, Ws, S>,
  inputs: OpInputs<In, tf.Tensor>,
  attrs: AttrValues<S>,
): OpOutputs<Out | Ws, tf.Tensor> {
  const { spec } = op;
  const named: NamedTensorMap = { ...inputs };
  const attrMap = { ...attrs } as NamedAttrMap;
  if (tf.getKernel(spec.kernelName, tf.getBackend()) !== undefined) {
    const out = tf.engine().runKernel(spec.kernelName, named, attrMap) as tf.Tensor | tf.Tensor[];
    return namedOutputs(spec, Array.isArray(out) ? out : [out]);
  }
  const out = engineInternals().runOp({
    inputs: named,
    attrs: attrMap,
    // The engine runs this inside a tidy that keeps only what it returns.
    forwardFunc: () => outputList(spec, op.portable(inputs, attrs)),
  });
  return namedOutputs(spec, Array.isArray(out) ? out : [out]);
}
