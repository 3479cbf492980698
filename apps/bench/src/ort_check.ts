// Checks that the ONNX graph the bench times computes the project's model: prints one JSON line
// per small case with the worst tolerance ratio between ONNX Runtime's output and ours.
import * as tf from '@tensorflow/tfjs-core';
import { gru, lstm } from '@rnnkit/layers';
import { setupNodeBackend } from '@rnnkit/backend-node';
import { FORWARD_TOLERANCE, compareValues } from '@rnnkit/testing';
import type { RecurrentCase } from './cases.js';
import { ortRunner } from './ort_runner.js';

const base = { kind: 'recurrent' as const, inputSize: 3, hiddenSize: 4, batch: 2, steps: 5 };
export const ORT_CHECK_CASES: readonly RecurrentCase[] = [
  { ...base, name: '2-layer bidirectional lstm', cell: 'lstm', numLayers: 2, bidirectional: true },
  { ...base, name: 'gru', cell: 'gru', numLayers: 1, bidirectional: false },
  { ...base, name: '2-layer gru', cell: 'gru', numLayers: 2, bidirectional: false },
];

async function main(): Promise<void> {
  await setupNodeBackend({ prefer: 'cpu' });
  for (const c of ORT_CHECK_CASES) {
    const make = c.cell === 'lstm' ? lstm : gru;
    const model = make({ inputSize: c.inputSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers, bidirectional: c.bidirectional, seed: 5 });
    const x = tf.randomNormal([c.steps, c.batch, c.inputSize], 0, 1, 'float32', 6) as tf.Tensor3D;
    const runner = await ortRunner(c, model.stateDict(), Float32Array.from(x.dataSync()));
    if (typeof runner === 'string') {
      console.log(JSON.stringify({ case: c.name, error: runner }));
      continue;
    }
    const expected = tf.tidy(() => model.forward(x).output.dataSync());
    const actual = await runner.forward();
    const { worstRatio } = compareValues(actual, expected, FORWARD_TOLERANCE);
    console.log(JSON.stringify({ case: c.name, size: actual.length, expected: expected.length, worst_ratio: worstRatio }));
    await runner.dispose();
    model.dispose();
    x.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
