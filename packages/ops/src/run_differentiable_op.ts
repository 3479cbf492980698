// Runs a fused operation with its backward operation as the gradient, keeping the workspace off the tape's outputs.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import type { DifferentiableOp } from './differentiable_op.js';
import { engineInternals } from './engine_internals.js';
import type { AttrSchema, AttrValues, OpInputs, OpOutputs } from './fused_op_spec.js';
import { runFusedOp } from './run_fused_op.js';

interface Names {
  readonly kernelName: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly workspace: readonly string[];
}

/** Where each backward input comes from: a saved forward input, the workspace, or an upstream gradient. */
function sources(forward: Names, backward: Names): { saved: string[]; workspace: string[]; upstream: string[] } {
  const saved: string[] = [];
  const workspace: string[] = [];
  const upstream: string[] = [];
  for (const name of backward.inputs) {
    if (forward.workspace.includes(name)) workspace.push(name);
    else if (forward.inputs.includes(name)) saved.push(name);
    else if (name.startsWith('d') && forward.outputs.includes(name.slice(1))) upstream.push(name);
    else throw new Error(`${backward.kernelName}: input ${name} is neither an input, a workspace nor an output's gradient of ${forward.kernelName}`);
  }
  return { saved, workspace, upstream };
}

/**
 * Runs `op.forward` and returns the outputs a caller sees, by name; under a gradient tape
 * `op.backward` supplies their gradient. The engine entry behind tf.customGrad takes several
 * outputs, where tf.customGrad takes one. Registering the gradient on the kernel instead would
 * make the workspace outputs of the tape, and tfjs fills a zero upstream gradient for every
 * unused output: for an LSTM six hidden states per step allocated again in every training step.
 */
export function runDifferentiableOp<In extends string, Out extends string, Ws extends string, S extends AttrSchema, BackIn extends string, Grad extends In>(
  op: DifferentiableOp<In, Out, Ws, S, BackIn, Grad>,
  inputs: OpInputs<In, tf.Tensor>,
  attrs: AttrValues<S>,
): OpOutputs<Out, tf.Tensor> {
  const { forward, backward } = op;
  const wiring = sources(forward.spec, backward.spec);
  const engine = engineInternals();
  // Without a gradient tape nothing reads the workspace, and the kernels may skip writing it.
  const recording = engine.isTapeOn();
  const given = inputs as Readonly<Record<string, tf.Tensor>>;
  let workspace: tf.Tensor[] = [];
  const out = engine.runOp({
    inputs: { ...inputs } as NamedTensorMap,
    forwardFunc: (_backend, save) => {
      const all = runFusedOp(forward, inputs, { ...attrs, workspace: recording }) as Readonly<Record<string, tf.Tensor>>;
      const pick = (from: Readonly<Record<string, tf.Tensor>>) => (name: string): tf.Tensor => {
        const t = from[name];
        if (t === undefined) throw new Error(`${forward.spec.kernelName}: no tensor named ${name}`);
        return t;
      };
      workspace = wiring.workspace.map(pick(all));
      save(wiring.saved.map(pick(given)));
      if (recording) workspace.forEach((t) => tf.keep(t));
      return forward.spec.outputs.map(pick(all));
    },
    backwardsFunc: (dy, saved) => {
      const upstream = Array.isArray(dy) ? dy : [dy];
      const backInputs: Record<string, tf.Tensor> = {};
      wiring.saved.forEach((name, k) => {
        backInputs[name] = saved[k] as tf.Tensor;
      });
      wiring.workspace.forEach((name, k) => {
        backInputs[name] = saved[wiring.saved.length + k] as tf.Tensor;
      });
      wiring.upstream.forEach((name) => {
        backInputs[name] = upstream[forward.spec.outputs.indexOf(name.slice(1) as Out)] as tf.Tensor;
      });
      const grads = runFusedOp(backward, backInputs as OpInputs<BackIn, tf.Tensor>, attrs) as Readonly<Record<string, tf.Tensor>>;
      const map: Record<string, () => tf.Tensor> = {};
      for (const name of forward.spec.inputs) {
        const grad = grads[`d${name}`];
        map[name] = grad !== undefined ? () => grad : () => tf.zerosLike(given[name] as tf.Tensor);
      }
      return map;
    },
  });
  if (recording) handOverWorkspace(workspace);
  const list = Array.isArray(out) ? out : [out];
  const named: Partial<Record<Out, tf.Tensor>> = {};
  forward.spec.outputs.forEach((name, k) => {
    named[name] = list[k];
  });
  return named as OpOutputs<Out, tf.Tensor>;
}

/**
 * Appends the workspace to what the tape node just recorded keeps for its backward pass. The
 * engine's save would keep a clone of each, and tfjs counts a clone's bytes again while the
 * original lives: at the end of the forward pass that doubles the largest tensors of a training
 * step in `tf.memory()`. The workspace belongs to this operation alone, so it is handed over
 * instead; the engine disposes everything a tape node keeps once the gradient is computed,
 * whether or not the backward pass reached that node.
 */
function handOverWorkspace(workspace: tf.Tensor[]): void {
  const saved = engineInternals().lastSaved();
  if (saved === undefined) {
    tf.dispose(workspace);
    throw new Error('rnnkit: the gradient tape recorded no node for a fused operation; is @tensorflow/tfjs-core in the supported range?');
  }
  saved.push(...workspace);
}
