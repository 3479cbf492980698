// The shape PyTorch gives a bound parameter.
import type { TorchParameter } from './torch_parameters.js';

/** The variable's shape as PyTorch holds the tensor (reversed for a transposed 2-D weight). */
export function torchShape(parameter: TorchParameter): number[] {
  return parameter.transposed ? [...parameter.variable.shape].reverse() : [...parameter.variable.shape];
}
