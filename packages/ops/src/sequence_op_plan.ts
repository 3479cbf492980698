// Runs a fused sequence operation with its backward operation as the gradient, keeping the
// backward pass's workspace out of the tape's outputs.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import type { FusedOp } from './fused_op.js';
import { runFusedOp } from './fused_op.js';

/**
 * How a forward operation and its backward operation fit together, as plain data: which forward
 * outputs a caller sees, which are the workspace the backward reads (activated gates, states),
 * which inputs it reads, and which input each backward output is the gradient of.
 */
export interface SequenceOpPlan {
  readonly forward: FusedOp;
  readonly backward: FusedOp;
  /** How many leading forward outputs the caller sees (y, h_n and c_n). */
  readonly outputs: number;
  /** Backward input names of the remaining forward outputs, in order. */
  readonly workspace: readonly string[];
  /** Forward inputs the backward reads, by name. */
  readonly saved: readonly string[];
  /** Backward input names of the caller's outputs' upstream gradients, in order. */
  readonly upstream: readonly string[];
  /** The forward input each backward output is the gradient of, in order. */
  readonly gradients: readonly string[];
}

/**
 * Attribute the forward operation receives: false when no gradient is being recorded, so its
 * workspace outputs may be left empty (shape [0]) and their writes skipped.
 */
export const WORKSPACE_ATTR = 'workspace';

/** Whether a forward operation must write the workspace its backward pass reads. */
export function wantsWorkspace(attrs: NamedAttrMap): boolean {
  return attrs[WORKSPACE_ATTR] !== false;
}

/** The engine entry that runs a forward function with its own backward one, for any outputs. */
interface KernelFuncEngine {
  isTapeOn(): boolean;
  /** The gradient tape while one records: its last node is the operation that ran last. */
  state: { activeTape: Array<{ saved?: tf.Tensor[] }> | null };
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: tf.GradSaveFunc) => tf.Tensor[];
    backwardsFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: NamedTensorMap;
  }): tf.Tensor | tf.Tensor[];
}

function kernelFuncEngine(): KernelFuncEngine {
  const engine = tf.engine() as unknown as Partial<KernelFuncEngine>;
  if (typeof engine.runKernelFunc !== 'function' || typeof engine.isTapeOn !== 'function') {
    throw new Error('rnnkit: this version of @tensorflow/tfjs-core has no engine.runKernelFunc; use tfjs-core 4.x');
  }
  return engine as KernelFuncEngine;
}

/**
 * Runs `plan.forward` and returns the caller's outputs; under a gradient tape the backward
 * operation supplies their gradient. This uses the engine entry behind tf.customGrad, which
 * takes several outputs, rather than tf.customGrad itself, which takes one. Registering the
 * gradient on the kernel instead would make the workspace outputs of the tape, and tfjs fills
 * a zero upstream gradient for every unused output: for an LSTM six hidden states per step
 * allocated again in every training step.
 */
export function runSequenceOp(plan: SequenceOpPlan, inputs: NamedTensorMap, attrs: NamedAttrMap): tf.Tensor[] {
  const names = Object.keys(inputs);
  const engine = kernelFuncEngine();
  // Without a gradient tape nothing reads the workspace, and the kernels may skip writing it.
  const recording = engine.isTapeOn();
  const forwardAttrs: NamedAttrMap = { ...attrs, [WORKSPACE_ATTR]: recording };
  let workspace: tf.Tensor[] = [];
  const out = engine.runKernelFunc({
    inputs,
    forwardFunc: (_backend, save) => {
      const outputs = runFusedOp(plan.forward, inputs, forwardAttrs);
      workspace = outputs.slice(plan.outputs);
      save(plan.saved.map((name) => inputs[name] as tf.Tensor));
      if (recording) workspace.forEach((t) => tf.keep(t));
      return outputs.slice(0, plan.outputs);
    },
    backwardsFunc: (dy, saved) => {
      const upstream = Array.isArray(dy) ? dy : [dy];
      const backwardInputs: NamedTensorMap = {};
      plan.saved.forEach((name, k) => {
        backwardInputs[name] = saved[k] as tf.Tensor;
      });
      plan.workspace.forEach((name, k) => {
        backwardInputs[name] = saved[plan.saved.length + k] as tf.Tensor;
      });
      plan.upstream.forEach((name, k) => {
        backwardInputs[name] = upstream[k] as tf.Tensor;
      });
      const grads = runFusedOp(plan.backward, backwardInputs, attrs);
      const map: Record<string, () => tf.Tensor> = {};
      for (const name of names) {
        const k = plan.gradients.indexOf(name);
        const grad = grads[k];
        map[name] = grad !== undefined ? () => grad : () => tf.zerosLike(inputs[name] as tf.Tensor);
      }
      return map;
    },
  });
  if (recording) handOverWorkspace(engine, workspace);
  return Array.isArray(out) ? out : [out];
}

/**
 * Appends the workspace to what the tape node just recorded keeps for its backward pass. The
 * engine's save would keep a clone of each, and tfjs counts a clone's bytes again while the
 * original lives: at the end of the forward pass that doubles the largest tensors of a training
 * step in `tf.memory()`. The workspace belongs to this operation alone, so it is handed over
 * instead; the engine disposes everything a tape node keeps once the gradient is computed,
 * whether or not the backward pass reached that node.
 */
function handOverWorkspace(engine: KernelFuncEngine, workspace: tf.Tensor[]): void {
  const tape = engine.state.activeTape;
  const saved = tape?.[tape.length - 1]?.saved;
  if (saved === undefined) {
    tf.dispose(workspace);
    throw new Error('rnnkit: the gradient tape recorded no node for a sequence operation; use tfjs-core 4.x');
  }
  saved.push(...workspace);
}
