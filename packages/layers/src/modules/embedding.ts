// A lookup table of token vectors with PyTorch's nn.Embedding names, shapes and initialisation.
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '@rnnkit/core';
import { InputError, checkInteger, checkKnownOptions, checkParamSpec, checkTensor, describeValue, seededRandom } from '@rnnkit/core';
import { ParameterModule } from './parameter_module.js';

/** Options of {@link embedding}: the table's size and its initial values. */
export interface EmbeddingOptions {
  /** Token ids are in [0, numEmbeddings). */
  numEmbeddings: number;
  /** Features of each vector. */
  embeddingDim: number;
  /** Seed of the initial table. @default a random seed */
  seed?: number;
}

/** An embedding table: `weight` (numEmbeddings, embeddingDim), drawn from N(0, 1) as in PyTorch. */
export interface Embedding extends ParameterModule {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** The vectors of int32 `ids` of any shape S: a float32 tensor of shape [...S, embeddingDim]. */
  forward(ids: tf.Tensor): tf.Tensor;
  /** The same with the given `{ weight }`, e.g. to take gradients. */
  apply(params: Params, ids: tf.Tensor): tf.Tensor;
}

/** Throws unless `ids` is an int32 tensor of ids in [0, count). */
function checkIds(fn: string, ids: unknown, count: number): tf.Tensor {
  const t = checkTensor(fn, 'ids', ids, { dtype: 'int32' });
  const values = t.dataSync();
  const bad = values.findIndex((v) => v < 0 || v >= count);
  if (bad !== -1) throw new InputError(fn, 'ids', `ids must be token ids in [0, ${count - 1}], got ${values[bad]} at flat index ${bad}`);
  return t;
}

class EmbeddingModule extends ParameterModule implements Embedding {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;

  constructor(numEmbeddings: number, embeddingDim: number, seed: number | undefined) {
    super('embedding', { weight: { shape: [numEmbeddings, embeddingDim], bound: 1, distribution: 'normal' } }, seededRandom(seed));
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
  }

  forward(ids: tf.Tensor): tf.Tensor {
    return this.lookup('embedding.forward', this.parameters, ids);
  }

  apply(params: Params, ids: tf.Tensor): tf.Tensor {
    return this.lookup('embedding.apply', this.checkGiven('apply', params), ids);
  }

  private lookup(fn: string, params: Params, ids: unknown): tf.Tensor {
    const checked = checkIds(fn, ids, this.numEmbeddings);
    const weight = params['weight'];
    if (weight === undefined) throw new Error('internal: embedding weight was not checked');
    return tf.tidy(() => {
      // Departs from PyTorch's gather on purpose: a one-hot product, whose gradient needs no
      // scatter kernel (the wasm backend has none). The values are the same rows.
      const rows = tf.matMul(tf.oneHot(tf.reshape(checked, [-1]) as tf.Tensor1D, this.numEmbeddings), weight as tf.Tensor2D);
      return tf.reshape(rows, [...checked.shape, this.embeddingDim]);
    });
  }
}

/**
 * PyTorch's `nn.Embedding`: a table `weight` (numEmbeddings, embeddingDim), initially N(0, 1),
 * whose `stateDict()` loads into `nn.Embedding` unchanged and back.
 *
 * - `numEmbeddings`: how many ids; `embeddingDim`: features per id.
 * - `seed`: the initial table.
 *
 * @example
 * const embed = embedding({ numEmbeddings: 100, embeddingDim: 16, seed: 0 });
 * const vectors = embed.forward(tf.tensor2d([[1, 5, 7]], [1, 3], 'int32')); // (1, 3, 16)
 */
export function embedding(options: EmbeddingOptions): Embedding {
  const fn = 'embedding';
  if (typeof options !== 'object' || options === null) {
    throw new InputError(fn, 'options', `options must be an object with numEmbeddings and embeddingDim, got ${describeValue(options)}`);
  }
  checkKnownOptions(fn, 'options', options, ['numEmbeddings', 'embeddingDim', 'seed']);
  const numEmbeddings = checkInteger(fn, 'numEmbeddings', options.numEmbeddings, 1);
  const embeddingDim = checkInteger(fn, 'embeddingDim', options.embeddingDim, 1);
  const seed = options.seed === undefined ? undefined : checkInteger(fn, 'seed', options.seed, 0, 2 ** 32 - 1);
  checkParamSpec(fn, numEmbeddings > embeddingDim ? 'numEmbeddings' : 'embeddingDim', { weight: { shape: [numEmbeddings, embeddingDim], bound: 1 } });
  return new EmbeddingModule(numEmbeddings, embeddingDim, seed);
}
