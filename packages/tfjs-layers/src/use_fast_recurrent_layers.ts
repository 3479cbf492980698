// Makes tf.loadLayersModel build this package's layers for LSTM, GRU, SimpleRNN and Bidirectional.
import * as tf from '@tensorflow/tfjs-core';
import { FastBidirectional } from './fast_bidirectional.js';
import { FastGRU } from './fast_gru.js';
import { FastLSTM } from './fast_lstm.js';
import { FastSimpleRNN } from './fast_simple_rnn.js';
import { CoupledLSTM } from './coupled_lstm.js';
import { Jordan } from './jordan.js';
import { MGU } from './mgu.js';
import { PeepholeLSTM } from './peephole_lstm.js';
import { ProjectedLSTM } from './projected_lstm.js';
import { SRU } from './sru.js';

/**
 * Registers the fast layers under Keras' class names `LSTM`, `GRU`, `SimpleRNN` and
 * `Bidirectional`, replacing tf.layers' classes in TensorFlow.js's serialisation registry: from
 * then on `tf.loadLayersModel` of any model.json (saved by tf.layers, by this package, or
 * converted from Keras) builds the fast layers, with no change to the file. `tf.layers.lstm()`
 * and the other factories of tf.layers are not affected. It also registers this package's layers
 * for cells tf.layers lacks under their own names (`RnnkitPeepholeLSTM`, ...), so models using
 * them load too. Returns the class names registered over tf.layers' own.
 */
export function useFastRecurrentLayers(): string[] {
  const replacing = [FastLSTM, FastGRU, FastSimpleRNN, FastBidirectional];
  for (const cls of [...replacing, PeepholeLSTM, CoupledLSTM, ProjectedLSTM, MGU, SRU, Jordan]) tf.serialization.registerClass(cls);
  return replacing.map((cls) => cls.className);
}
