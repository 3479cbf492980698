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
export function activationBytes(c: RecurrentCase): number {
  const perStep = c.cell === 'lstm' ? 6 * c.hiddenSize : 5 * c.hiddenSize;
  const directions = c.bidirectional ? 2 : 1;
  return 4 * c.numLayers * directions * c.steps * c.batch * perStep;
}
