// Learning test: a Child-Sum Tree-LSTM learns sentiment with negation scope, which a bag of words cannot.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { childSumTreeLstmCell } from '@rnnkit/cells';
import type { RandomSource } from '@rnnkit/core';
import { initParams, seededRandom } from '@rnnkit/core';
import { useBackend } from '@rnnkit/testing';
import { forestFromTrees } from './forest_from_trees.js';
import type { TreeNode } from './forest_from_trees.js';
import { runForest } from './run_forest.js';

// Words: 0-4 positive, 5-9 negative, 10-19 neutral, 20 "not"; 21 marks an inner node.
const NOT = 20;
const INNER = 21;
const VOCAB = 22;

interface Sentence {
  tree: TreeNode<number>;
  label: number;
}

const leaf = (word: number): TreeNode<number> => ({ x: word });
const inner = (children: TreeNode<number>[]): TreeNode<number> => ({ x: INNER, children });

function shuffled<T>(random: RandomSource, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const neutral = (random: RandomSource): TreeNode<number> => leaf(10 + Math.floor(random() * 10));

/**
 * A sentence of two phrases: one holds a sentiment word under 0, 1 or 2 negations, the other is
 * neutral under 0 or 1 negation. The label is the polarity after the negations that scope over
 * the sentiment word. A bag of words sees how many "not"s there are but not where they attach.
 */
function sentence(random: RandomSource): Sentence {
  const positive = random() < 0.5;
  const word = (positive ? 0 : 5) + Math.floor(random() * 5);
  let opinion = inner(shuffled(random, [neutral(random), leaf(word)]));
  if (random() < 0.5) opinion = inner(shuffled(random, [neutral(random), opinion]));
  const r = random();
  const negations = r < 0.4 ? 0 : r < 0.8 ? 1 : 2;
  for (let k = 0; k < negations; k++) opinion = inner([leaf(NOT), opinion]);
  let other = inner([neutral(random), neutral(random)]);
  if (random() < 0.5) other = inner([leaf(NOT), other]);
  return { tree: inner(shuffled(random, [opinion, other])), label: positive !== (negations % 2 === 1) ? 1 : 0 };
}

/** Each word's count in each tree: the bag-of-words features (N, VOCAB). */
function bagOfWords(sentences: Sentence[]): tf.Tensor2D {
  const counts = new Float32Array(sentences.length * VOCAB);
  sentences.forEach((s, n) => {
    const { x } = forestFromTrees([s.tree]);
    for (const w of x) if (w !== INNER) counts[n * VOCAB + w] = (counts[n * VOCAB + w] ?? 0) + 1;
  });
  return tf.tensor2d(counts, [sentences.length, VOCAB]);
}

function accuracy(logits: tf.Tensor2D, labels: number[]): number {
  const predicted = tf.tidy(() => tf.argMax(logits, 1).dataSync());
  return labels.filter((label, n) => predicted[n] === label).length / labels.length;
}

function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), labels), 1)));
}

describe('Child-Sum Tree-LSTM learning [wasm]', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('classifies negated sentiment on held-out trees (>= 95%) where a bag of words cannot', () => {
    const random = seededRandom(3);
    const train = Array.from({ length: 2000 }, () => sentence(random));
    const testRandom = seededRandom(4);
    const test = Array.from({ length: 500 }, () => sentence(testRandom));
    const testLabels = test.map((s) => s.label);
    const started = Date.now();

    // Baseline: an MLP on word counts, trained as long as it keeps improving.
    const bowParams = Object.fromEntries(
      Object.entries(initParams({ w1: { shape: [VOCAB, 32], bound: 0.3 }, b1: { shape: [32], bound: 0 }, w2: { shape: [32, 2], bound: 0.3 }, b2: { shape: [2], bound: 0 } }, seededRandom(5))).map(
        ([k, v]) => [k, tf.variable(v)],
      ),
    );
    const bow = (x: tf.Tensor2D): tf.Tensor2D =>
      tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, bowParams['w1'] as tf.Variable), bowParams['b1'] as tf.Variable)), bowParams['w2'] as tf.Variable), bowParams['b2'] as tf.Variable);
    const bowTrain = bagOfWords(train);
    const bowTest = bagOfWords(test);
    const trainOneHot = tf.oneHot(train.map((s) => s.label), 2) as tf.Tensor2D;
    const bowOptimizer = tf.train.adam(0.02);
    for (let step = 0; step < 300; step++) {
      bowOptimizer.minimize(() => crossEntropy(bow(bowTrain), tf.cast(trainOneHot, 'float32') as tf.Tensor2D), false, Object.values(bowParams));
    }
    const bowAccuracy = tf.tidy(() => accuracy(bow(bowTest), testLabels));

    // Tree-LSTM: word embeddings as node inputs, a linear classifier on the root's h.
    const E = 16;
    const H = 32;
    const cell = childSumTreeLstmCell({ inputSize: E, hiddenSize: H });
    const init = initParams(
      { ...cell.paramSpec, embedding: { shape: [VOCAB, E], bound: Math.sqrt(3) }, 'out.weight': { shape: [H, 2], bound: 1 / Math.sqrt(H) }, 'out.bias': { shape: [2], bound: 0 } },
      seededRandom(11),
    );
    const params = Object.fromEntries(Object.entries(init).map(([k, v]) => [k, tf.variable(v)]));
    const classify = (sentences: Sentence[]): tf.Tensor2D => {
      const { x, forest } = forestFromTrees(sentences.map((s) => s.tree));
      // One-hot products instead of gathers: their gradients need no scatter kernel on wasm.
      const inputs = tf.matMul(tf.oneHot(tf.tensor1d(x, 'int32'), VOCAB), params['embedding'] as tf.Variable) as tf.Tensor2D;
      const cellParams = Object.fromEntries(Object.keys(cell.paramSpec).map((k) => [k, params[k] as tf.Variable]));
      const { h } = runForest(cell, cellParams, inputs, forest);
      const roots = tf.matMul(tf.oneHot(tf.tensor1d(forest.roots, 'int32'), forest.size), h);
      return tf.add(tf.matMul(roots, params['out.weight'] as tf.Variable), params['out.bias'] as tf.Variable);
    };
    const optimizer = tf.train.adam(0.02);
    const batch = 50;
    let treeAccuracy = 0;
    for (let epoch = 0; epoch < 6 && treeAccuracy < 0.99; epoch++) {
      for (let start = 0; start < train.length; start += batch) {
        const part = train.slice(start, start + batch);
        const labels = tf.oneHot(part.map((s) => s.label), 2);
        const loss = optimizer.minimize(() => crossEntropy(classify(part), tf.cast(labels, 'float32') as tf.Tensor2D), true, Object.values(params));
        labels.dispose();
        loss?.dispose();
      }
      treeAccuracy = tf.tidy(() => accuracy(classify(test), testLabels));
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`tree-lstm held-out accuracy ${treeAccuracy.toFixed(3)}, bag-of-words ${bowAccuracy.toFixed(3)}, ${seconds.toFixed(1)} s`);
    tf.dispose([bowTrain, bowTest, trainOneHot, ...Object.values(bowParams), ...Object.values(params)]);
    expect(treeAccuracy).toBeGreaterThanOrEqual(0.95);
    // The information a bag of words has caps it near 75% (it cannot tell which phrase is negated).
    expect(bowAccuracy).toBeLessThan(0.85);
  }, 180_000);
});
