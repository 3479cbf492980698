// The benchmark cases of the bench contract.

export interface RecurrentCase {
  readonly kind: 'recurrent';
  readonly name: string;
  readonly cell: 'lstm' | 'gru';
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly batch: number;
  readonly steps: number;
}

export const RECURRENT_CASES: readonly RecurrentCase[] = [
  { kind: 'recurrent', name: 'lstm_h256_b32_t64', cell: 'lstm', inputSize: 128, hiddenSize: 256, numLayers: 1, bidirectional: false, batch: 32, steps: 64 },
  { kind: 'recurrent', name: 'gru_h256_b32_t64', cell: 'gru', inputSize: 128, hiddenSize: 256, numLayers: 1, bidirectional: false, batch: 32, steps: 64 },
  { kind: 'recurrent', name: 'bilstm2_h256_b16_t200', cell: 'lstm', inputSize: 40, hiddenSize: 256, numLayers: 2, bidirectional: true, batch: 16, steps: 200 },
  { kind: 'recurrent', name: 'lstm2_h512_b64_t100', cell: 'lstm', inputSize: 512, hiddenSize: 512, numLayers: 2, bidirectional: false, batch: 64, steps: 100 },
];

/** One sequence at batch 1: what an app classifying a gesture or a sentence runs per call. */
export const SMALL_BATCH_CASES: readonly RecurrentCase[] = [
  { kind: 'recurrent', name: 'lstm_h64_b1_t100', cell: 'lstm', inputSize: 64, hiddenSize: 64, numLayers: 1, bidirectional: false, batch: 1, steps: 100 },
  { kind: 'recurrent', name: 'lstm_h256_b1_t100', cell: 'lstm', inputSize: 256, hiddenSize: 256, numLayers: 1, bidirectional: false, batch: 1, steps: 100 },
];

/**
 * Streaming: a 2-layer LSTM fed one token per call at batch 1, its state carried between calls
 * (sampling from a language model); timed over `tokens` calls, each reading its output back.
 */
export interface StreamCase {
  readonly kind: 'stream';
  readonly name: string;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly tokens: number;
}

export const STREAM_CASES: readonly StreamCase[] = [
  { kind: 'stream', name: 'stream_lstm2_h64', hiddenSize: 64, numLayers: 2, tokens: 100 },
  { kind: 'stream', name: 'stream_lstm2_h256', hiddenSize: 256, numLayers: 2, tokens: 100 },
];

/** CTC loss and its gradient on random logits (no tf.layers peer: TensorFlow.js has no CTC). */
export interface CtcCase {
  readonly kind: 'ctc';
  readonly name: string;
  readonly steps: number;
  readonly batch: number;
  readonly classes: number;
  readonly targetLength: number;
}

export const CTC_CASE: CtcCase = { kind: 'ctc', name: 'ctc_t200_n16_c30_s40', steps: 200, batch: 16, classes: 30, targetLength: 40 };

export type BenchCase = RecurrentCase | CtcCase | StreamCase;

/** Every case, in the order of the bench contract. */
export const ALL_CASES: readonly BenchCase[] = [...RECURRENT_CASES, CTC_CASE, ...SMALL_BATCH_CASES, ...STREAM_CASES];

/** Gates stacked in one weight matrix. */
export function gateCount(c: RecurrentCase): number {
  return c.cell === 'lstm' ? 4 : 3;
}

/** Input features of layer `l`. */
export function layerInputSize(c: RecurrentCase, layer: number): number {
  return layer === 0 ? c.inputSize : c.hiddenSize * (c.bidirectional ? 2 : 1);
}

/**
 * Bytes of what backpropagation through time must keep, in float32: per layer and direction,
 * every step's activated gates, cell state (LSTM) or candidate term (GRU), and hidden state.
 */
export function activationBytes(c: RecurrentCase | CtcCase): number {
  if (c.kind === 'ctc') {
    // The forward and backward variables over the extended targets (2S + 1) of every step.
    return 4 * 2 * c.steps * c.batch * (2 * c.targetLength + 1);
  }
  const perStep = c.cell === 'lstm' ? 6 * c.hiddenSize : 5 * c.hiddenSize;
  const directions = c.bidirectional ? 2 : 1;
  return 4 * c.numLayers * directions * c.steps * c.batch * perStep;
}
