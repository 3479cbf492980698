// Helpers shared by the cells: the checked Cell built from a prepared step, weight layout, blocks.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, CellState, ParamSpec, ParamSpecEntry, Params, PreparedStep } from '@rnnkit/core';
import { InputError, checkParams, checkTensor, describeValue, shape2 } from '@rnnkit/core';
import { affine, preparedTensor } from '@rnnkit/ops';

/**
 * A weight in the layout the step multiplies by: PyTorch's (out, in) transposed to (in, out)
 * once per prepared run, because matMul's transpose flags run far slower on the wasm backend.
 * Without a gradient tape (inference) the transpose is kept per weight data and reused across
 * calls; see `preparedTensor`.
 */
export function transposed(params: Params, name: string, rows?: { start: number; count: number }): tf.Tensor2D {
  const weight = read(params, name) as tf.Tensor2D;
  const kind = rows === undefined ? 'transpose' : `transpose of rows ${rows.start}+${rows.count}`;
  return preparedTensor([weight], kind, () => tf.transpose(rows === undefined ? weight : tf.slice(weight, [rows.start, 0], [rows.count, -1])));
}

/** `a + b` of two bias vectors, kept per data like {@link transposed}. */
export function biasSum(params: Params, a: string, b: string): tf.Tensor1D {
  const first = read(params, a);
  const second = read(params, b);
  return preparedTensor([first, second], 'sum', () => tf.add(first, second) as tf.Tensor1D);
}

/** A parameter that `checkParams` has already required. */
export function read(params: Params, name: string): tf.Tensor {
  const value = params[name];
  if (value === undefined) throw new Error(`internal: parameter ${name} was not checked`);
  return value;
}

/** `x @ wT (+ b)`: PyTorch's `F.linear` on a weight already laid out as (in, out); `x` is (N, in). */
export function linearT(x: tf.Tensor, wT: tf.Tensor2D, b?: tf.Tensor): tf.Tensor2D {
  return affine(x as tf.Tensor2D, wT, b as tf.Tensor1D | undefined);
}

/** Slices the k-th of `count` equal blocks along the last axis of a 2-D tensor. */
export function block(t: tf.Tensor2D, k: number, count: number): tf.Tensor2D {
  const [batch, width] = shape2(t);
  const size = width / count;
  return tf.slice(t, [0, k * size], [batch, size]);
}

/** A spec entry with PyTorch's default initialisation, uniform(-1/sqrt(H), 1/sqrt(H)). */
export function entry(shape: number[], hiddenSize: number): ParamSpecEntry {
  return { shape, bound: 1 / Math.sqrt(hiddenSize) };
}

/** What a cell defines; `defineCell` adds the checks of the public contract. */
export interface CellDefinition {
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly stateSizes: Readonly<Record<string, number>>;
  readonly paramSpec: ParamSpec;
  /** Lays out checked parameters once and returns the step over them. */
  readonly layout: (params: Params) => PreparedStep;
  readonly sequence?: Cell['sequence'];
}

/** Checks `x` (N, inputSize) and every state entry (N, size) of a step. */
function checkStepInputs(fn: string, definition: CellDefinition, x: unknown, state: unknown): [tf.Tensor2D, CellState] {
  const input = checkTensor(fn, 'x', x, { shape: [null, definition.inputSize], axes: '(N, inputSize)' }) as tf.Tensor2D;
  const [batch] = shape2(input);
  if (typeof state !== 'object' || state === null) {
    throw new InputError(fn, 'state', `state must be an object with ${Object.keys(definition.stateSizes).join(', ')}, got ${describeValue(state)}`);
  }
  const given = state as Record<string, unknown>;
  for (const [name, size] of Object.entries(definition.stateSizes)) {
    checkTensor(fn, `state.${name}`, given[name], { shape: [batch, size], axes: '(N, size)' });
  }
  return [input, given as CellState];
}

/**
 * A {@link Cell} from its definition: `prepare` checks the parameters and lays them out once;
 * `step` checks everything and runs one prepared step.
 */
export function defineCell(definition: CellDefinition): Cell {
  const { name, paramSpec, layout } = definition;
  const prepare = (params: Params): PreparedStep => layout(checkParams(`${name}.prepare`, paramSpec, params));
  return {
    name,
    inputSize: definition.inputSize,
    outputSize: definition.outputSize,
    stateSizes: definition.stateSizes,
    paramSpec,
    prepare,
    step(params, x, state) {
      const fn = `${name}.step`;
      const checked = checkParams(fn, paramSpec, params);
      const [input, given] = checkStepInputs(fn, definition, x, state);
      return tf.tidy(() => layout(checked)(input, given));
    },
    ...(definition.sequence === undefined ? {} : { sequence: definition.sequence }),
  };
}

/** A state entry the step's caller has checked. */
export function stateOf(state: CellState, name: string): tf.Tensor2D {
  const value = state[name];
  if (value === undefined) throw new Error(`internal: state entry ${name} was not checked`);
  return value;
}
