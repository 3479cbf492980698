// `torch-cell`: one step of torch.nn.RNNCell / LSTMCell / GRUCell through the cells' step.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell } from '@rnnkit/core';
import { gruCell, lstmCell, rnnCell } from '@rnnkit/cells';
import type { Fixture } from '@rnnkit/testing';
import type { PreparedFixture } from '../family.js';
import { UnsupportedFixture, configBool, configInt, specRecord, withPrefix } from '../family.js';

function buildCell(fixture: Fixture): Cell {
  const config = specRecord(fixture, 'config');
  const common = {
    inputSize: configInt(config, 'input_size'),
    hiddenSize: configInt(config, 'hidden_size'),
    bias: configBool(config, 'bias', true),
  };
  switch (fixture.spec['module']) {
    case 'torch.nn.LSTMCell':
      return lstmCell(common);
    case 'torch.nn.GRUCell':
      return gruCell(common);
    case 'torch.nn.RNNCell': {
      const nonlinearity = config['nonlinearity'] ?? 'tanh';
      if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new UnsupportedFixture(`nonlinearity ${String(nonlinearity)}`);
      return rnnCell({ ...common, nonlinearity });
    }
    default:
      throw new UnsupportedFixture(`module ${JSON.stringify(fixture.spec['module'])} is not a torch-cell module this toolkit has`);
  }
}

export function prepareTorchCell(fixture: Fixture, tensors: Record<string, tf.Tensor>): PreparedFixture {
  const cell = buildCell(fixture);
  const params = withPrefix(tensors, 'param.');
  const inputs = withPrefix(tensors, 'input.');
  const stateNames = Object.keys(cell.stateSizes);
  return {
    differentiable: { ...inputs, ...params },
    run(values) {
      const x = values['x'] as tf.Tensor2D;
      const batch = x.shape[0];
      const state: Record<string, tf.Tensor2D> = {};
      const paramValues: Record<string, tf.Tensor> = {};
      for (const [name, value] of Object.entries(values)) {
        if (stateNames.includes(name)) state[name] = value as tf.Tensor2D;
        else if (name !== 'x') paramValues[name] = value;
      }
      for (const [name, size] of Object.entries(cell.stateSizes)) {
        state[name] ??= tf.zeros([batch, size]);
      }
      const next = cell.step(paramValues, x, state).state;
      const out: Record<string, tf.Tensor> = {};
      for (const [name, value] of Object.entries(next)) out[`${name}_next`] = value;
      return out;
    },
  };
}

