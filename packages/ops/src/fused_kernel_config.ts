// A backend's tfjs kernel config for a fused operation, reading and writing by the operation's spec.
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { AttrSchema, AttrValues, FusedOpSpec, OpInputs, OpOutputs } from './fused_op_spec.js';
import { attrProblem } from './attr_problem.js';
import { checkSpec } from './check_fused_call.js';
import { outputList } from './output_list.js';
import { InputError, describeValue } from '@rnnkit/core';

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
  const problem = attrProblem(schema, given);
  if (problem !== undefined) throw new Error(`${kernelName}: ${problem[1]}`);
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
  const FN = 'fusedKernelConfig';
  checkSpec(FN, 'spec', spec);
  if (typeof backendName !== 'string' || backendName === '') {
    throw new InputError(FN, 'backendName', `backendName must be a non-empty string (a tfjs backend's name), got ${describeValue(backendName)}`);
  }
  if (typeof body !== 'function') throw new InputError(FN, 'body', `body must be a function (inputs, attrs, backend) => outputs, got ${describeValue(body)}`);
  return {
    kernelName: spec.kernelName,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) =>
      outputList(spec, body(readInputs(spec.kernelName, spec.inputs, inputs), readAttrs(spec.kernelName, spec.attrs, attrs ?? {}), backend as KernelBackend)),
  };
}
