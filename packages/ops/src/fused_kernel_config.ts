// A backend's tfjs kernel config for a fused operation, reading and writing by the operation's spec.
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { AttrSchema, AttrValues, FusedOpSpec, OpInputs, OpOutputs } from './fused_op_spec.js';
import { outputList } from './output_list.js';

/** A backend's body of a fused operation: typed inputs and attributes in, named outputs out. */
export type FusedKernelBody<In extends string, Out extends string, S extends AttrSchema> = (
  inputs: OpInputs<In, TensorInfo>,
  attrs: AttrValues<S>,
  backend: KernelBackend,
) => OpOutputs<Out, TensorInfo>;

function readInputs<In extends string>(kernelName: string, names: readonly In[], given: Readonly<Record<string, TensorInfo | undefined>>): OpInputs<In, TensorInfo> {
  const out: Partial<Record<In, TensorInfo>> = {};
  for (const name of names) {
    const t = given[name];
    if (t === undefined) throw new Error(`${kernelName}: missing input ${name}`);
    out[name] = t;
  }
  return out as OpInputs<In, TensorInfo>;
}

function readAttrs<S extends AttrSchema>(kernelName: string, schema: S, given: NamedAttrMap): AttrValues<S> {
  for (const [name, kind] of Object.entries(schema)) {
    const value = given[name];
    const ok = kind === 'boolean' || kind === 'number' ? typeof value === kind : typeof value === 'string' && kind.includes(value);
    if (!ok) {
      const expected = typeof kind === 'string' ? `a ${kind}` : `one of ${kind.map((k) => JSON.stringify(k)).join(', ')}`;
      throw new Error(`${kernelName}: attribute ${name} must be ${expected}, got ${JSON.stringify(value) ?? 'undefined'}`);
    }
  }
  return given as AttrValues<S>;
}

/**
 * The kernel config of `spec` on `backendName`: checks that every input is there and every
 * attribute has its type, runs `body`, and returns its named outputs and workspace in the order
 * the spec gives. Every backend package builds its kernels of the fused operations with this.
 */
export function fusedKernelConfig<In extends string, Out extends string, Ws extends string, S extends AttrSchema>(
  spec: FusedOpSpec<In, Out, Ws, S>,
  backendName: string,
  body: FusedKernelBody<In, Out | Ws, S>,
): KernelConfig {
  return {
    kernelName: spec.kernelName,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) =>
      outputList(spec, body(readInputs(spec.kernelName, spec.inputs, inputs), readAttrs(spec.kernelName, spec.attrs, attrs ?? {}), backend as KernelBackend)),
  };
}
