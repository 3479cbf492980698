// Reads PyTorch's names of nn.RNN / nn.LSTM / nn.GRU parameters (`weight_hh_l1_reverse`).
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';
import { REVERSE_SUFFIX } from './layer_param_name.js';

/** The parts of a recurrent parameter name. */
export interface RecurrentParamName {
  /** `weight_ih`, `weight_hh`, `weight_hr`, `bias_ih` or `bias_hh`. */
  readonly base: string;
  readonly layer: number;
  /** Whether it belongs to the backward direction (`_reverse`). */
  readonly reverse: boolean;
}

const PATTERN = new RegExp(`^((?:weight|bias)_(?:ih|hh|hr))_l(\\d+)(${REVERSE_SUFFIX})?$`);

/** The base, layer and direction of a PyTorch recurrent parameter name; `null` for any other name. */
export function parseRecurrentParamName(name: string): RecurrentParamName | null {
  if (typeof name !== 'string') throw new InputError('parseRecurrentParamName', 'name', `name must be a string, got ${describeValue(name)}`);
  const m = PATTERN.exec(name);
  if (m === null || m[1] === undefined) return null;
  return { base: m[1], layer: Number(m[2]), reverse: m[3] !== undefined };
}
