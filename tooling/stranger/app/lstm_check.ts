// A stranger's model check: a PyTorch nn.LSTM's weights, input and results (float64 reference
// fixture) loaded into rnnkit's lstm, run forward with variable lengths and differentiated.
import * as tf from '@tensorflow/tfjs-core';
import { lstm } from '@rnnkit/layers';

export interface FixtureTensor {
  shape: number[];
  data: Array<number | string>;
}

export interface Fixture {
  spec: { config: Record<string, number | boolean> };
  tensors: Record<string, FixtureTensor>;
}

export interface CheckResult {
  backend: string;
  outputShape: number[];
  /** Largest |a - b| / (atol + rtol * |b|) over the forward output: at most 1 passes. */
  forwardRatio: number;
  /** The same for the gradient with respect to the input. */
  gradientRatio: number;
  /** Tensors left behind by the check. */
  leaked: number;
}

function worstRatio(actual: tf.Tensor, expected: FixtureTensor, atol: number, rtol: number): number {
  const values = actual.dataSync();
  let worst = 0;
  expected.data.forEach((b, i) => {
    const want = Number(b);
    worst = Math.max(worst, Math.abs((values[i] ?? NaN) - want) / (atol + rtol * Math.abs(want)));
  });
  return worst;
}

export function checkLstm(fixture: Fixture): CheckResult {
  const entry = (name: string): FixtureTensor => {
    const found = fixture.tensors[name];
    if (found === undefined) throw new Error(`the fixture has no ${name}`);
    return found;
  };
  const tensor3d = (name: string): tf.Tensor3D => {
    const { shape, data } = entry(name);
    const [a = 0, b = 0, c = 0] = shape;
    return tf.tensor3d(data.map(Number), [a, b, c]);
  };
  const before = tf.memory().numTensors;
  const config = fixture.spec.config;
  const model = lstm({
    inputSize: Number(config['input_size']),
    hiddenSize: Number(config['hidden_size']),
    numLayers: Number(config['num_layers']),
    bidirectional: config['bidirectional'] === true,
  });
  const stateDict: Record<string, tf.Tensor> = {};
  for (const [name, { shape, data }] of Object.entries(fixture.tensors)) {
    if (name.startsWith('param.')) stateDict[name.slice('param.'.length)] = tf.tensor(data.map(Number), shape);
  }
  model.loadStateDict(stateDict);
  const x = tensor3d('input.x');
  const initialState = { h: tensor3d('input.h0'), c: tensor3d('input.c0') };
  const lengths = entry('input.lengths').data.map(Number);
  const cotangents = { output: tensor3d('cotangent.output'), h: tensor3d('cotangent.h_n'), c: tensor3d('cotangent.c_n') };
  const { output, state } = model.forward(x, { lengths, initialState });
  // The scalar the fixture's gradients are of: sum of each output times its cotangent.
  const gradient = tf.grad((input: tf.Tensor) => {
    const result = model.forward(input as tf.Tensor3D, { lengths, initialState });
    return tf.addN([
      tf.sum(tf.mul(result.output, cotangents.output)),
      tf.sum(tf.mul(result.state['h'] ?? tf.scalar(0), cotangents.h)),
      tf.sum(tf.mul(result.state['c'] ?? tf.scalar(0), cotangents.c)),
    ]);
  });
  const dx = gradient(x);
  const result: CheckResult = {
    backend: tf.getBackend(),
    outputShape: output.shape,
    forwardRatio: worstRatio(output, entry('output.output'), 1e-5, 1e-4),
    gradientRatio: worstRatio(dx, entry('grad.x'), 1e-4, 1e-3),
    leaked: 0,
  };
  tf.dispose([x, output, ...Object.values(state), dx, initialState.h, initialState.c, cotangents.output, cotangents.h, cotangents.c, ...Object.values(stateDict)]);
  model.dispose();
  result.leaked = tf.memory().numTensors - before;
  return result;
}
