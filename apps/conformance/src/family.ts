// What a fixture family adapter provides: a differentiable function of the fixture's tensors.
import type * as tf from '@tensorflow/tfjs-core';
import type { Fixture } from '@rnnkit/testing';

/**
 * A fixture prepared for evaluation: `run` maps the named differentiable tensors (inputs and
 * parameters, by their fixture names without prefix) to the named outputs, through the public API.
 */
export interface PreparedFixture {
  /** Differentiable tensors by name: `x`, `h0`, `weight_ih_l0`, ... */
  readonly differentiable: Record<string, tf.Tensor>;
  run(values: Record<string, tf.Tensor>): Record<string, tf.Tensor>;
  /**
   * The scalar whose gradients the fixture's `grad.*` hold, from the outputs of `run`, where the
   * spec defines one other than `sum_k sum(output_k * cotangent_k)`.
   */
  objective?(outputs: Record<string, tf.Tensor>): tf.Scalar;
  /** Checks of results that are not tensors (decoded labellings), run after the tensors. */
  checks?(): ResultCheck[];
}

/** The outcome of comparing one non-tensor result with its reference. */
export interface ResultCheck {
  /** What was compared, e.g. `spec.greedy[1]`. */
  readonly name: string;
  /** As for tensors: <= 1 is a match; Infinity for a mismatch that has no distance. */
  readonly ratio: number;
  readonly detail: string;
}

/** Thrown when a fixture's family or spec is outside what the toolkit implements. */
export class UnsupportedFixture extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFixture';
  }
}

export type FamilyAdapter = (fixture: Fixture, tensors: Record<string, tf.Tensor>) => PreparedFixture;

/** Reads a spec field as a record. */
export function specRecord(fixture: Fixture, key: string): Record<string, unknown> {
  const value = fixture.spec[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Reads an integer config entry, with a default when it is absent. */
export function configInt(config: Record<string, unknown>, key: string, fallback?: number): number {
  const value = config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new UnsupportedFixture(`config.${key} must be an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Reads a boolean config entry, with a default when it is absent. */
export function configBool(config: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = config[key] ?? fallback;
  if (typeof value !== 'boolean') throw new UnsupportedFixture(`config.${key} must be a boolean, got ${JSON.stringify(value)}`);
  return value;
}

/** Tensors under a prefix (`param.`, `input.`), keyed without it. */
export function withPrefix(tensors: Record<string, tf.Tensor>, prefix: string): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [key, value] of Object.entries(tensors)) {
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  }
  return out;
}
