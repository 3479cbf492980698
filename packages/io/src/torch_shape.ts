// The shape PyTorch gives a bound parameter.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import type { TorchParameter } from './torch_parameters.js';

/** The variable's shape as PyTorch holds the tensor (reversed for a transposed 2-D weight). */
export function torchShape(parameter: TorchParameter): number[] {
  if (typeof parameter !== 'object' || parameter === null || !(parameter.variable instanceof tf.Variable) || typeof parameter.transposed !== 'boolean') {
    throw new InputError('torchShape', 'parameter', `parameter must be a bound parameter {variable, transposed} (torchParameters), got ${describeValue(parameter)}`);
  }
  return parameter.transposed ? [...parameter.variable.shape].reverse() : [...parameter.variable.shape];
}
