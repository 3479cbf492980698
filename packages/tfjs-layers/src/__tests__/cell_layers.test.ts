// Layers for cells tf.layers lacks: each equals its @rnnkit/cells cell stepped by hand, masks
// follow Keras (checked by running each sample over its unmasked steps only), and they save/load.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { jordanCell, lstmCell, mguCell, sruCell } from '@rnnkit/cells';
import type { Cell, CellState, Params } from '@rnnkit/core';
import { FORWARD_TOLERANCE, useBackend } from '@rnnkit/testing';
import { CoupledLSTM, Jordan, MGU, PeepholeLSTM, ProjectedLSTM, SRU, useFastRecurrentLayers } from '@rnnkit/tfjs-layers';
import type { CellSequenceLayer } from '@rnnkit/tfjs-layers';
import { expectClose } from './helpers.js';

const N = 3;
const T = 5;
const I = 4;
const H = 4;
const base = { units: H, returnSequences: true, returnState: true };

const CASES: Array<[string, () => CellSequenceLayer, () => Cell]> = [
  ['PeepholeLSTM', () => new PeepholeLSTM(base), () => lstmCell({ inputSize: I, hiddenSize: H, peephole: true })],
  ['CoupledLSTM', () => new CoupledLSTM(base), () => lstmCell({ inputSize: I, hiddenSize: H, coupled: true })],
  ['ProjectedLSTM', () => new ProjectedLSTM({ ...base, projSize: 2 }), () => lstmCell({ inputSize: I, hiddenSize: H, projSize: 2 })],
  ['MGU', () => new MGU(base), () => mguCell({ inputSize: I, hiddenSize: H })],
  ['SRU', () => new SRU(base), () => sruCell({ inputSize: I, hiddenSize: H })],
  ['Jordan', () => new Jordan({ ...base, outputSize: 2 }), () => jordanCell({ inputSize: I, hiddenSize: H, outputSize: 2 })],
];

function paramsOf(layer: CellSequenceLayer): Params {
  return Object.fromEntries(layer.weights.map((w) => [w.originalName.split('/').pop() ?? '', w.read()]));
}

/** Steps `cell` over sample n's steps listed in `steps`, from zero state; outputs and final carry. */
function stepByHand(cell: Cell, params: Params, x: tf.Tensor3D, n: number, steps: number[]): { ys: tf.Tensor[]; carry: CellState } {
  let carry: CellState = Object.fromEntries(Object.entries(cell.stateSizes).map(([k, size]) => [k, tf.zeros([1, size]) as tf.Tensor2D]));
  const ys: tf.Tensor[] = [];
  for (const t of steps) {
    const { state: next, output: y } = cell.step(params, tf.slice(x, [n, t, 0], [1, 1, I]).reshape([1, I]) as tf.Tensor2D, carry);
    carry = next;
    ys.push(y);
  }
  return { ys, carry };
}

describe('layers for cells tf.layers lacks', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  test.each(CASES)('%s equals its cell stepped by hand, with and without a mask', (_name, makeLayer, makeCell) => {
    const layer = makeLayer();
    const x = tf.randomNormal([N, T, I], 0, 1, 'float32', 3) as tf.Tensor3D;
    layer.apply(x);
    const params = paramsOf(layer);
    const cell = makeCell();
    expect(Object.keys(params).sort()).toEqual(Object.keys(cell.paramSpec).sort());
    const names = Object.keys(cell.stateSizes);

    const [out, ...states] = layer.apply(x) as tf.Tensor[];
    for (let n = 0; n < N; n++) {
      const ref = stepByHand(cell, params, x, n, [0, 1, 2, 3, 4]);
      expectClose(tf.slice(out as tf.Tensor, [n, 0, 0], [1, T, -1]).reshape([T, -1]), tf.concat(ref.ys, 0), FORWARD_TOLERANCE, `sample ${n} outputs`);
      names.forEach((k, j) => expectClose(tf.slice(states[j] as tf.Tensor, [n, 0], [1, -1]), ref.carry[k] as tf.Tensor, FORWARD_TOLERANCE, `sample ${n} state ${k}`));
    }

    // Keras' masking: a masked step keeps the state and repeats the previous output.
    const keep = [[1, 0, 1, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 1]];
    const [maskedOut, ...maskedStates] = layer.apply(x, { mask: tf.tensor2d(keep) }) as tf.Tensor[];
    for (let n = 0; n < N; n++) {
      const row = keep[n] ?? [];
      const valid = row.flatMap((k, t) => (k === 1 ? [t] : []));
      const ref = stepByHand(cell, params, x, n, valid);
      let last: tf.Tensor = tf.zeros([1, cell.outputSize]);
      const expected = row.map((k, t) => {
        if (k === 1) last = ref.ys[valid.indexOf(t)] as tf.Tensor;
        return last;
      });
      expectClose(tf.slice(maskedOut as tf.Tensor, [n, 0, 0], [1, T, -1]).reshape([T, -1]), tf.concat(expected, 0), FORWARD_TOLERANCE, `masked sample ${n} outputs`);
      names.forEach((k, j) => expectClose(tf.slice(maskedStates[j] as tf.Tensor, [n, 0], [1, -1]), ref.carry[k] as tf.Tensor, FORWARD_TOLERANCE, `masked sample ${n} state ${k}`));
    }
  });

  test('they train in tf.sequential with model.fit and round-trip through save and load', async () => {
    const model = tf.sequential({
      layers: [
        new PeepholeLSTM({ units: H, returnSequences: true, inputShape: [T, I] }),
        new SRU({ units: H, returnSequences: true }),
        new Jordan({ units: 3, outputSize: 2, goBackwards: true }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const x = tf.randomNormal([8, T, I], 0, 1, 'float32', 1);
    const y = tf.randomNormal([8, 1], 0, 1, 'float32', 2);
    const history = await model.fit(x, y, { epochs: 5, verbose: 0 });
    const losses = history.history['loss'] as number[];
    expect(losses[4]).toBeLessThan(losses[0] as number);

    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    useFastRecurrentLayers();
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as unknown as tf.io.ModelArtifacts));
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['RnnkitPeepholeLSTM', 'RnnkitSRU', 'RnnkitJordan', 'Dense']);
    expectClose(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor, FORWARD_TOLERANCE, 'predict after load');
  });
});
