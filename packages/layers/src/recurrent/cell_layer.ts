// A single-direction, single-layer sequence layer around one cell.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell } from '@rnnkit/core';
import { InputError, checkParamSpec, describeValue, shape3 } from '@rnnkit/core';
import { runCell } from './run_cell.js';
import type { LayerState, SequenceLayer } from './sequence_layer.js';

/**
 * Wraps `cell` as a {@link SequenceLayer} with one state slot. Its parameters keep the cell's
 * names (`weight_ih`); `stacked` and `bidirectional` add PyTorch's suffixes.
 */
export function cellLayer(cell: Cell): SequenceLayer {
  const fn = 'cellLayer';
  if (typeof cell !== 'object' || cell === null || typeof (cell as Partial<Cell>).step !== 'function' || typeof (cell as Partial<Cell>).stateSizes !== 'object') {
    throw new InputError(fn, 'cell', `cell must be a cell (lstmCell, gruCell, ...), got ${describeValue(cell)}`);
  }
  checkParamSpec(fn, 'cell', cell.paramSpec);
  return {
    inputSize: cell.inputSize,
    outputSize: cell.outputSize,
    stateSizes: cell.stateSizes,
    slots: 1,
    paramSpec: cell.paramSpec,
    run(params, x, state, context) {
      const initial: Record<string, tf.Tensor2D> = {};
      for (const [name, value] of Object.entries(state)) {
        const [, batch, size] = shape3(value);
        initial[name] = tf.reshape(value, [batch, size]);
      }
      const result = runCell(cell, params, x, initial, context);
      const next: Record<string, tf.Tensor3D> = {};
      for (const [name, value] of Object.entries(result.state)) next[name] = tf.expandDims(value, 0);
      return { output: result.output, state: next as LayerState };
    },
  };
}
