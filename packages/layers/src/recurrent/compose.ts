// Helpers for layers built from other layers: parameter renaming and state slicing.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec, Params } from '@rnnkit/core';
import { InputError } from '@rnnkit/core';
import type { LayerState, SequenceLayer } from './sequence_layer.js';

/** A child's parameter names mapped to the names its parent exposes. */
export type NameMap = Readonly<Record<string, string>>;

export function renameSpec(spec: ParamSpec, names: NameMap): ParamSpec {
  const out: Record<string, ParamSpec[string]> = {};
  for (const [child, entry] of Object.entries(spec)) out[names[child] ?? child] = entry;
  return out;
}

/** The child's view of the parent's parameters. */
export function childParams(params: Params, names: NameMap): Params {
  const out: Record<string, tf.Tensor> = {};
  for (const [child, parent] of Object.entries(names)) {
    const value = params[parent];
    if (value !== undefined) out[child] = value;
  }
  return out;
}

/** Slots `[start, start + count)` of every state entry. */
export function sliceState(state: LayerState, start: number, count: number): LayerState {
  const out: Record<string, tf.Tensor3D> = {};
  for (const [name, value] of Object.entries(state)) {
    out[name] = count === value.shape[0] && start === 0 ? value : tf.slice(value, [start, 0, 0], [count, -1, -1]);
  }
  return out;
}

/** Joins the slots of several states, in order. */
export function concatStates(states: LayerState[]): LayerState {
  const first = states[0];
  if (first === undefined) return {};
  const out: Record<string, tf.Tensor3D> = {};
  for (const name of Object.keys(first)) {
    const parts = states.map((s) => s[name] as tf.Tensor3D);
    out[name] = parts.length === 1 ? (parts[0] as tf.Tensor3D) : tf.concat(parts, 0);
  }
  return out;
}

/** Throws unless every layer has the same state entries with the same sizes. */
export function checkSameState(fn: string, argument: string, layers: readonly SequenceLayer[]): void {
  const first = layers[0];
  if (first === undefined) return;
  const describe = (l: SequenceLayer) => JSON.stringify(l.stateSizes);
  for (const [k, layer] of layers.entries()) {
    if (describe(layer) !== describe(first)) {
      throw new InputError(fn, `${argument}[${k}]`, `${argument}[${k}] has state ${describe(layer)}, but ${argument}[0] has ${describe(first)}; all must have the same state`);
    }
  }
}
