// The gate squashing functions of the gated operations, and their derivatives from their outputs.
import * as tf from '@tensorflow/tfjs-core';
import { checkOneOf } from '@rnnkit/core';
import { checkShaped } from './check_op_args.js';
import { GATE_ACTIVATIONS } from './sequence_attrs.js';
import type { GateActivation } from './sequence_attrs.js';

/** Keras' hard sigmoid, clip(0.2 a + 0.5, 0, 1), in the order tf.layers computes it (mul, add, clip). */
function hardSigmoid(a: tf.Tensor): tf.Tensor {
  return tf.clipByValue(tf.add(tf.mul(a, 0.2), 0.5), 0, 1);
}

/** The gates of pre-activation `a` (N, G) squashed by `kind`. */
export function squashGate(kind: GateActivation, a: tf.Tensor): tf.Tensor {
  checkOneOf('squashGate', 'kind', kind, GATE_ACTIVATIONS);
  checkShaped('squashGate', 'a', a, [null, null], '(N, G)');
  return kind === 'sigmoid' ? tf.sigmoid(a) : hardSigmoid(a);
}

/**
 * The derivative of gates from their outputs s (N, G): s (1 - s) for the logistic; 0.2 where the hard
 * sigmoid is linear (0 < s < 1) and 0 where it clips. At the two points where 0.2 a + 0.5 is
 * exactly 0 or 1, tfjs's clip passes the gradient and this gives 0: s alone cannot tell them from
 * the clipped values.
 */
export function gateSlope(kind: GateActivation, s: tf.Tensor): tf.Tensor {
  checkOneOf('gateSlope', 'kind', kind, GATE_ACTIVATIONS);
  checkShaped('gateSlope', 's', s, [null, null], '(N, G)');
  if (kind === 'sigmoid') return tf.mul(s, tf.sub(1, s));
  return tf.mul(0.2, tf.cast(tf.logicalAnd(tf.greater(s, 0), tf.less(s, 1)), 'float32'));
}
