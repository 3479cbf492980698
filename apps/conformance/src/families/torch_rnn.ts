// `torch-rnn`: torch.nn.RNN / LSTM / GRU through the lstm, gru and rnn modules.
import type * as tf from '@tensorflow/tfjs-core';
import type { RecurrentModule } from '@rnnkit/layers';
import { gru, lstm, rnn } from '@rnnkit/layers';
import type { Fixture } from '@rnnkit/testing';
import type { PreparedFixture } from '../family.js';
import { UnsupportedFixture, configBool, configInt, specRecord, withPrefix } from '../family.js';

function buildModule(fixture: Fixture): RecurrentModule {
  const config = specRecord(fixture, 'config');
  const common = {
    inputSize: configInt(config, 'input_size'),
    hiddenSize: configInt(config, 'hidden_size'),
    numLayers: configInt(config, 'num_layers', 1),
    bidirectional: configBool(config, 'bidirectional', false),
    batchFirst: configBool(config, 'batch_first', false),
    bias: configBool(config, 'bias', true),
    seed: 0,
  };
  switch (fixture.spec['module']) {
    case 'torch.nn.LSTM':
      return lstm({ ...common, projSize: configInt(config, 'proj_size', 0) });
    case 'torch.nn.GRU':
      return gru(common);
    case 'torch.nn.RNN': {
      const nonlinearity = config['nonlinearity'] ?? 'tanh';
      if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new UnsupportedFixture(`nonlinearity ${String(nonlinearity)}`);
      return rnn({ ...common, nonlinearity });
    }
    default:
      throw new UnsupportedFixture(`module ${JSON.stringify(fixture.spec['module'])} is not a torch-rnn module this toolkit has`);
  }
}

export function prepareTorchRnn(fixture: Fixture, tensors: Record<string, tf.Tensor>): PreparedFixture {
  const model = buildModule(fixture);
  model.dispose();
  const params = withPrefix(tensors, 'param.');
  const inputs = withPrefix(tensors, 'input.');
  const { lengths, ...differentiableInputs } = inputs;
  return {
    differentiable: { ...differentiableInputs, ...params },
    run(values) {
      const { x, h0, c0, ...rest } = values;
      const initialState: Record<string, tf.Tensor3D> = {};
      if (h0 !== undefined) initialState['h'] = h0 as tf.Tensor3D;
      if (c0 !== undefined) initialState['c'] = c0 as tf.Tensor3D;
      const result = model.apply(rest, x as tf.Tensor3D, {
        initialState,
        ...(lengths === undefined ? {} : { lengths: lengths as tf.Tensor1D }),
      });
      const out: Record<string, tf.Tensor> = { output: result.output };
      for (const [name, value] of Object.entries(result.state)) out[`${name}_n`] = value;
      return out;
    },
  };
}
