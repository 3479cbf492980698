// CharLanguageModel: PyTorch's names and shapes, logits from its parts, the loss as a plain
// log-softmax computes it, a state carried between calls, no leaks, bad input named.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { FORWARD_TOLERANCE, compareValues } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { CharLanguageModel } from './char_language_model.js';

describeWithBackends(['cpu', 'wasm'], 'CharLanguageModel', () => {
  it('names its parameters as PyTorch would and computes the mean cross-entropy of its logits', () => {
    const model = new CharLanguageModel({ vocabularySize: 7, cell: 'gru', embeddingSize: 4, hiddenSize: 5, seed: 3 });
    const shapes = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      'embed.weight': [7, 4],
      'rnn.weight_ih_l0': [15, 4], 'rnn.weight_hh_l0': [15, 5], 'rnn.bias_ih_l0': [15], 'rnn.bias_hh_l0': [15],
      'head.weight': [7, 5], 'head.bias': [7],
    });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const inputs = tf.tensor2d([[1, 2], [3, 0], [6, 6]], [3, 2], 'int32');
      const targets = tf.tensor2d([[2, 0], [4, 1], [5, 3]], [3, 2], 'int32');
      const { logits, state } = model.logits(inputs);
      expect(logits.shape).toEqual([6, 7]);
      expect(state['h']?.shape).toEqual([1, 2, 5]);
      // The loss from the logits by a plain log-softmax, averaged over the six positions.
      const rows = logits.arraySync();
      const wanted = targets.dataSync();
      const plain = rows.reduce((sum, row, k) => {
        const max = Math.max(...row);
        const logZ = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
        return sum + logZ - (row[wanted[k] ?? 0] ?? 0);
      }, 0) / rows.length;
      expect(compareValues([model.loss(inputs, targets).dataSync()[0] ?? NaN], [plain], FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
      // Carrying the state over equals one call over the joined sequence.
      const first = model.logits(tf.slice(inputs, [0, 0], [2, 2]));
      const second = model.logits(tf.slice(inputs, [2, 0], [1, 2]), first.state);
      expect(compareValues(second.logits.dataSync(), tf.slice(logits, [4, 0], [2, 7]).dataSync(), FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
    });
    expect(model.sample([1, 2], 5, 0.8)).toHaveLength(5);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describeWithBackends(['cpu'], 'CharLanguageModel bad input', () => {
  it('names the argument', () => {
    expect(() => new CharLanguageModel({ vocabularySize: 0 })).toThrow('CharLanguageModel: vocabularySize must be an integer >= 1, got 0');
    expect(() => new CharLanguageModel({ vocabularySize: 3, cell: 'rnn' as never })).toThrow('CharLanguageModel: cell must be one of "lstm", "gru", got "rnn"');
    expect(() => new CharLanguageModel({ vocabularySize: 3, hidden: 4 } as never)).toThrow('CharLanguageModel: unknown option "hidden" in options');
    const model = new CharLanguageModel({ vocabularySize: 3, hiddenSize: 4 });
    expect(() => model.sample([], 3, 1)).toThrow('charLanguageModel.sample: prompt must be a non-empty array of character ids');
    expect(() => model.sample([3], 3, 1)).toThrow(/prompt\[0\] must be an integer in \[0, 2\], got 3/);
    expect(() => model.sample([1], 3, 0)).toThrow('charLanguageModel.sample: temperature must be a finite number > 0, got 0');
    expect(() => model.logits(tf.zeros([2, 2]) as tf.Tensor2D)).toThrow('charLanguageModel.logits: ids must have dtype int32, got float32');
    model.dispose();
  });
});
