// Makes tf.loadLayersModel build this package's layers for LSTM, GRU, SimpleRNN and Bidirectional.
import * as tf from '@tensorflow/tfjs-core';
import { FastBidirectional } from './fast_bidirectional.js';
import { FastGRU } from './fast_gru.js';
import { FastLSTM } from './fast_lstm.js';
import { FastSimpleRNN } from './fast_simple_rnn.js';

/**
 * Registers the fast layers under Keras' class names `LSTM`, `GRU`, `SimpleRNN` and
 * `Bidirectional`, replacing tf.layers' classes in TensorFlow.js's serialisation registry: from
 * then on `tf.loadLayersModel` of any model.json (saved by tf.layers, by this package, or
 * converted from Keras) builds the fast layers, with no change to the file. `tf.layers.lstm()`
 * and the other factories of tf.layers are not affected. Returns the registered class names.
 */
export function useFastRecurrentLayers(): string[] {
  const classes = [FastLSTM, FastGRU, FastSimpleRNN, FastBidirectional];
  for (const cls of classes) tf.serialization.registerClass(cls);
  return classes.map((cls) => cls.className);
}
