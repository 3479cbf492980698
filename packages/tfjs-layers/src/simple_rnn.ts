// `simpleRNN(args)`: tf.layers' `simpleRNN` factory, giving the fast layer.
import type { SimpleRNNLayerArgs } from '@tensorflow/tfjs-layers';
import { FastSimpleRNN } from './fast_simple_rnn.js';

/**
 * Same arguments as `tf.layers.simpleRNN`; returns a {@link FastSimpleRNN}, which goes anywhere a
 * tf.layers SimpleRNN goes (tf.sequential, tf.model, model.fit, model.save).
 */
export function simpleRNN(args: SimpleRNNLayerArgs): FastSimpleRNN {
  return new FastSimpleRNN(args);
}
