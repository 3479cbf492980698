// Builds the layer stack PyTorch's nn.RNN / nn.LSTM / nn.GRU describe with their constructor options.
import type { Cell } from '@rnnkit/core';
import { InputError, checkBoolean, checkInteger, checkKnownOptions, checkNumber } from '@rnnkit/core';
import { bidirectional } from './bidirectional.js';
import { cellLayer } from './cell_layer.js';
import type { SequenceLayer } from './sequence_layer.js';
import { stacked } from './stacked.js';

/** The constructor options PyTorch's recurrent modules share, in camelCase. */
export interface TorchRecurrentOptions {
  inputSize: number;
  hiddenSize: number;
  /** Stacked layers. @default 1 */
  numLayers?: number;
  /** Whether the cells have biases. @default true */
  bias?: boolean;
  /** Inputs and outputs are (N, T, F). @default false */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, while training. @default 0 */
  dropout?: number;
  /** Run a second direction and concatenate the outputs. @default false */
  bidirectional?: boolean;
  /** Seed for the initial parameters and dropout. @default a random seed */
  seed?: number;
}

export const TORCH_OPTION_NAMES = ['inputSize', 'hiddenSize', 'numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'seed'];

export interface TorchStack {
  readonly layer: SequenceLayer;
  readonly batchFirst: boolean;
  readonly seed?: number;
}

/**
 * Checks the shared options and stacks `numLayers` layers of cells made by `makeCell(inputSize)`,
 * each bidirectional if asked, with PyTorch's parameter names.
 */
export function torchStack(
  fn: string,
  options: TorchRecurrentOptions,
  extraOptionNames: readonly string[],
  outputSizeOf: (hiddenSize: number) => number,
  makeCell: (inputSize: number) => Cell,
): TorchStack {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InputError(fn, 'options', 'options must be an object with at least inputSize and hiddenSize');
  }
  checkKnownOptions(fn, 'options', options, [...TORCH_OPTION_NAMES, ...extraOptionNames]);
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const numLayers = checkInteger(fn, 'numLayers', options.numLayers ?? 1, 1);
  const isBidirectional = checkBoolean(fn, 'bidirectional', options.bidirectional ?? false);
  const batchFirst = checkBoolean(fn, 'batchFirst', options.batchFirst ?? false);
  const dropout = checkNumber(fn, 'dropout', options.dropout ?? 0, 0, 1, true);
  const seed = options.seed === undefined ? undefined : checkInteger(fn, 'seed', options.seed, 0, 2 ** 32 - 1);
  const directions = isBidirectional ? 2 : 1;
  const layerOutput = outputSizeOf(hiddenSize) * directions;
  const layers: SequenceLayer[] = [];
  for (let k = 0; k < numLayers; k++) {
    const size = k === 0 ? inputSize : layerOutput;
    layers.push(
      isBidirectional
        ? bidirectional(cellLayer(checkedCell(fn, makeCell, size)), cellLayer(checkedCell(fn, makeCell, size)))
        : cellLayer(checkedCell(fn, makeCell, size)),
    );
  }
  const layer = stacked(layers, { dropout });
  return seed === undefined ? { layer, batchFirst } : { layer, batchFirst, seed };
}

/** Makes a cell, reporting a size the cell refuses as this module's own argument error. */
function checkedCell(fn: string, makeCell: (inputSize: number) => Cell, inputSize: number): Cell {
  try {
    return makeCell(inputSize);
  } catch (e) {
    if (e instanceof InputError && e.fn !== fn) throw new InputError(fn, e.argument, e.message.slice(e.fn.length + 2));
    throw e;
  }
}
