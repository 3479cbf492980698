// What the fast LSTM, GRU and SimpleRNN layers share: tf.layers' RNN with a fused call.
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { RNNLayerArgs, Shape, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { InputError } from '@rnnkit/core';
import type { GateActivation } from '@rnnkit/ops';
import type { FusedStepInputs, FusedStepOutputs, KerasRecurrentView } from './keras_sequence.js';
import { kerasSequenceCall } from './keras_sequence.js';

/** A tf.layers activation as the cells hold it. */
export interface KerasActivation {
  getClassName(): string;
  apply(x: tf.Tensor): tf.Tensor;
}

/** The fields of tf.layers' recurrent cells that the fused call reads. */
export interface KerasCellView {
  readonly units: number;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly useBias: boolean;
  readonly activation: KerasActivation;
  readonly recurrentActivation?: KerasActivation;
  dropoutMask: tf.Tensor | tf.Tensor[] | null;
  recurrentDropoutMask: tf.Tensor | tf.Tensor[] | null;
}

/** The config fields tf.layers takes but this package cannot honour, with the value it refuses. */
const REFUSED: Readonly<Record<string, unknown>> = { timeMajor: true };

/** Refuses a config value the layer cannot honour, naming the layer, the field and the value. */
export function refuseUnsupported(fn: string, args: object): void {
  for (const [field, bad] of Object.entries(REFUSED)) {
    const value = (args as Record<string, unknown>)[field];
    if (value === bad) {
      throw new InputError(fn, field, `${field}: ${JSON.stringify(value)} is not supported (inputs are batch-first, as in tf.layers)`);
    }
  }
  const units = (args as Record<string, unknown>)['units'];
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) {
    throw new InputError(fn, 'units', `units must be a positive integer, got ${JSON.stringify(units)}`);
  }
  for (const field of ['activation', 'recurrentActivation']) {
    const value = (args as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    let known = typeof value === 'string';
    if (known) {
      try {
        layers.activation({ activation: value as 'tanh' });
      } catch {
        known = false;
      }
    }
    if (!known) {
      throw new InputError(fn, field, `${field} must name a tf.layers activation (tanh, sigmoid, hardSigmoid, relu, linear, ...), got ${JSON.stringify(value)}`);
    }
  }
  for (const field of ['dropout', 'recurrentDropout']) {
    const value = (args as Record<string, unknown>)[field];
    if (value !== undefined && (typeof value !== 'number' || !(value >= 0 && value < 1))) {
      throw new InputError(fn, field, `${field} must be a number in [0, 1), got ${JSON.stringify(value)}`);
    }
  }
}

/**
 * tf.layers' `RNN` whose `call` runs a fused sequence operation when the configuration allows,
 * and tf.layers' own step loop over its cell otherwise (other activations, dropout while
 * training), so every configuration gives tf.layers' numbers.
 */
export abstract class KerasRnnBase extends layers.RNN {
  protected abstract readonly stateCount: number;

  /** The cell's fields, as the fused call reads them. */
  protected get cellView(): KerasCellView {
    return this.cell as unknown as KerasCellView;
  }

  /** Whether this call can run on the fused operation. */
  protected abstract fusable(training: boolean): boolean;

  /** Runs the fused operation over a time-major sequence. */
  protected abstract runFused(args: FusedStepInputs): FusedStepOutputs;

  /** tf.layers' `build`, refusing a stateful layer without a fixed batch size. */
  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (this.stateful && (shape[0] === null || shape[0] === undefined)) {
      throw new InputError(this.name, 'stateful', `stateful: true needs a fixed batch size (give the first layer batchInputShape or the input batchShape), got input shape [${shape.map(String).join(', ')}]`);
    }
    super.build(inputShape);
  }

  /** tf.layers' `apply`, checking the count and shapes of a given `initialState` first. */
  override apply(inputs: tf.Tensor | tf.Tensor[] | SymbolicTensor | SymbolicTensor[], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[] | SymbolicTensor | SymbolicTensor[] {
    const given = kwargs?.['initialState'];
    const states = given instanceof tf.Tensor ? [given] : Array.isArray(given) ? given : [];
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x instanceof tf.Tensor && states.every((s) => s instanceof tf.Tensor)) {
      if (states.length > 0 && states.length !== this.stateCount) {
        throw new InputError(this.name, 'initialState', `initialState must hold ${this.stateCount} state(s), got ${states.length}`);
      }
      const units = this.cellView.units;
      (states as tf.Tensor[]).forEach((s, k) => {
        if (s.rank !== 2 || s.shape[0] !== x.shape[0] || s.shape[1] !== units) {
          throw new InputError(this.name, 'initialState', `initial state ${k} must have shape [${x.shape[0]}, ${units}], got [${s.shape.join(', ')}]`);
        }
      });
    }
    return super.apply(inputs, kwargs);
  }

  /** Runs the fused operation when the configuration allows it (see `fusable`), else tf.layers' cell loop. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const args = kwargs ?? {};
    if (!this.fusable(args['training'] === true)) return this.cellLoopCall(inputs, args);
    return kerasSequenceCall(this.view(), inputs, args, (run) => this.runFused(run));
  }

  /** tf.layers' own call: the cell stepped over the sequence (what tf.layers.lstm runs). */
  private cellLoopCall(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const cell = this.cellView;
    // As tf.layers' LSTM / GRU / SimpleRNN do: fresh dropout masks for every call.
    if (cell.dropoutMask !== null && cell.dropoutMask !== undefined) tf.dispose(cell.dropoutMask);
    if (cell.recurrentDropoutMask !== null && cell.recurrentDropoutMask !== undefined) tf.dispose(cell.recurrentDropoutMask);
    cell.dropoutMask = null;
    cell.recurrentDropoutMask = null;
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = list[0] as tf.Tensor;
    const initialState = list.length > 1 ? list.slice(1) : kwargs['initialState'];
    const rawMask = kwargs['mask'];
    const mask = Array.isArray(rawMask) ? rawMask[0] : rawMask;
    return super.call(x, { mask, training: kwargs['training'], initialState });
  }

  private view(): KerasRecurrentView {
    return {
      name: this.name,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      units: this.cellView.units,
      stateCount: this.stateCount,
      storedStates: () => {
        const stored = this.stateful ? this.states : [];
        const ready = stored.filter((s): s is tf.Tensor => s !== null && s !== undefined);
        return ready.length === this.stateCount ? ready : null;
      },
      keepStates: (states, training) => this.resetStates(states, training),
    };
  }

  override setWeights(weights: tf.Tensor[]): void {
    const own = this.weights;
    if (weights.length !== own.length) {
      throw new InputError(this.name, 'weights', `setWeights needs ${own.length} tensors (${own.map((w) => w.originalName).join(', ')}), got ${weights.length}`);
    }
    own.forEach((w, k) => {
      const given = weights[k] as tf.Tensor;
      if (given.shape.length !== w.shape.length || given.shape.some((d, i) => d !== w.shape[i])) {
        throw new InputError(this.name, 'weights', `setWeights: ${w.originalName} must have shape [${w.shape.join(', ')}], got [${given.shape.join(', ')}]`);
      }
    });
    super.setWeights(weights);
  }
}

/** Shared constructor arguments of the fast layers: tf.layers' own. */
export type KerasRnnArgs = RNNLayerArgs;

/**
 * The base of the gated layers (LSTM, GRU): they run fused with tanh as `activation`, a
 * `recurrentActivation` the fused operations compute (sigmoid, or tf.layers' default
 * hardSigmoid), and no dropout while training.
 */
export abstract class KerasGatedRnnBase extends KerasRnnBase {
  protected fusable(training: boolean): boolean {
    const cell = this.cellView;
    const dropping = training && (cell.dropout > 0 || cell.recurrentDropout > 0);
    return !dropping && cell.activation.getClassName() === 'tanh' && this.gateActivation() !== null;
  }

  /** The fused operations' gate function for the cell's `recurrentActivation`, or null for one they lack. */
  protected gateActivation(): GateActivation | null {
    const name = this.cellView.recurrentActivation?.getClassName();
    return name === 'sigmoid' || name === 'hardSigmoid' ? name : null;
  }
}
