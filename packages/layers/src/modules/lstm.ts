// PyTorch's nn.LSTM: parameters, state shapes and state layout as PyTorch has them.
import { InputError, checkInteger } from '@rnnkit/core';
import { lstmCell } from '@rnnkit/cells';
import type { RecurrentModule } from './recurrent_module.js';
import type { TorchRecurrentOptions } from './torch_style.js';
import { torchModule } from './torch_style.js';

export interface LstmOptions extends TorchRecurrentOptions {
  /** Project h to this many features (`h = W_hr (o * tanh(c))`); must be < hiddenSize. @default 0 */
  projSize?: number;
}

/**
 * A multi-layer LSTM with PyTorch's `nn.LSTM` options, parameter names (`weight_ih_l0`,
 * `bias_hh_l1_reverse`, `weight_hr_l0`) and state layout: `state.h` is
 * (numLayers * directions, N, projSize or hiddenSize) and `state.c` (numLayers * directions, N,
 * hiddenSize), index `layer * directions + direction`.
 *
 * @example
 * const model = lstm({ inputSize: 10, hiddenSize: 20, numLayers: 2, bidirectional: true, seed: 0 });
 * const { output, state } = model.forward(tf.randomNormal([5, 3, 10]), { lengths: [5, 4, 2] });
 * // output: (5, 3, 40); state.h, state.c: (4, 3, 20)
 */
export function lstm(options: LstmOptions): RecurrentModule {
  const fn = 'lstm';
  return torchModule(fn, options, ['projSize'], ({ hiddenSize, bias }) => {
    const projSize = checkInteger(fn, 'projSize', options.projSize ?? 0, 0);
    if (projSize >= hiddenSize) {
      throw new InputError(fn, 'projSize', `projSize must be smaller than hiddenSize (${hiddenSize}), got ${projSize}`);
    }
    return {
      outputSize: projSize > 0 ? projSize : hiddenSize,
      makeCell: (inputSize) => lstmCell({ inputSize, hiddenSize, bias, projSize }),
    };
  });
}
