// The stepper gives a full-sequence forward's numbers step by step, carries no stale weights,
// leaks nothing, and refuses what it cannot do.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { FORWARD_TOLERANCE, compareValues } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { gru } from './gru.js';
import { lstm } from './lstm.js';
import type { RecurrentModule } from './recurrent_module.js';
import { rnn } from './rnn.js';

const T = 6;
const N = 2;
const I = 3;

function expectClose(label: string, actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  const c = compareValues(actual.dataSync(), expected.dataSync(), FORWARD_TOLERANCE);
  if (c.worstRatio > 1) throw new Error(`${label}: index ${c.worstIndex} got ${c.actual}, expected ${c.expected}`);
}

const MODELS: Array<[string, () => RecurrentModule]> = [
  ['lstm, 2 layers, projection', () => lstm({ inputSize: I, hiddenSize: 5, numLayers: 2, projSize: 4, seed: 1 })],
  ['gru, 2 layers', () => gru({ inputSize: I, hiddenSize: 5, numLayers: 2, seed: 2 })],
  ['rnn relu', () => rnn({ inputSize: I, hiddenSize: 5, nonlinearity: 'relu', seed: 3 })],
];

/** Steps `x` (T, N, I) through a stepper: the outputs stacked (T, N, out) and the final state. */
function stepAll(model: RecurrentModule, x: tf.Tensor3D, initialState?: Record<string, tf.Tensor3D>): { output: tf.Tensor; state: Record<string, tf.Tensor> } {
  const s = model.stepper({ batch: N, ...(initialState === undefined ? {} : { initialState }) });
  const ys = tf.unstack(x).map((xt) => s.step(xt as tf.Tensor2D));
  const output = tf.stack(ys);
  const state = Object.fromEntries(Object.entries(s.state).map(([k, v]) => [k, tf.clone(v)]));
  tf.dispose(ys);
  s.dispose();
  return { output, state };
}

describeWithBackends(['cpu', 'wasm'], 'RecurrentModule.stepper', () => {
  for (const [name, make] of MODELS) {
    it(`${name}: step by step equals one forward over the sequence, from zeros and from a given state`, () => {
      const model = make();
      tf.tidy(() => {
        const x = tf.randomNormal([T, N, I], 0, 1, 'float32', 7) as tf.Tensor3D;
        const whole = model.forward(x);
        const stepped = stepAll(model, x);
        expectClose(`${name} outputs`, stepped.output, whole.output);
        for (const [k, v] of Object.entries(whole.state)) expectClose(`${name} state ${k}`, stepped.state[k] as tf.Tensor, v);
        // From a given state: the second half continues from the first half's state.
        const [first, second] = tf.split(x, [2, T - 2], 0) as [tf.Tensor3D, tf.Tensor3D];
        const head = model.forward(first);
        const tail = stepAll(model, second, head.state);
        expectClose(`${name} continued`, tail.output, tf.slice(whole.output, [2, 0, 0], [T - 2, -1, -1]));
      });
      model.dispose();
    });
  }

  it('a step run inside the caller\'s tidy carries its state to the next step', () => {
    const model = lstm({ inputSize: I, hiddenSize: 5, numLayers: 2, seed: 4 });
    const x = tf.randomNormal([T, N, I], 0, 1, 'float32', 9) as tf.Tensor3D;
    const s = model.stepper({ batch: N });
    // Each step in its own tidy that keeps only the output, as a sampling loop writes it.
    const ys = tf.unstack(x).map((xt) => tf.tidy(() => s.step(xt as tf.Tensor2D)));
    const stepped = tf.stack(ys);
    const whole = model.forward(x);
    expectClose('stepped inside tidy', stepped, whole.output);
    tf.dispose([x, stepped, ...ys, whole.output, ...Object.values(whole.state)]);
    s.dispose();
    model.dispose();
  });

  it('reset goes back to the initial state; steps leak nothing', () => {
    const model = lstm({ inputSize: I, hiddenSize: 4, numLayers: 2, seed: 4 });
    const x = tf.randomNormal([N, I], 0, 1, 'float32', 8) as tf.Tensor2D;
    const s = model.stepper({ batch: N });
    const first = s.step(x);
    const second = s.step(x);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) s.step(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    s.reset();
    const again = s.step(x);
    expectClose('after reset', again, first);
    expect(compareValues(second.dataSync(), first.dataSync(), FORWARD_TOLERANCE).worstRatio).toBeGreaterThan(1);
    tf.dispose([first, second, again]);
    const live = tf.memory().numTensors;
    s.dispose();
    // The carried and initial state (2 entries each) and the mask are freed; the weights are not.
    expect(tf.memory().numTensors).toBe(live - 5);
    expect(Object.values(model.parameters).every((p) => !p.isDisposed)).toBe(true);
    model.dispose();
    x.dispose();
  });

  it('uses the weights as they are at each step, never a layout of older ones', () => {
    const model = gru({ inputSize: I, hiddenSize: 4, seed: 5 });
    const other = gru({ inputSize: I, hiddenSize: 4, seed: 6 });
    tf.tidy(() => {
      const x = tf.randomNormal([2, N, I], 0, 1, 'float32', 9) as tf.Tensor3D;
      const [x0, x1] = tf.unstack(x) as [tf.Tensor2D, tf.Tensor2D];
      const s = model.stepper({ batch: N });
      s.step(x0);
      const carried = { h: tf.clone(s.state['h'] as tf.Tensor3D) };
      model.loadStateDict(other.stateDict());
      const y = s.step(x1);
      const expected = other.forward(tf.expandDims(x1, 0) as tf.Tensor3D, { initialState: carried });
      expectClose('after loadStateDict', y, tf.squeeze(expected.output, [0]));
      s.dispose();
    });
    model.dispose();
    other.dispose();
  });

  it('refuses a bidirectional module, a wrong input and a disposed stepper with an InputError', () => {
    const bi = lstm({ inputSize: I, hiddenSize: 4, bidirectional: true, seed: 0 });
    expect(() => bi.stepper()).toThrow(InputError);
    expect(() => bi.stepper()).toThrow('lstm.stepper: a bidirectional module cannot be stepped');
    bi.dispose();
    const model = rnn({ inputSize: I, hiddenSize: 4, seed: 0 });
    expect(() => model.stepper({ batch: 0 })).toThrow(InputError);
    expect(() => model.stepper({ batch: 1, initialState: { c: tf.zeros([1, 1, 4]) as tf.Tensor3D } })).toThrow('initialState');
    const s = model.stepper({ batch: 2 });
    const wrong = tf.zeros([3, I]) as tf.Tensor2D;
    expect(() => s.step(wrong)).toThrow('x must have shape [2, 3] (N, inputSize), got shape [3, 3]');
    s.dispose();
    expect(() => s.step(wrong)).toThrow('the stepper was already disposed');
    wrong.dispose();
    model.dispose();
  });
});
