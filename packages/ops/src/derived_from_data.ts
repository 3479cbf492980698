// Values derived from tensor data (a weight's transpose or doubled columns), made once per data
// and freed as soon as any data they came from is released.
import type { DataId, KernelBackend } from '@tensorflow/tfjs-core';
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
  const first = sources[0];
  if (first === undefined) throw new Error(`derivedFromData: ${kind} needs at least one source`);
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
