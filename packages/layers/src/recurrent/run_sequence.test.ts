// Each fused sequence operation gives the numbers of a hand-written loop over its cell's step,
// forward and backward, with lengths, reverse direction and initial state.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, CellState, Params } from '@rnnkit/core';
import { initParams, seededRandom } from '@rnnkit/core';
import { gruCell, jordanCell, lstmCell, mguCell, rnnCell } from '@rnnkit/cells';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { runSequence } from './run_sequence.js';

/**
 * The reference: a plain loop over `cell.step` written from the packed-sequence rules, with
 * gradients by tfjs autodiff through every step (independent of the fused op's hand-derived
 * backward pass).
 */
function loopReference(cell: Cell, params: Params, x: tf.Tensor3D, state0: CellState, lengths: number[], reverse: boolean) {
  const [steps, batch] = x.shape;
  const ys: tf.Tensor2D[] = new Array<tf.Tensor2D>(steps);
  let state = state0;
  for (let k = 0; k < steps; k++) {
    const t = reverse ? steps - 1 - k : k;
    const xt = tf.reshape(tf.slice(x, [t, 0, 0], [1, -1, -1]), [batch, -1]) as tf.Tensor2D;
    const { state: next, output: y } = cell.step(params, xt, state);
    const valid = tf.tensor2d(lengths.map((len) => (t < len ? 1 : 0)), [batch, 1]);
    const updated: Record<string, tf.Tensor2D> = {};
    for (const name of Object.keys(state)) {
      updated[name] = tf.where(tf.cast(tf.tile(valid, [1, (state[name] as tf.Tensor2D).shape[1]]), 'bool'), next[name] as tf.Tensor2D, state[name] as tf.Tensor2D);
    }
    state = updated;
    ys[t] = tf.mul(y, valid);
  }
  return { output: tf.stack(ys) as tf.Tensor3D, state };
}

/** The same cell without its fused operation, so runSequence loops over the step. */
function unfused(cell: Cell): Cell {
  const { sequence: _sequence, ...rest } = cell;
  return rest;
}

const CASES: Array<[string, Cell]> = [
  ['lstm', lstmCell({ inputSize: 4, hiddenSize: 5 })],
  ['lstm with projection', lstmCell({ inputSize: 4, hiddenSize: 6, projSize: 3 })],
  ['lstm without bias', lstmCell({ inputSize: 4, hiddenSize: 5, bias: false })],
  ['gru', gruCell({ inputSize: 4, hiddenSize: 5 })],
  ['rnn tanh', rnnCell({ inputSize: 4, hiddenSize: 5 })],
  ['rnn relu', rnnCell({ inputSize: 4, hiddenSize: 5, nonlinearity: 'relu' })],
  // Cells without a fused operation: the driver's prepared-step loop with halving slices.
  ['peephole lstm (looped)', lstmCell({ inputSize: 4, hiddenSize: 5, peephole: true })],
  ['gru, reset before (looped)', gruCell({ inputSize: 4, hiddenSize: 5, resetAfter: false })],
  ['mgu (looped)', mguCell({ inputSize: 4, hiddenSize: 5 })],
  ['jordan (looped)', jordanCell({ inputSize: 4, hiddenSize: 5, outputSize: 3 })],
];

function expectClose(name: string, actual: tf.Tensor, expected: tf.Tensor, tolerance: typeof FORWARD_TOLERANCE): void {
  expect(actual.shape).toEqual(expected.shape);
  const c = compareValues(actual.dataSync(), expected.dataSync(), tolerance);
  if (c.worstRatio > 1) throw new Error(`${name}: index ${c.worstIndex} got ${c.actual}, expected ${c.expected}`);
}

describeWithBackends(['cpu', 'wasm'], 'runSequence equals a loop over the cell', () => {
  for (const [label, cell] of CASES) {
    for (const reverse of [false, true]) {
      it(`${label}${reverse ? ', reverse' : ''}, with lengths and initial state`, () => {
        const random = seededRandom(3);
        const params = initParams(cell.paramSpec, random);
        const steps = 6;
        const batch = 4;
        const lengths = [6, 3, 1, 0];
        const x = tf.randomNormal([steps, batch, cell.inputSize], 0, 1, 'float32', 11) as tf.Tensor3D;
        const state: Record<string, tf.Tensor2D> = {};
        for (const [name, size] of Object.entries(cell.stateSizes)) state[name] = tf.randomNormal([batch, size], 0, 0.5, 'float32', 5);
        const cotOut = tf.randomNormal([steps, batch, cell.outputSize], 0, 1, 'float32', 17);
        const cotState = Object.fromEntries(Object.entries(cell.stateSizes).map(([n, s]) => [n, tf.randomNormal([batch, s], 0, 1, 'float32', 19)]));
        const names = Object.keys(params);
        const stateNames = Object.keys(state);
        const objective = (run: (p: Params, xx: tf.Tensor3D, c: CellState) => { output: tf.Tensor3D; state: CellState }) =>
          (...args: tf.Tensor[]) => {
            const p = Object.fromEntries(names.map((n, i) => [n, args[i] as tf.Tensor]));
            const c = Object.fromEntries(stateNames.map((n, i) => [n, args[names.length + 1 + i] as tf.Tensor2D]));
            const result = run(p, args[names.length] as tf.Tensor3D, c);
            const terms = [tf.sum(tf.mul(result.output, cotOut))];
            for (const n of stateNames) terms.push(tf.sum(tf.mul(result.state[n] as tf.Tensor, cotState[n] as tf.Tensor)));
            return tf.addN(terms) as tf.Scalar;
          };
        const fused = (p: Params, xx: tf.Tensor3D, c: CellState) => runSequence(cell, p, xx, { initialState: c, lengths, reverse });
        const looped = (p: Params, xx: tf.Tensor3D, c: CellState) => loopReference(cell, p, xx, c, lengths, reverse);
        const args = [...names.map((n) => params[n] as tf.Tensor), x, ...stateNames.map((n) => state[n] as tf.Tensor)];
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const a = fused(params, x, state);
          const b = looped(params, x, state);
          expectClose('output', a.output, b.output, FORWARD_TOLERANCE);
          for (const n of stateNames) expectClose(n, a.state[n] as tf.Tensor, b.state[n] as tf.Tensor, FORWARD_TOLERANCE);
          // Past each length the output is exactly zero.
          const out = a.output.arraySync();
          expect(out[3]?.[1]?.every((v) => v === 0)).toBe(true);
          expect(out[0]?.[3]?.every((v) => v === 0)).toBe(true);
          const ga = tf.grads(objective(fused))(args);
          const gb = tf.grads(objective(looped))(args);
          ga.forEach((g, i) => expectClose(`grad ${i}`, g, gb[i] as tf.Tensor, GRADIENT_TOLERANCE));
          // A sample of length 0 passes its state and the state's gradient straight through.
          const gradState = ga[names.length + 1] as tf.Tensor2D;
          const first = stateNames[0] as string;
          expectClose('length-0 state gradient', tf.slice(gradState, [3, 0], [1, -1]), tf.slice(cotState[first] as tf.Tensor, [3, 0], [1, -1]), GRADIENT_TOLERANCE);
        });
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([...Object.values(params), x, ...Object.values(state), cotOut, ...Object.values(cotState)]);
      });
    }
  }

  it('loops over cells without a fused operation with the same numbers', () => {
    const cell = lstmCell({ inputSize: 3, hiddenSize: 4 });
    const params = initParams(cell.paramSpec, seededRandom(1));
    const x = tf.randomNormal([5, 2, 3], 0, 1, 'float32', 2) as tf.Tensor3D;
    tf.tidy(() => {
      const a = runSequence(cell, params, x, { lengths: [5, 2] });
      const b = runSequence(unfused(cell), params, x, { lengths: [5, 2] });
      expectClose('output', a.output, b.output, FORWARD_TOLERANCE);
    });
    tf.dispose([...Object.values(params), x]);
  });
});
