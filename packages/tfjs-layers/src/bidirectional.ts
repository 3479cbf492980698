// `bidirectional(args)`: tf.layers' `bidirectional` factory, giving the fast layer.
import type { FastBidirectionalArgs } from './fast_bidirectional.js';
import { FastBidirectional } from './fast_bidirectional.js';

/**
 * Same arguments as `tf.layers.bidirectional`; returns a {@link FastBidirectional}, which goes anywhere a
 * tf.layers Bidirectional goes (tf.sequential, tf.model, model.fit, model.save).
 */
export function bidirectional(args: FastBidirectionalArgs): FastBidirectional {
  return new FastBidirectional(args);
}
