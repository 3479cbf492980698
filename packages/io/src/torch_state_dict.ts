// Exports bound variables as a PyTorch state_dict: PyTorch's names, shapes and layouts.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import { defineEntry, isPlainObject } from './internal.js';
import type { TorchParameter, TorchParameters } from './torch_parameters.js';

/**
 * New tensors (the caller disposes them) holding each bound parameter in PyTorch's layout, so
 * `writeSafetensors(torchStateDict(params))` gives a file that `model.load_state_dict(
 * safetensors.torch.load_file(path))` accepts.
 */
export function torchStateDict(target: TorchParameters): Record<string, tf.Tensor> {
  const fn = 'torchStateDict';
  if (!isPlainObject(target)) throw new InputError(fn, 'target', `target must be bound parameters (torchParameters), got ${describeValue(target)}`);
  const out: Record<string, tf.Tensor> = {};
  for (const name of Object.keys(target)) {
    const parameter = target[name];
    if (typeof parameter !== 'object' || parameter === null || !(parameter.variable instanceof tf.Variable) || typeof parameter.transposed !== 'boolean') {
      throw new InputError(fn, `target.${name}`, `target.${name} must be a bound parameter, got ${describeValue(parameter)}`);
    }
    if (parameter.variable.isDisposed) throw new InputError(fn, `target.${name}`, `target.${name}'s variable was disposed`);
  }
  for (const name of Object.keys(target)) {
    const parameter = target[name] as TorchParameter;
    defineEntry(out, name, parameter.transposed ? tf.transpose(parameter.variable) : tf.clone(parameter.variable));
  }
  return out;
}
