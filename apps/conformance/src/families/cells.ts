// `cells`: cells PyTorch lacks, run over a sequence with runSequence.
import type * as tf from '@tensorflow/tfjs-core';
import type { Cell } from '@rnnkit/core';
import { gruCell, jordanCell, lstmCell, mguCell, sruCell } from '@rnnkit/cells';
import { runSequence } from '@rnnkit/layers';
import type { Fixture } from '@rnnkit/testing';
import type { PreparedFixture } from '../family.js';
import { UnsupportedFixture, configBool, configInt, specRecord, withPrefix } from '../family.js';

function buildCell(fixture: Fixture): Cell {
  const config = specRecord(fixture, 'config');
  const inputSize = configInt(config, 'input_size');
  const hiddenSize = configInt(config, 'hidden_size');
  const bias = configBool(config, 'bias', true);
  switch (fixture.spec['cell']) {
    case 'peephole_lstm':
      return lstmCell({ inputSize, hiddenSize, bias, peephole: true, projSize: configInt(config, 'proj_size', 0) });
    case 'cifg_lstm':
      return lstmCell({ inputSize, hiddenSize, bias, coupled: true, projSize: configInt(config, 'proj_size', 0) });
    case 'gru_reset_before':
      return gruCell({ inputSize, hiddenSize, bias, resetAfter: false });
    case 'mgu':
      return mguCell({ inputSize, hiddenSize, bias });
    case 'sru':
      return sruCell({ inputSize, hiddenSize });
    case 'jordan':
      return jordanCell({ inputSize, hiddenSize, outputSize: configInt(config, 'output_size') });
    default:
      throw new UnsupportedFixture(`cell ${JSON.stringify(fixture.spec['cell'])} is not a cell this toolkit has`);
  }
}

export function prepareCells(fixture: Fixture, tensors: Record<string, tf.Tensor>): PreparedFixture {
  const cell = buildCell(fixture);
  const params = withPrefix(tensors, 'param.');
  const { lengths, ...inputs } = withPrefix(tensors, 'input.');
  const layout = String(fixture.spec['layout'] ?? 'time_major');
  const batchFirst = layout.startsWith('batch_first');
  const stateNames = Object.keys(cell.stateSizes);
  return {
    differentiable: { ...inputs, ...params },
    run(values) {
      const initialState: Record<string, tf.Tensor2D> = {};
      const paramValues: Record<string, tf.Tensor> = {};
      for (const [name, value] of Object.entries(values)) {
        const stateName = name.endsWith('0') ? name.slice(0, -1) : '';
        if (stateNames.includes(stateName)) initialState[stateName] = value as tf.Tensor2D;
        else if (name !== 'x') paramValues[name] = value;
      }
      const { output, state } = runSequence(cell, paramValues, values['x'] as tf.Tensor3D, {
        initialState,
        batchFirst,
        ...(lengths === undefined ? {} : { lengths: lengths as tf.Tensor1D }),
      });
      const out: Record<string, tf.Tensor> = { output };
      for (const [name, value] of Object.entries(state)) out[`${name}_n`] = value;
      return out;
    },
  };
}
