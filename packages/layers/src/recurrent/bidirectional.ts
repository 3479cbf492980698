// Runs two layers over a sequence in opposite directions and merges their outputs.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, REVERSE_SUFFIX, checkKnownOptions, checkOneOf, describeValue } from '@rnnkit/core';
import type { NameMap } from './compose.js';
import { checkSameState, childParams, concatStates, renameSpec, sliceState } from './compose.js';
import type { SequenceLayer } from './sequence_layer.js';

/** How the two directions' outputs combine. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

export interface BidirectionalOptions {
  /** `concat` puts the forward features first, as PyTorch does. @default 'concat' */
  merge?: MergeMode;
}

function mergeOutputs(mode: MergeMode, a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  switch (mode) {
    case 'concat':
      return tf.concat([a, b], 2);
    case 'sum':
      return tf.add(a, b);
    case 'mul':
      return tf.mul(a, b);
    case 'ave':
      return tf.mul(tf.add(a, b), 0.5);
  }
}

/**
 * Runs `forward` from the first step to the last and `backward` from each sample's last valid
 * step to the first, and merges the two output sequences. Parameters of `backward` take the
 * suffix `_reverse`; state slots are the forward ones, then the backward ones.
 *
 * @example
 * const layer = bidirectional(cellLayer(gruCell({ inputSize: 4, hiddenSize: 8 })),
 *                             cellLayer(gruCell({ inputSize: 4, hiddenSize: 8 })));
 */
export function bidirectional(forward: SequenceLayer, backward: SequenceLayer, options: BidirectionalOptions = {}): SequenceLayer {
  const fn = 'bidirectional';
  checkKnownOptions(fn, 'options', options, ['merge']);
  const merge = checkOneOf(fn, 'merge', options.merge ?? 'concat', ['concat', 'sum', 'mul', 'ave'] as const);
  for (const [argument, layer] of [['forward', forward], ['backward', backward]] as const) {
    if (typeof layer !== 'object' || layer === null || typeof layer.run !== 'function') {
      throw new InputError(fn, argument, `${argument} must be a sequence layer (cellLayer, stacked, ...), got ${describeValue(layer)}`);
    }
  }
  if (forward.inputSize !== backward.inputSize) {
    throw new InputError(fn, 'backward', `backward must take the forward layer's input size ${forward.inputSize}, got ${backward.inputSize}`);
  }
  if (merge !== 'concat' && forward.outputSize !== backward.outputSize) {
    throw new InputError(fn, 'merge', `merge "${merge}" needs equal output sizes, got ${forward.outputSize} and ${backward.outputSize}`);
  }
  if (forward.slots !== backward.slots) {
    throw new InputError(fn, 'backward', `backward must have as many state slots as forward (${forward.slots}), got ${backward.slots}`);
  }
  checkSameState(fn, 'layers', [forward, backward]);
  const forwardNames: NameMap = Object.fromEntries(Object.keys(forward.paramSpec).map((n) => [n, n]));
  const backwardNames: NameMap = Object.fromEntries(Object.keys(backward.paramSpec).map((n) => [n, `${n}${REVERSE_SUFFIX}`]));
  const paramSpec = { ...renameSpec(forward.paramSpec, forwardNames), ...renameSpec(backward.paramSpec, backwardNames) };
  if (Object.keys(paramSpec).length !== Object.keys(forward.paramSpec).length + Object.keys(backward.paramSpec).length) {
    throw new InputError(fn, 'backward', 'parameter names of forward and backward collide after adding "_reverse"');
  }
  const slots = forward.slots;
  return {
    inputSize: forward.inputSize,
    outputSize: merge === 'concat' ? forward.outputSize + backward.outputSize : forward.outputSize,
    stateSizes: forward.stateSizes,
    slots: 2 * slots,
    paramSpec,
    run(params, x, state, context) {
      const ahead = forward.run(childParams(params, forwardNames), x, sliceState(state, 0, slots), context);
      const behind = backward.run(childParams(params, backwardNames), x, sliceState(state, slots, slots), {
        ...context,
        reverse: !context.reverse,
      });
      return { output: mergeOutputs(merge, ahead.output, behind.output), state: concatStates([ahead.state, behind.state]) };
    },
  };
}
