// model.save / tf.loadLayersModel round trips between this package's layers and tf.layers'.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { FORWARD_TOLERANCE, useBackend } from '@rnnkit/testing';
import { FastBidirectional, FastGRU, FastLSTM, FastSimpleRNN, bidirectional, gru, lstm, simpleRNN, useFastRecurrentLayers } from '@rnnkit/tfjs-layers';
import { expectClose } from './helpers.js';

const NAMES = ['LSTM', 'GRU', 'SimpleRNN', 'Bidirectional'];
const registry = tf.serialization.SerializationMap.getMap().classNameMap;
const tfLayersClasses = Object.fromEntries(NAMES.map((n) => [n, registry[n]]));

function restoreTfLayers(): void {
  for (const n of NAMES) {
    const entry = tfLayersClasses[n];
    if (entry !== undefined) registry[n] = entry;
  }
}

async function saveToMemory(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (saved === null) throw new Error('model.save gave no artifacts');
  return saved;
}

const load = (artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> => tf.loadLayersModel(tf.io.fromMemory(artifacts));

/** The recurrent layers of a model, wrapped ones included, by class. */
function recurrentClasses(model: tf.LayersModel): unknown[] {
  return model.layers.flatMap((l) => {
    const inner = l as unknown as { forwardLayer?: tf.layers.Layer; backwardLayer?: tf.layers.Layer };
    return inner.forwardLayer !== undefined && inner.backwardLayer !== undefined ? [l.constructor, inner.forwardLayer.constructor, inner.backwardLayer.constructor] : [l.constructor];
  }).filter((c) => c !== tf.layers.Layer && (c as { className?: string }).className !== 'Dense' && (c as { className?: string }).className !== 'Masking');
}

function model(f: { lstm: typeof lstm; gru: typeof gru; simpleRNN: typeof simpleRNN; bidirectional: typeof bidirectional }): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.masking({ maskValue: 0, inputShape: [6, 3] }),
      f.bidirectional({ layer: f.lstm({ units: 4, recurrentActivation: 'sigmoid', returnSequences: true }), mergeMode: 'sum' }),
      f.gru({ units: 4, returnSequences: true }),
      f.simpleRNN({ units: 3 }),
      tf.layers.dense({ units: 2 }),
    ],
  });
}
const TF_FACTORIES = { lstm: tf.layers.lstm, gru: tf.layers.gru, simpleRNN: tf.layers.simpleRNN, bidirectional: tf.layers.bidirectional } as unknown as Parameters<typeof model>[0];

describe('save and load', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(restoreTfLayers);

  const x = (): tf.Tensor => tf.mul(tf.randomNormal([2, 6, 3], 0, 1, 'float32', 1), tf.tensor3d([[[1], [1], [0], [1], [1], [1]], [[1], [1], [1], [1], [0], [0]]]));

  test('a model of the fast layers loads in plain tf.layers, and back into the fast layers', async () => {
    restoreTfLayers();
    const ours = model({ lstm, gru, simpleRNN, bidirectional });
    const expected = ours.predict(x()) as tf.Tensor;
    const artifacts = await saveToMemory(ours);
    const asTfLayers = await load(artifacts);
    expect(recurrentClasses(asTfLayers).some((c) => [FastLSTM, FastGRU, FastSimpleRNN, FastBidirectional].includes(c as typeof FastLSTM))).toBe(false);
    expectClose(asTfLayers.predict(x()) as tf.Tensor, expected, FORWARD_TOLERANCE, 'tf.layers after load');

    expect(useFastRecurrentLayers()).toEqual(NAMES);
    const asOurs = await load(artifacts);
    expect(recurrentClasses(asOurs)).toEqual([FastBidirectional, FastLSTM, FastLSTM, FastGRU, FastSimpleRNN]);
    expectClose(asOurs.predict(x()) as tf.Tensor, expected, FORWARD_TOLERANCE, 'fast layers after load');
    restoreTfLayers();
  });

  test('a model saved by tf.layers loads into the fast layers, and saves back for tf.layers', async () => {
    restoreTfLayers();
    const reference = model(TF_FACTORIES);
    const expected = reference.predict(x()) as tf.Tensor;
    useFastRecurrentLayers();
    const asOurs = await load(await saveToMemory(reference));
    expect(recurrentClasses(asOurs)).toEqual([FastBidirectional, FastLSTM, FastLSTM, FastGRU, FastSimpleRNN]);
    expectClose(asOurs.predict(x()) as tf.Tensor, expected, FORWARD_TOLERANCE, 'fast layers');
    expect(asOurs.getWeights().map((w) => w.shape)).toEqual(reference.getWeights().map((w) => w.shape));
    const resaved = await saveToMemory(asOurs);
    restoreTfLayers();
    const back = await load(resaved);
    expectClose(back.predict(x()) as tf.Tensor, expected, FORWARD_TOLERANCE, 'tf.layers again');
  });

  test('GRU resetAfter and a stateful LSTM round-trip through the fast layers', async () => {
    useFastRecurrentLayers();
    const ours = tf.sequential({ layers: [gru({ units: 4, resetAfter: true, returnSequences: true, inputShape: [6, 3] }), lstm({ units: 2 })] });
    const expected = ours.predict(x()) as tf.Tensor;
    const loaded = await load(await saveToMemory(ours));
    expect((loaded.layers[0] as FastGRU).resetAfter).toBe(true);
    expect(loaded.layers[0]?.getWeights()[2]?.shape).toEqual([2, 12]);
    expectClose(loaded.predict(x()) as tf.Tensor, expected, FORWARD_TOLERANCE, 'after load');
    restoreTfLayers();
  });
});
