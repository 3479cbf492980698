// Runs a fused sequence operation with Keras' conventions: batch-first, goBackwards, masks, states.
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';

/** What a fused run gets: time-major input in visiting order, its mask, and the initial states. */
export interface FusedStepInputs {
  /** (T, N, I), already reversed in time when the layer goes backwards. */
  readonly x: tf.Tensor3D;
  /** (T, N, 1) of 0 and 1; all ones when no mask came. */
  readonly mask: tf.Tensor3D;
  /** Whether `mask` holds any 0. */
  readonly masked: boolean;
  /** The layer's initial states, (N, H) each, in Keras' order (h first). */
  readonly states: readonly tf.Tensor2D[];
}

/** What a fused run gives: per-step outputs (zero at masked steps) and the final states. */
export interface FusedStepOutputs {
  /** (T, N, H) in visiting order, 0 where the mask is 0. */
  readonly output: tf.Tensor3D;
  /** Final states in Keras' order, each the state after the sample's last unmasked step. */
  readonly states: readonly tf.Tensor2D[];
}

/** The parts of a tf.layers RNN layer that the fused call reads. */
export interface KerasRecurrentView {
  readonly name: string;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly units: number;
  readonly stateCount: number;
  /** The stored states of a stateful layer (null before the first reset). */
  storedStates(): tf.Tensor[] | null;
  /** tf.layers' own `resetStates(states, training)`. */
  keepStates(states: tf.Tensor[], training: boolean): void;
}

function asTensorList(value: unknown): tf.Tensor[] | null {
  if (value === null || value === undefined) return null;
  if (value instanceof tf.Tensor) return [value];
  if (Array.isArray(value) && value.every((v) => v instanceof tf.Tensor)) return value as tf.Tensor[];
  return null;
}

/**
 * The input sequence, the initial states and the mask of a call, from either form tf.layers
 * accepts: `[x, ...states]` as inputs (a model with state inputs) or `kwargs.initialState`.
 */
export function splitCall(fn: string, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): { x: tf.Tensor3D; states: tf.Tensor[] | null; mask: tf.Tensor | null } {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const x = list[0];
  if (x === undefined || x.rank !== 3) {
    throw new InputError(fn, 'inputs', `inputs must be 3-D (batch, time, features), got shape ${JSON.stringify(x?.shape ?? null)}`);
  }
  const states = list.length > 1 ? list.slice(1) : asTensorList(kwargs['initialState']);
  const rawMask = kwargs['mask'];
  const mask = Array.isArray(rawMask) ? (rawMask[0] as tf.Tensor | null | undefined) ?? null : (rawMask as tf.Tensor | null | undefined) ?? null;
  return { x: x as tf.Tensor3D, states, mask };
}

/** (N, T) mask to (T, N, 1) float, after checking its shape against x's. */
function timeMajorMask(fn: string, mask: tf.Tensor, x: tf.Tensor3D): tf.Tensor3D {
  const [n, t] = x.shape;
  const shapeOk = (mask.rank === 2 || (mask.rank === 3 && mask.shape[2] === 1)) && mask.shape[0] === n && mask.shape[1] === t;
  if (!shapeOk) {
    throw new InputError(fn, 'mask', `mask must have shape [${n}, ${t}] (batch, time) to match inputs of shape [${x.shape.join(', ')}], got shape [${mask.shape.join(', ')}]`);
  }
  const flat = tf.cast(tf.cast(tf.reshape(mask, [n, t]), 'bool'), 'float32');
  return tf.reshape(tf.transpose(flat), [t, n, 1]);
}

/**
 * (N, T, T + 1) selectors that give, at every step, the output Keras gives there: the step's own
 * output where the mask is 1, else the state carried from the last unmasked step (column 0 is
 * the initial state).
 */
function carrySelectors(maskTN: Float32Array | Int32Array | Uint8Array, steps: number, batch: number): tf.Tensor3D {
  const sel = new Float32Array(batch * steps * (steps + 1));
  for (let n = 0; n < batch; n++) {
    let last = 0;
    for (let t = 0; t < steps; t++) {
      if ((maskTN[t * batch + n] ?? 0) !== 0) last = t + 1;
      sel[(n * steps + t) * (steps + 1) + last] = 1;
    }
  }
  return tf.tensor3d(sel, [batch, steps, steps + 1]);
}

/**
 * One call of a recurrent layer on a fused operation, with everything tf.layers' `RNN.call` does
 * around its step loop: initial or stored states, goBackwards (the output sequence stays in
 * reversed order, as in Keras), masks, stateful updates, and the outputs it returns.
 */
export function kerasSequenceCall(
  layer: KerasRecurrentView,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
  run: (args: FusedStepInputs) => FusedStepOutputs,
): tf.Tensor | tf.Tensor[] {
  const fn = layer.name;
  const training = kwargs['training'] === true;
  const result = tf.tidy(() => {
    const { x, states: given, mask } = splitCall(fn, inputs, kwargs);
    const [batch = 0, steps = 0] = x.shape;
    let states = given;
    if (states === null && layer.stateful) states = layer.storedStates();
    if (states === null) states = Array.from({ length: layer.stateCount }, () => tf.zeros([batch, layer.units]));
    if (states.length !== layer.stateCount) {
      throw new InputError(fn, 'initialState', `initialState must hold ${layer.stateCount} state(s), got ${states.length}`);
    }
    states.forEach((s, k) => {
      if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== layer.units) {
        throw new InputError(fn, 'initialState', `initial state ${k} must have shape [${batch}, ${layer.units}], got [${s.shape.join(', ')}]`);
      }
    });
    let xs = tf.transpose(x, [1, 0, 2]) as tf.Tensor3D;
    let maskT = mask === null ? null : timeMajorMask(fn, mask, x);
    // Keras goes backwards by reversing the sequence and never reverses the outputs back.
    if (layer.goBackwards) {
      xs = tf.reverse(xs, 0);
      if (maskT !== null) maskT = tf.reverse(maskT, 0);
    }
    const maskData = maskT === null ? null : maskT.dataSync();
    const masked = maskData !== null && maskData.some((v) => v === 0);
    const out = run({ x: xs, mask: maskT ?? tf.ones([steps, batch, 1]), masked, states: states as tf.Tensor2D[] });
    let sequence = tf.transpose(out.output, [1, 0, 2]) as tf.Tensor3D;
    if (masked && maskData !== null) {
      // Departs from PyTorch's packed sequences on purpose: Keras gives a masked step the state
      // carried from the last unmasked step (not 0). A product with fixed selectors keeps it
      // differentiable on every backend.
      const h0 = tf.expandDims(states[0] as tf.Tensor2D, 1);
      sequence = tf.matMul(carrySelectors(maskData, steps, batch), tf.concat([h0, sequence], 1));
    }
    const last = tf.reshape(tf.slice(sequence, [0, steps - 1, 0], [batch, 1, layer.units]), [batch, layer.units]);
    const output = layer.returnSequences ? sequence : last;
    return { output, states: [...out.states] };
  });
  if (layer.stateful) layer.keepStates(result.states, training);
  if (layer.returnState) return [result.output, ...result.states];
  return result.output;
}
