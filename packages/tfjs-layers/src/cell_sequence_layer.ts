// The base of this package's layers for cells tf.layers lacks: one @rnnkit/cells cell stepped
// over the sequence, as a TensorFlow.js layer with Keras' options and masking.
import * as tf from '@tensorflow/tfjs-core';
import { initializers, layers } from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import type { Cell, CellState, Params } from '@rnnkit/core';
import { InputError } from '@rnnkit/core';
import { splitCall } from './keras_sequence.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

/** Options every cell layer takes, besides tf.layers' layer options (inputShape, name, ...). */
export interface CellSequenceLayerArgs extends LayerArgs {
  /** Hidden features. */
  units: number;
  /** Return the output of every step, (N, T, F), instead of the last, (N, F). @default false */
  returnSequences?: boolean;
  /** Also return the final state tensors, in the cell's order (`h` then `c`). @default false */
  returnState?: boolean;
  /** Visit the steps from last to first; the output sequence stays in that order, as in Keras. @default false */
  goBackwards?: boolean;
}

/**
 * Runs a cell of `@rnnkit/cells` over (N, T, F) inputs. Weights keep the cell's PyTorch names and
 * layout and PyTorch's initialisation (uniform(-1/sqrt(H), 1/sqrt(H))), since these cells have no
 * Keras counterpart. Masks follow Keras: a masked step keeps the state and repeats the previous
 * step's output (zeros before the first).
 */
export abstract class CellSequenceLayer extends layers.Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  private cell: Cell | null = null;
  private readonly params: Record<string, LayerVariable> = {};

  constructor(args: CellSequenceLayerArgs) {
    super(args);
    const fn = (this.constructor as unknown as { className: string }).className;
    if (typeof args.units !== 'number' || !Number.isInteger(args.units) || args.units < 1) {
      throw new InputError(fn, 'units', `units must be a positive integer, got ${JSON.stringify(args.units)}`);
    }
    for (const field of ['returnSequences', 'returnState', 'goBackwards'] as const) {
      const value = args[field];
      if (value !== undefined && typeof value !== 'boolean') throw new InputError(fn, field, `${field} must be a boolean, got ${JSON.stringify(value)}`);
    }
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.supportsMasking = true;
  }

  /** The cell for inputs of `inputSize` features. */
  protected abstract makeCell(inputSize: number): Cell;

  /** This layer's own config fields beyond the shared ones. */
  protected extraConfig(): tf.serialization.ConfigDict {
    return {};
  }

  private cellFor(inputShape: Shape | Shape[]): Cell {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const features = shape[shape.length - 1];
    if (typeof features !== 'number') throw new InputError(this.name, 'inputShape', `the last axis (features) must be known, got [${shape.map(String).join(', ')}]`);
    return this.cell ?? this.makeCell(features);
  }

  override build(inputShape: Shape | Shape[]): void {
    const cell = this.cellFor(inputShape);
    for (const [name, spec] of Object.entries(cell.paramSpec)) {
      // PyTorch's initialisation, as the cells' own parameter spec gives it.
      this.params[name] = this.addWeight(name, [...spec.shape], 'float32', initializers.randomUniform({ minval: -spec.bound, maxval: spec.bound }));
    }
    this.cell = cell;
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const cell = this.cellFor(inputShape);
    const [batch = null, steps = null] = shape;
    const output: Shape = this.returnSequences ? [batch, steps, cell.outputSize] : [batch, cell.outputSize];
    if (!this.returnState) return output;
    return [output, ...Object.values(cell.stateSizes).map((size): Shape => [batch, size])];
  }

  // tf.layers' own layers return null for "no mask" although Layer's typing says Tensor.
  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    const outputMask = this.returnSequences ? m : null;
    if (!this.returnState) return outputMask as tf.Tensor;
    const states = Object.keys(this.cell?.stateSizes ?? {}).map(() => null);
    return [outputMask, ...states] as tf.Tensor[];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const cell = this.cell;
      if (cell === null) throw new InputError(this.name, 'inputs', 'the layer is not built');
      const { x, states, mask } = splitCall(this.name, inputs, kwargs ?? {});
      const [batch = 0, steps = 0] = x.shape;
      const names = Object.keys(cell.stateSizes);
      if (states !== null && states.length !== names.length) {
        throw new InputError(this.name, 'initialState', `initialState must hold ${names.length} state(s) (${names.join(', ')}), got ${states.length}`);
      }
      let carry: CellState = Object.fromEntries(names.map((n, k) => [n, (states?.[k] ?? tf.zeros([batch, cell.stateSizes[n] ?? 0])) as tf.Tensor2D]));
      const params: Params = Object.fromEntries(Object.entries(this.params).map(([n, v]) => [n, v.read()]));
      let m: tf.Tensor | null = null;
      if (mask !== null) {
        if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== steps) {
          throw new InputError(this.name, 'mask', `mask must have shape [${batch}, ${steps}] (batch, time), got [${mask.shape.join(', ')}]`);
        }
        m = tf.cast(tf.cast(mask, 'bool'), 'float32');
      }
      const order = Array.from({ length: steps }, (_, t) => (this.goBackwards ? steps - 1 - t : t));
      const xs = tf.unstack(x, 1) as tf.Tensor2D[];
      const masks = m === null ? null : (tf.unstack(m, 1).map((s) => tf.expandDims(s, 1)));
      let previous: tf.Tensor = tf.zeros([batch, cell.outputSize]);
      const ys: tf.Tensor[] = [];
      // Parameters are checked and laid out once per sequence where the cell can.
      const step = cell.prepare?.(params) ?? ((xt: tf.Tensor2D, state: CellState) => cell.step(params, xt, state));
      for (const t of order) {
        const { state: next, output: y } = step(xs[t] as tf.Tensor2D, carry);
        const keep = masks?.[t];
        if (keep === undefined) {
          carry = next;
          previous = y;
        } else {
          const hold = tf.sub(1, keep);
          carry = Object.fromEntries(names.map((n) => [n, tf.add(tf.mul(keep, next[n] as tf.Tensor), tf.mul(hold, carry[n] as tf.Tensor)) as tf.Tensor2D]));
          previous = tf.add(tf.mul(keep, y), tf.mul(hold, previous));
        }
        ys.push(previous);
      }
      const output = this.returnSequences ? tf.stack(ys, 1) : previous;
      return this.returnState ? [output, ...names.map((n) => carry[n] as tf.Tensor)] : output;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      ...this.extraConfig(),
    };
  }
}
