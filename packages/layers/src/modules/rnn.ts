// PyTorch's nn.RNN (Elman, tanh or relu): parameters, state shapes and layout as PyTorch has them.
import { checkOneOf } from '@rnnkit/core';
import { rnnCell } from '@rnnkit/cells';
import type { RecurrentModule } from './recurrent_module.js';
import type { TorchRecurrentOptions } from './torch_style.js';
import { torchModule } from './torch_style.js';

export interface RnnOptions extends TorchRecurrentOptions {
  /** @default 'tanh' */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * A multi-layer Elman RNN with PyTorch's `nn.RNN` options, parameter names and state layout
 * (`state.h`: (numLayers * directions, N, hiddenSize)).
 *
 * @example
 * const model = rnn({ inputSize: 4, hiddenSize: 8, nonlinearity: 'relu', seed: 0 });
 * const { output, state } = model.forward(tf.randomNormal([6, 2, 4]));
 */
export function rnn(options: RnnOptions): RecurrentModule {
  const fn = 'rnn';
  return torchModule(fn, options, ['nonlinearity'], ({ hiddenSize, bias }) => {
    const nonlinearity = checkOneOf(fn, 'nonlinearity', options.nonlinearity ?? 'tanh', ['tanh', 'relu'] as const);
    return { outputSize: hiddenSize, makeCell: (inputSize) => rnnCell({ inputSize, hiddenSize, bias, nonlinearity }) };
  });
}
