// Validation at the public entries of the fused operations: the operation, its inputs and attributes.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import { attrProblem } from './attr_problem.js';
import type { AttrSchema } from './fused_op_spec.js';

/** The spec fields every check reads. */
interface SpecLike {
  readonly kernelName: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly workspace: readonly string[];
  readonly attrs: AttrSchema;
}

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNameList = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string' && s !== '');

/** Checks that `spec` is a fused operation's spec: a kernel name, name lists, an attribute schema. */
export function checkSpec(fn: string, argument: string, spec: unknown): asserts spec is SpecLike {
  const ok =
    isObject(spec) &&
    typeof spec['kernelName'] === 'string' &&
    spec['kernelName'] !== '' &&
    isNameList(spec['inputs']) &&
    isNameList(spec['outputs']) &&
    isNameList(spec['workspace']) &&
    isObject(spec['attrs']);
  if (!ok) {
    throw new InputError(fn, argument, `${argument} must be a fused operation spec {kernelName, inputs, outputs, workspace, attrs}, got ${describeValue(spec)}`);
  }
}

/** Checks that `op` is a fused operation: a spec and a portable body. */
export function checkOp(fn: string, argument: string, op: unknown): asserts op is { readonly spec: SpecLike; readonly portable: unknown } {
  if (!isObject(op) || typeof op['portable'] !== 'function') {
    throw new InputError(fn, argument, `${argument} must be a fused operation {spec, portable}, got ${describeValue(op)}`);
  }
  checkSpec(fn, `${argument}.spec`, op['spec']);
}

/** Checks that `inputs` holds a live tensor for every input of `spec`, and nothing else. */
export function checkInputs(fn: string, spec: SpecLike, inputs: unknown): void {
  if (!isObject(inputs)) throw new InputError(fn, 'inputs', `inputs must be an object of tensors named ${spec.inputs.join(', ')}, got ${describeValue(inputs)}`);
  for (const name of spec.inputs) {
    const t = inputs[name];
    if (!(t instanceof tf.Tensor) || t.isDisposed) {
      throw new InputError(fn, `inputs.${name}`, `inputs.${name} must be a tensor (input of ${spec.kernelName}), got ${describeValue(t)}`);
    }
  }
  const extra = Object.keys(inputs).find((name) => !spec.inputs.includes(name));
  if (extra !== undefined) throw new InputError(fn, `inputs.${extra}`, `unknown input ${extra}; ${spec.kernelName} takes ${spec.inputs.join(', ')}`);
}

/** Checks that `attrs` gives every attribute of `schema` with its type, and nothing else. */
export function checkAttrs(fn: string, kernelName: string, schema: AttrSchema, attrs: unknown): void {
  if (!isObject(attrs)) throw new InputError(fn, 'attrs', `attrs must be an object, got ${describeValue(attrs)}`);
  const problem = attrProblem(schema, attrs);
  if (problem !== undefined) throw new InputError(fn, `attrs.${problem[0]}`, `${kernelName}: ${problem[1]}`);
}
