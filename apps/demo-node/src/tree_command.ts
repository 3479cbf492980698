// `pnpm demo tree`: a Child-Sum Tree-LSTM learns phrase-structured sentiment with negation scope
// on a generated treebank, where the label depends on which phrase a "not" attaches to.
import * as tf from '@tensorflow/tfjs-core';
import { childSumTreeLstmCell } from '@rnnkit/cells';
import type { RandomSource } from '@rnnkit/core';
import { initParams, seededRandom } from '@rnnkit/core';
import type { TreeNode } from '@rnnkit/layers';
import { forestFromTrees, runForest } from '@rnnkit/layers';
import { crossEntropy } from '@rnnkit/losses';
import { affine } from '@rnnkit/ops';
import { metricsTable } from './metrics_table.js';
import type { TaskOptions } from './options.js';
import { finalLoss, trainTask } from './train_task.js';

const POSITIVE = ['good', 'great', 'lovely', 'brilliant', 'charming'];
const NEGATIVE = ['bad', 'awful', 'dull', 'boring', 'clumsy'];
const NEUTRAL = ['the', 'film', 'plot', 'story', 'acting', 'music', 'ending', 'cast', 'script', 'pace'];
/** Inner nodes read the phrase marker; leaves read their word. */
const WORDS = [...POSITIVE, ...NEGATIVE, ...NEUTRAL, 'not', '<phrase>'];
const NOT = WORDS.indexOf('not');
const PHRASE = WORDS.indexOf('<phrase>');
const EMBEDDING = 16;
const BATCH = 50;

interface Example {
  tree: TreeNode<number>;
  /** 1 positive, 0 negative. */
  label: number;
  negations: number;
}

const leaf = (word: number): TreeNode<number> => ({ x: word });
const phrase = (...children: TreeNode<number>[]): TreeNode<number> => ({ x: PHRASE, children });
const pick = (random: RandomSource, n: number): number => Math.floor(random() * n);

function neutralPhrase(random: RandomSource): TreeNode<number> {
  const a = leaf(POSITIVE.length + NEGATIVE.length + pick(random, NEUTRAL.length));
  const b = leaf(POSITIVE.length + NEGATIVE.length + pick(random, NEUTRAL.length));
  return random() < 0.5 ? phrase(a, b) : phrase(a);
}

/**
 * Two phrases side by side, in random order: an opinion (a sentiment word with neutral words,
 * under 0-2 negations) and a neutral phrase that may carry its own "not". The label is the
 * sentiment after the negations over the opinion: counting "not"s is not enough.
 */
function example(random: RandomSource): Example {
  const positive = random() < 0.5;
  const word = positive ? pick(random, POSITIVE.length) : POSITIVE.length + pick(random, NEGATIVE.length);
  let opinion = random() < 0.5 ? phrase(neutralPhrase(random), leaf(word)) : phrase(leaf(word), neutralPhrase(random));
  const r = random();
  const negations = r < 0.4 ? 0 : r < 0.8 ? 1 : 2;
  for (let k = 0; k < negations; k++) opinion = phrase(leaf(NOT), opinion);
  const other = random() < 0.5 ? phrase(leaf(NOT), neutralPhrase(random)) : neutralPhrase(random);
  return { tree: random() < 0.5 ? phrase(opinion, other) : phrase(other, opinion), label: positive !== (negations % 2 === 1) ? 1 : 0, negations };
}

/** Bracketed text of a tree: (not (good (the film))). */
function show(tree: TreeNode<number>): string {
  return tree.children === undefined ? (WORDS[tree.x] ?? '?') : `(${tree.children.map(show).join(' ')})`;
}

export function runTree(options: TaskOptions): void {
  const hidden = options.hidden;
  console.log(`tree: Child-Sum Tree-LSTM (${hidden} units) on a generated sentiment treebank with negation scope; backend ${tf.getBackend()}`);
  const cell = childSumTreeLstmCell({ inputSize: EMBEDDING, hiddenSize: hidden });
  const init = initParams(
    {
      ...Object.fromEntries(Object.entries(cell.paramSpec).map(([k, v]) => [`tree.${k}`, v])),
      'embed.weight': { shape: [WORDS.length, EMBEDDING], bound: Math.sqrt(3) },
      'head.weight': { shape: [hidden, 2], bound: 1 / Math.sqrt(hidden) },
      'head.bias': { shape: [2], bound: 1 / Math.sqrt(hidden) },
    },
    seededRandom(options.seed + 11),
  );
  const variables = Object.fromEntries(Object.entries(init).map(([k, v]) => [k, tf.variable(v)]));
  tf.dispose(Object.values(init));
  const cellParams = Object.fromEntries(Object.keys(cell.paramSpec).map((k) => [k, variables[`tree.${k}`] as tf.Variable]));
  const logitsOf = (examples: readonly Example[]): tf.Tensor2D => {
    const { x, forest } = forestFromTrees(examples.map((e) => e.tree));
    // One-hot products rather than gathers: their gradients need no scatter kernel on wasm.
    const inputs = affine(tf.oneHot(tf.tensor1d(x, 'int32'), WORDS.length) as tf.Tensor2D, variables['embed.weight'] as tf.Tensor2D);
    const { h } = runForest(cell, cellParams, inputs, forest);
    const roots = affine(tf.oneHot(tf.tensor1d(forest.roots, 'int32'), forest.size) as tf.Tensor2D, h);
    return affine(roots, variables['head.weight'] as tf.Tensor2D, variables['head.bias'] as tf.Tensor1D);
  };
  const { trainer, result, loadedSteps } = trainTask(
    'tree',
    options,
    variables,
    (step) => {
      const random = seededRandom(options.seed * 1_000_003 + step + 41);
      const batch = Array.from({ length: BATCH }, () => example(random));
      return crossEntropy(logitsOf(batch), tf.tensor1d(batch.map((e) => e.label), 'int32')) as tf.Scalar;
    },
    BATCH,
    'trees',
  );
  const testRandom = seededRandom(options.seed + 777);
  const test = Array.from({ length: 600 }, () => example(testRandom));
  const predicted = tf.tidy(() => tf.argMax(logitsOf(test), 1)).dataSync();
  const right = test.map((e, n) => predicted[n] === e.label);
  const accuracy = (filter: (e: Example) => boolean): string => {
    const chosen = test.map((e, n) => [e, right[n]] as const).filter(([e]) => filter(e));
    return chosen.length === 0 ? '-' : `${((100 * chosen.filter(([, ok]) => ok).length) / chosen.length).toFixed(1)}% of ${chosen.length}`;
  };
  console.log('\nheld-out trees (prediction):');
  for (let n = 0; n < 5; n++) {
    const e = test[n] as Example;
    console.log(`  ${predicted[n] === 1 ? 'positive' : 'negative'} ${right[n] ? '(right)' : '(wrong)'}  ${show(e.tree)}`);
  }
  console.log(
    `\n${metricsTable('tree (600 held-out trees)', [
      ['steps', `${trainer.step}${loadedSteps > 0 ? ` (${loadedSteps} loaded)` : ''}`],
      ['training time', `${result.seconds.toFixed(1)} s`],
      ['cross-entropy (last 10% of steps)', Number.isNaN(finalLoss(result.losses)) ? '-' : finalLoss(result.losses).toFixed(4)],
      ['accuracy', accuracy(() => true)],
      ['accuracy, no negation', accuracy((e) => e.negations === 0)],
      ['accuracy, one negation', accuracy((e) => e.negations === 1)],
      ['accuracy, double negation', accuracy((e) => e.negations === 2)],
    ])}`,
  );
  trainer.optimizer.dispose();
  tf.dispose(Object.values(variables));
}
