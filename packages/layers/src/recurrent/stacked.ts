// Feeds each layer's output sequence to the next, with dropout between layers while training.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkKnownOptions, checkNumber, describeValue, layerParamName } from '@rnnkit/core';
import type { NameMap } from './compose.js';
import { checkSameState, childParams, concatStates, renameSpec, sliceState } from './compose.js';
import type { LayerState, SequenceLayer } from './sequence_layer.js';

export interface StackedOptions {
  /** Dropout probability on the outputs of every layer but the last, while training. @default 0 */
  dropout?: number;
}

/**
 * Stacks layers: layer k+1 reads layer k's output sequence. Parameters take PyTorch's layer
 * suffix (`_l0`, `_l1`, before any `_reverse`); state slots are layer 0's, then layer 1's, ...
 *
 * @example
 * const layer = stacked([cellLayer(lstmCell({ inputSize: 4, hiddenSize: 8 })),
 *                        cellLayer(lstmCell({ inputSize: 8, hiddenSize: 8 }))], { dropout: 0.2 });
 */
export function stacked(layers: readonly SequenceLayer[], options: StackedOptions = {}): SequenceLayer {
  const fn = 'stacked';
  checkKnownOptions(fn, 'options', options, ['dropout']);
  const dropout = checkNumber(fn, 'dropout', options.dropout ?? 0, 0, 1, true);
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new InputError(fn, 'layers', `layers must be a non-empty array of sequence layers, got ${describeValue(layers)}`);
  }
  for (const [k, layer] of layers.entries()) {
    if (typeof layer !== 'object' || layer === null || typeof (layer as SequenceLayer).run !== 'function') {
      throw new InputError(fn, `layers[${k}]`, `layers[${k}] must be a sequence layer, got ${describeValue(layer)}`);
    }
    const previous = layers[k - 1];
    if (previous !== undefined && layer.inputSize !== previous.outputSize) {
      throw new InputError(fn, `layers[${k}]`, `layers[${k}] must take input size ${previous.outputSize} (the output of layers[${k - 1}]), got ${layer.inputSize}`);
    }
  }
  checkSameState(fn, 'layers', layers);
  const names: NameMap[] = layers.map((layer, k) =>
    Object.fromEntries(Object.keys(layer.paramSpec).map((n) => [n, layerParamName(n, k)])),
  );
  const paramSpec = Object.assign({}, ...layers.map((layer, k) => renameSpec(layer.paramSpec, names[k] ?? {})));
  const first = layers[0] as SequenceLayer;
  const last = layers[layers.length - 1] as SequenceLayer;
  return {
    inputSize: first.inputSize,
    outputSize: last.outputSize,
    stateSizes: first.stateSizes,
    slots: layers.reduce((sum, layer) => sum + layer.slots, 0),
    paramSpec,
    run(params, x, state, context) {
      let input = x;
      let offset = 0;
      const states: LayerState[] = [];
      for (const [k, layer] of layers.entries()) {
        if (k > 0 && context.training && dropout > 0) {
          input = tf.dropout(input, dropout, undefined, Math.floor(context.random() * 2 ** 31)) as tf.Tensor3D;
        }
        const result = layer.run(childParams(params, names[k] ?? {}), input, sliceState(state, offset, layer.slots), context);
        states.push(result.state);
        input = result.output;
        offset += layer.slots;
      }
      return { output: input, state: concatStates(states) };
    },
  };
}
