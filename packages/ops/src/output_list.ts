// Named outputs and workspace as the list a tfjs kernel returns, in the order its spec gives.
import type { AttrSchema, FusedOpSpec, OpOutputs } from './fused_op_spec.js';

/** `outputs` as a kernel returns them: the spec's outputs, then its workspace. */
export function outputList<In extends string, Out extends string, Ws extends string, S extends AttrSchema, T>(
  spec: FusedOpSpec<In, Out, Ws, S>,
  outputs: OpOutputs<Out | Ws, T>,
): T[] {
  return [...spec.outputs, ...spec.workspace].map((name) => {
    const t = (outputs as Partial<Record<Out | Ws, T>>)[name];
    if (t === undefined) throw new Error(`${spec.kernelName}: the kernel gave no output ${name}`);
    return t;
  });
}
