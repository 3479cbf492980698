// The matmul floor: the matrix products a forward pass or a training step of the case needs,
// timed alone with tf.matMul on pre-transposed operands.
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentCase } from './cases.js';
import { gateCount, layerInputSize } from './cases.js';
import type { Runner } from './ours.js';

interface Product {
  readonly a: tf.Tensor2D;
  readonly b: tf.Tensor2D;
  /** How many times one pass performs it. */
  readonly times: number;
}

function product(m: number, k: number, n: number, times: number): Product {
  return { a: tf.randomNormal([m, k]), b: tf.randomNormal([k, n]), times };
}

/**
 * Per layer and direction, forward: the input projection of all steps, then one recurrent
 * product per step. Backward adds the input gradient, the two weight gradients over all steps,
 * and one recurrent product per step for the state gradient.
 */
export function floorRunner(c: RecurrentCase): Runner {
  const G = gateCount(c) * c.hiddenSize;
  const H = c.hiddenSize;
  const rows = c.steps * c.batch;
  const directions = c.bidirectional ? 2 : 1;
  const forwardProducts: Product[] = [];
  const backwardProducts: Product[] = [];
  for (let l = 0; l < c.numLayers; l++) {
    const I = layerInputSize(c, l);
    forwardProducts.push(product(rows, I, G, directions), product(c.batch, H, G, directions * c.steps));
    backwardProducts.push(
      product(rows, G, I, directions),
      product(I, rows, G, directions),
      product(H, rows, G, directions),
      product(c.batch, G, H, directions * c.steps),
    );
  }
  const run = (products: readonly Product[]): void => {
    for (const { a, b, times } of products) {
      for (let k = 0; k < times; k++) {
        // cpu and wasm run kernels synchronously: the product is done when matMul returns.
        tf.matMul(a, b).dispose();
      }
    }
  };
  return {
    forward: () => run(forwardProducts),
    trainStep: () => run([...forwardProducts, ...backwardProducts]),
    dispose: () => tf.dispose([...forwardProducts, ...backwardProducts].flatMap((p) => [p.a, p.b])),
  };
}
