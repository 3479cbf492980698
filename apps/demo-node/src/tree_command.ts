// `pnpm demo tree`: a Child-Sum Tree-LSTM learns phrase-structured sentiment with negation scope
// on a generated treebank, where the label depends on which phrase a "not" attaches to.
import * as tf from '@tensorflow/tfjs-core';
import { childSumTreeLstmCell } from '@rnnkit/cells';
import type { RandomSource } from '@rnnkit/core';
import { seededRandom } from '@rnnkit/core';
import type { TreeNode } from '@rnnkit/layers';
import { ParameterModule, embedding, forestFromTrees, linear, runForest } from '@rnnkit/layers';
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
  const tree = new ParameterModule('tree', cell.paramSpec, seededRandom(options.seed + 11));
  const embed = embedding({ numEmbeddings: WORDS.length, embeddingDim: EMBEDDING, seed: options.seed + 12 });
  const head = linear({ inFeatures: hidden, outFeatures: 2, seed: options.seed + 13 });
  const model = new ParameterModule('treeClassifier', {}, seededRandom(options.seed), { embed, tree, head });
  const variables = model.parameters;
  const logitsOf = (examples: readonly Example[]): tf.Tensor2D => {
    const { x, forest } = forestFromTrees(examples.map((e) => e.tree));
    const inputs = embed.forward(tf.tensor1d(x, 'int32')) as tf.Tensor2D;
    const { h } = runForest(cell, tree.parameters, inputs, forest);
    // The roots' rows by a one-hot product rather than a gather: its gradient needs no scatter kernel on wasm.
    const roots = affine(tf.cast(tf.oneHot(tf.tensor1d(forest.roots, 'int32'), forest.size), 'float32') as tf.Tensor2D, h);
    return head.forward(roots) as tf.Tensor2D;
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
  model.dispose();
}
