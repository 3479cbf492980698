// PyTorch's naming of a stacked recurrent module's parameters: the layer suffix `_l{k}`.
import { checkInteger } from './check_option.js';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';

/** PyTorch's name of layer k's parameter: `weight_ih` -> `weight_ih_l0`, `bias_ih_reverse` -> `bias_ih_l0_reverse`. */
export function layerParamName(name: string, layer: number): string {
  if (typeof name !== 'string' || name === '') throw new InputError('layerParamName', 'name', `name must be a non-empty string, got ${describeValue(name)}`);
  checkInteger('layerParamName', 'layer', layer, 0);
  const suffix = REVERSE_SUFFIX;
  return name.endsWith(suffix) ? `${name.slice(0, -suffix.length)}_l${layer}${suffix}` : `${name}_l${layer}`;
}

/** PyTorch's suffix of a bidirectional module's backward-direction parameters. */
export const REVERSE_SUFFIX = '_reverse';
