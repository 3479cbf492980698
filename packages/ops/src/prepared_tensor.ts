// Weight layouts (a transpose, a sum of biases) computed once per parameter data instead of
// once per call, while no gradient is being recorded.
import * as tf from '@tensorflow/tfjs-core';
import type { DataId } from '@tensorflow/tfjs-core';
import { InputError, checkTensor, describeValue } from '@rnnkit/core';
import { derivedFromData } from './derived_from_data.js';

interface Prepared {
  readonly dataId: DataId;
  readonly shape: number[];
  readonly dtype: tf.DataType;
}

/**
 * `make()`, a tensor computed from `sources` only (e.g. a parameter's transpose), reused for as
 * long as every source's data lives. While a gradient tape records, `make()` runs every time:
 * gradients must flow through it to the parameters. Otherwise the first call keeps a reference
 * to the result's data, later calls get a new tensor over that same data (dispose it as any
 * other), and the data is freed as soon as any source's data is. `kind` names what `make`
 * computes from the sources; it must differ between different computations on the same sources.
 */
export function preparedTensor<T extends tf.Tensor>(sources: readonly tf.Tensor[], kind: string, make: () => T): T {
  const FN = 'preparedTensor';
  if (!Array.isArray(sources)) throw new InputError(FN, 'sources', `sources must be an array of tensors, got ${describeValue(sources)}`);
  // Any dtype: a prepared layout may be made from int32 indices as well as float32 weights.
  sources.forEach((s, k) => checkTensor(FN, `sources[${k}]`, s, { dtype: (s as { dtype?: tf.DataType } | undefined)?.dtype ?? 'float32' }));
  if (typeof kind !== 'string' || kind === '') throw new InputError(FN, 'kind', `kind must be a non-empty string naming the computation, got ${describeValue(kind)}`);
  if (typeof make !== 'function') throw new InputError(FN, 'make', `make must be a function returning a tensor, got ${describeValue(make)}`);
  const engine = tf.engine();
  if (engine.isTapeOn() || sources.length === 0) return make();
  const backend = engine.backend;
  let made: T | undefined;
  const prepared = derivedFromData<Prepared>(
    backend,
    sources,
    kind,
    () => {
      made = make();
      // Our own reference: the data outlives the tensors handed out until a source is released.
      backend.incRef(made.dataId);
      return { dataId: made.dataId, shape: [...made.shape], dtype: made.dtype };
    },
    (p) => {
      if (backend.disposeData(p.dataId)) engine.removeDataId(p.dataId, backend);
    },
  );
  if (made !== undefined) return made;
  backend.incRef(prepared.dataId);
  return engine.makeTensorFromTensorInfo({ dataId: prepared.dataId, shape: prepared.shape, dtype: prepared.dtype }, backend) as T;
}
