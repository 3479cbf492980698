// The four recurrent factories of tf.layers and of this package side by side, so a test (in Node
// or in the WebGL page) builds the same model with either.
import * as tf from '@tensorflow/tfjs';
import { bidirectional, gru, lstm, simpleRNN } from '@rnnkit/tfjs-layers';

export interface Factories {
  lstm: typeof tf.layers.lstm;
  gru: typeof tf.layers.gru;
  simpleRNN: typeof tf.layers.simpleRNN;
  bidirectional: typeof tf.layers.bidirectional;
}

/** tf.layers' own factories: the reference. */
export const TF: Factories = { lstm: tf.layers.lstm, gru: tf.layers.gru, simpleRNN: tf.layers.simpleRNN, bidirectional: tf.layers.bidirectional };

/** This package's factories, with tf.layers' signatures. */
export const OURS: Factories = { lstm, gru, simpleRNN, bidirectional: bidirectional as unknown as typeof tf.layers.bidirectional };
