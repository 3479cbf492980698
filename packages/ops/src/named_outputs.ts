// A kernel's output list as named outputs and workspace, in the order its spec gives.
import type { AttrSchema, FusedOpSpec, OpOutputs } from './fused_op_spec.js';

/** The outputs of a kernel of `spec`, outputs then workspace, by name. */
export function namedOutputs<In extends string, Out extends string, Ws extends string, S extends AttrSchema, T>(
  spec: FusedOpSpec<In, Out, Ws, S>,
  list: readonly T[],
): OpOutputs<Out | Ws, T> {
  const names: ReadonlyArray<Out | Ws> = [...spec.outputs, ...spec.workspace];
  if (list.length !== names.length) {
    throw new Error(`${spec.kernelName}: a kernel returned ${list.length} outputs, the spec names ${names.length} (${names.join(', ')})`);
  }
  const out: Partial<Record<Out | Ws, T>> = {};
  names.forEach((name, k) => {
    out[name] = list[k];
  });
  return out as OpOutputs<Out | Ws, T>;
}
