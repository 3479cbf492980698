// PyTorch's nn.GRU: parameters, state shapes and state layout as PyTorch has them.
import { gruCell } from '@rnnkit/cells';
import type { RecurrentModule } from './recurrent_module.js';
import type { TorchRecurrentOptions } from './torch_style.js';
import { torchModule } from './torch_style.js';

export type GruOptions = TorchRecurrentOptions;

/**
 * A multi-layer GRU with PyTorch's `nn.GRU` options, parameter names and state layout
 * (`state.h`: (numLayers * directions, N, hiddenSize)). The reset gate applies after the
 * recurrent matmul, as in PyTorch and cuDNN.
 *
 * @example
 * const model = gru({ inputSize: 10, hiddenSize: 20, batchFirst: true, seed: 0 });
 * const { output, state } = model.forward(tf.randomNormal([3, 5, 10]));
 */
export function gru(options: GruOptions): RecurrentModule {
  return torchModule('gru', options, [], ({ hiddenSize, bias }) => ({
    outputSize: hiddenSize,
    makeCell: (inputSize) => gruCell({ inputSize, hiddenSize, bias }),
  }));
}
