/**
 * Fast LSTM, GRU, SimpleRNN and Bidirectional layers for TensorFlow.js Layers on the fused operations.
 * @module @rnnkit/tfjs-layers
 */
export { bidirectional } from './bidirectional.js';
export type { CellSequenceLayerArgs } from './cell_sequence_layer.js';
export { CellSequenceLayer } from './cell_sequence_layer.js';
export { CoupledLSTM } from './coupled_lstm.js';
export type { FastBidirectionalArgs } from './fast_bidirectional.js';
export { FastBidirectional } from './fast_bidirectional.js';
export { FastGRU } from './fast_gru.js';
export type { FastGRUArgs } from './fast_gru.js';
export { FastLSTM } from './fast_lstm.js';
export { FastSimpleRNN } from './fast_simple_rnn.js';
export { gru } from './gru.js';
export type { JordanArgs } from './jordan.js';
export { Jordan } from './jordan.js';
export { lstm } from './lstm.js';
export { MGU } from './mgu.js';
export { PeepholeLSTM } from './peephole_lstm.js';
export type { ProjectedLSTMArgs } from './projected_lstm.js';
export { ProjectedLSTM } from './projected_lstm.js';
export { simpleRNN } from './simple_rnn.js';
export { SRU } from './sru.js';
export { useFastRecurrentLayers } from './use_fast_recurrent_layers.js';
