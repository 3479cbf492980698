// `lstm(args)`: tf.layers' `lstm` factory, giving the fast layer.
import type { LSTMLayerArgs } from '@tensorflow/tfjs-layers';
import { FastLSTM } from './fast_lstm.js';

/**
 * Same arguments as `tf.layers.lstm`; returns a {@link FastLSTM}, which goes anywhere a
 * tf.layers LSTM goes (tf.sequential, tf.model, model.fit, model.save).
 */
export function lstm(args: LSTMLayerArgs): FastLSTM {
  return new FastLSTM(args);
}
