// embedding and linear load PyTorch's nn.Embedding and nn.Linear state_dicts from the interop
// fixture's safetensors file and give its float64 PyTorch outputs (read here, where io is, so
// layers does not depend on io).
import * as path from 'node:path';
import { it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { embedding, linear } from '@rnnkit/layers';
import { FORWARD_TOLERANCE, compareValues, fixtureToTensor, loadFixture, referenceFixturesDir } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { readSafetensorsFile } from '../node.js';

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = FORWARD_TOLERANCE): void {
  const c = compareValues(actual, expected, tolerance);
  if (c.worstRatio > 1) throw new Error(`index ${c.worstIndex}: got ${c.actual}, expected ${c.expected}`);
}

describeWithBackends(['cpu', 'wasm'], 'embedding and linear from a PyTorch state_dict', () => {
  it('load the interop fixture\'s nn.Embedding and nn.Linear state_dicts and give its PyTorch logits', () => {
    const fixture = loadFixture(path.join(referenceFixturesDir(), 'interop', 'text_classifier_lstm.json'));
    const { tensors: weights } = readSafetensorsFile(path.join(path.dirname(fixture.file), 'text_classifier_lstm.safetensors'));
    const prefixed = (prefix: string) => Object.fromEntries(Object.entries(weights).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
    const embedWeights = prefixed('embed.');
    const headWeights = prefixed('head.');
    const [num = 0, dim = 0] = embedWeights['weight']?.shape ?? [];
    const [out = 0, features = 0] = headWeights['weight']?.shape ?? [];
    const embed = embedding({ numEmbeddings: num, embeddingDim: dim });
    const head = linear({ inFeatures: features, outFeatures: out });
    embed.loadStateDict(embedWeights);
    head.loadStateDict(headWeights);
    const tokens = fixture.tensors['input.tokens'];
    const lstmOutput = fixture.tensors['output.lstm_output'];
    const logits = fixture.tensors['output.logits'];
    if (tokens === undefined || lstmOutput === undefined || logits === undefined) throw new Error('fixture incomplete');
    const table = embedWeights['weight']?.arraySync() as number[][];
    expectClose(embed.forward(fixtureToTensor(tokens)).dataSync(), Array.from(tokens.data).flatMap((id) => table[id] ?? []));
    // PyTorch's head reads the last step of the LSTM output (batch-first): its logits, in float64.
    const [batch = 0, steps = 0, width = 0] = lstmOutput.shape;
    const last = tf.slice(fixtureToTensor(lstmOutput), [0, steps - 1, 0], [batch, 1, width]);
    expectClose(head.forward(tf.reshape(last, [batch, width])).dataSync(), logits.data);
    for (const m of [embed, head]) m.dispose();
    tf.dispose(Object.values(weights));
  });
});
