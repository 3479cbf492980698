// `gru(args)`: tf.layers' `gru` factory, giving the fast layer.
import type { FastGRUArgs } from './fast_gru.js';
import { FastGRU } from './fast_gru.js';

/**
 * Same arguments as `tf.layers.gru`; returns a {@link FastGRU}, which goes anywhere a
 * tf.layers GRU goes (tf.sequential, tf.model, model.fit, model.save).
 */
export function gru(args: FastGRUArgs): FastGRU {
  return new FastGRU(args);
}
