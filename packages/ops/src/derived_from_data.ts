// Values derived from tensor data (a weight's transpose or doubled columns), made once per data
// and freed as soon as any data they came from is released.
import type { DataId } from '@tensorflow/tfjs-core';
import { KernelBackend } from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import { whenReleased } from './when_released.js';

/** Per backend, per data of the first source: the derived values by key. */
const derivedOn = new WeakMap<KernelBackend, WeakMap<DataId, Map<string, unknown>>>();

/** Small numbers naming data objects, so a key can name a value's other sources. */
const dataNumbers = new WeakMap<DataId, number>();
let nextDataNumber = 0;

function numberOf(dataId: DataId): number {
  let n = dataNumbers.get(dataId);
  if (n === undefined) {
    n = nextDataNumber++;
    dataNumbers.set(dataId, n);
  }
  return n;
}

/**
 * The value `make()` computes from the data of `sources` (on `backend`) alone: made on the first
 * call for that data, returned as is by later ones, and handed to `free` as soon as any source's
 * data is released. tfjs never changes data in place (an updated variable gets new data), so the
 * value is never stale. `kind` names the computation; different computations on the same sources
 * need different kinds.
 */
export function derivedFromData<V>(
  backend: KernelBackend,
  sources: ReadonlyArray<{ readonly dataId: DataId }>,
  kind: string,
  make: () => V,
  free: (value: V) => void,
): V {
  const FN = 'derivedFromData';
  if (!(backend instanceof KernelBackend)) throw new InputError(FN, 'backend', `backend must be a tfjs KernelBackend, got ${describeValue(backend)}`);
  if (!Array.isArray(sources) || sources.length === 0) throw new InputError(FN, 'sources', `sources must be a non-empty array of tensors (or tensor infos), got ${describeValue(sources)}`);
  sources.forEach((s: unknown, k) => {
    const dataId = typeof s === 'object' && s !== null ? (s as { dataId?: unknown }).dataId : undefined;
    if (typeof dataId !== 'object' || dataId === null) throw new InputError(FN, `sources[${k}]`, `sources[${k}] must be a tensor or tensor info with a dataId, got ${describeValue(s)}`);
  });
  if (typeof kind !== 'string' || kind === '') throw new InputError(FN, 'kind', `kind must be a non-empty string naming the computation, got ${describeValue(kind)}`);
  if (typeof make !== 'function') throw new InputError(FN, 'make', `make must be a function, got ${describeValue(make)}`);
  if (typeof free !== 'function') throw new InputError(FN, 'free', `free must be a function, got ${describeValue(free)}`);
  const first = sources[0] as { readonly dataId: DataId };
  let byData = derivedOn.get(backend);
  if (byData === undefined) {
    byData = new WeakMap();
    derivedOn.set(backend, byData);
  }
  const key = `${kind}|${sources.slice(1).map((s) => numberOf(s.dataId)).join(',')}`;
  let values = byData.get(first.dataId);
  if (values?.has(key) === true) return values.get(key) as V;
  const made = make();
  if (values === undefined) {
    values = new Map();
    byData.set(first.dataId, values);
  }
  values.set(key, made);
  const entries = values;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    entries.delete(key);
    free(made);
  };
  for (const source of sources) whenReleased(backend, source.dataId, release);
  return made;
}
