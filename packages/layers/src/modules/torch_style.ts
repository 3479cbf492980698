// Builds the module PyTorch's nn.RNN / nn.LSTM / nn.GRU describe with their constructor options.
import type { Cell } from '@rnnkit/core';
import { InputError, checkBoolean, checkInteger, checkKnownOptions, checkNumber, describeValue } from '@rnnkit/core';
import { bidirectional } from '../recurrent/bidirectional.js';
import { cellLayer } from '../recurrent/cell_layer.js';
import type { SequenceLayer } from '../recurrent/sequence_layer.js';
import { stacked } from '../recurrent/stacked.js';
import { RecurrentModule } from './recurrent_module.js';

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

const SHARED_OPTIONS = ['inputSize', 'hiddenSize', 'numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'seed'];

/** The checked shared options a module's own cell builder needs. */
export interface TorchCellSizes {
  readonly hiddenSize: number;
  readonly bias: boolean;
}

/** What one kind of module adds: its cell per layer input size and the cell's output size. */
export interface TorchCellBuilder {
  readonly outputSize: number;
  makeCell(inputSize: number): Cell;
}

/**
 * Checks the shared options (and rejects unknown ones), then stacks `numLayers` layers of the
 * cells `build` describes, each bidirectional if asked, with PyTorch's parameter names. `build`
 * checks the module's own options; `batchFirst` and `seed` are checked by the module itself.
 */
export function torchModule(
  fn: string,
  options: TorchRecurrentOptions,
  ownOptionNames: readonly string[],
  build: (sizes: TorchCellSizes) => TorchCellBuilder,
): RecurrentModule {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InputError(fn, 'options', `options must be an object with at least inputSize and hiddenSize, got ${describeValue(options)}`);
  }
  checkKnownOptions(fn, 'options', options, [...SHARED_OPTIONS, ...ownOptionNames]);
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const numLayers = checkInteger(fn, 'numLayers', options.numLayers ?? 1, 1);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const isBidirectional = checkBoolean(fn, 'bidirectional', options.bidirectional ?? false);
  const dropout = checkNumber(fn, 'dropout', options.dropout ?? 0, 0, 1, true);
  const builder = build({ hiddenSize, bias });
  const layerOutput = builder.outputSize * (isBidirectional ? 2 : 1);
  const layers: SequenceLayer[] = [];
  for (let k = 0; k < numLayers; k++) {
    const size = k === 0 ? inputSize : layerOutput;
    const direction = (): SequenceLayer => cellLayer(checkedCell(fn, builder.makeCell, size));
    layers.push(isBidirectional ? bidirectional(direction(), direction()) : direction());
  }
  const { batchFirst, seed } = options;
  return new RecurrentModule(fn, stacked(layers, { dropout }), {
    ...(batchFirst === undefined ? {} : { batchFirst }),
    ...(seed === undefined ? {} : { seed }),
  });
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
