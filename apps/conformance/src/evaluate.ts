// Evaluates one fixture through the public API: forward outputs and gradients against the
// references, with the contract's tolerances.
import * as tf from '@tensorflow/tfjs-core';
import type { Fixture } from '@rnnkit/testing';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues, fixtureToTensor } from '@rnnkit/testing';
import type { FamilyAdapter, ResultCheck } from './family.js';
import { UnsupportedFixture } from './family.js';
import { prepareAttention } from './families/attention.js';
import { prepareCells } from './families/cells.js';
import { prepareInterop } from './families/interop.js';
import { prepareLosses } from './families/losses.js';
import { prepareTorchCell } from './families/torch_cell.js';
import { prepareTorchRnn } from './families/torch_rnn.js';
import { prepareTreeLstm } from './families/tree_lstm.js';

export type FixtureStatus = 'pass' | 'fail' | 'error' | 'unsupported';

/** One line of the report, as the conformance contract defines it. */
export interface FixtureResult {
  fixture: string;
  status: FixtureStatus;
  worst: string;
  worst_ratio: number;
  message: string;
}

const FAMILIES: Readonly<Record<string, FamilyAdapter>> = {
  'torch-rnn': prepareTorchRnn,
  'torch-cell': prepareTorchCell,
  cells: prepareCells,
  attention: prepareAttention,
  'tree-lstm': prepareTreeLstm,
  losses: prepareLosses,
  interop: prepareInterop,
};

/** The fixture families this toolkit evaluates. */
export const SUPPORTED_FAMILIES = Object.keys(FAMILIES);

interface Computed {
  outputs: Record<string, tf.Tensor>;
  grads: Record<string, tf.Tensor>;
  checks: ResultCheck[];
}

/**
 * Runs the adapter forward, then takes the gradients of `sum_k sum(output_k * cotangent_k)` (or
 * of the adapter's own objective), then runs the adapter's non-tensor checks.
 */
function compute(adapter: FamilyAdapter, fixture: Fixture, tensors: Record<string, tf.Tensor>): Computed {
  const prepared = adapter(fixture, tensors);
  const outputs = prepared.run(prepared.differentiable);
  const checks = prepared.checks?.() ?? [];
  const gradNames = Object.keys(fixture.tensors)
    .filter((k) => k.startsWith('grad.'))
    .map((k) => k.slice('grad.'.length));
  const missing = gradNames.filter((n) => prepared.differentiable[n] === undefined);
  if (missing.length > 0) throw new Error(`no differentiable tensor for grad.${missing.join(', grad.')}`);
  if (gradNames.length === 0) return { outputs, grads: {}, checks };
  const cotangents = Object.entries(tensors).filter(([k]) => k.startsWith('cotangent.'));
  const targets = gradNames.map((n) => prepared.differentiable[n] as tf.Tensor);
  const objective = (...xs: tf.Tensor[]): tf.Scalar => {
    const values = { ...prepared.differentiable };
    gradNames.forEach((n, k) => {
      values[n] = xs[k] as tf.Tensor;
    });
    const outs = prepared.run(values);
    if (prepared.objective !== undefined) return prepared.objective(outs);
    const terms = cotangents.map(([key, cot]) => {
      const name = key.slice('cotangent.'.length);
      const out = outs[name];
      if (out === undefined) throw new Error(`the API returned no output ${name} for cotangent.${name}`);
      return tf.sum(tf.mul(out, cot));
    });
    return tf.addN(terms) as tf.Scalar;
  };
  const gradValues = tf.grads(objective)(targets);
  const grads: Record<string, tf.Tensor> = {};
  gradNames.forEach((n, k) => {
    grads[n] = gradValues[k] as tf.Tensor;
  });
  return { outputs, grads, checks };
}

/** Evaluates `fixture` on the active backend. Never throws: problems become `error` results. */
export function evaluateFixture(fixture: Fixture): FixtureResult {
  const base = { fixture: fixture.id, worst: '', worst_ratio: 0, message: '' };
  const adapter = FAMILIES[fixture.family];
  if (adapter === undefined) {
    return { ...base, status: 'unsupported', message: `family ${fixture.family} is not implemented yet` };
  }
  const before = tf.memory().numTensors;
  const tensors: Record<string, tf.Tensor> = {};
  try {
    for (const [name, value] of Object.entries(fixture.tensors)) tensors[name] = fixtureToTensor(value);
    let checks: ResultCheck[] = [];
    const computed = tf.tidy(() => {
      const c = compute(adapter, fixture, tensors);
      checks = c.checks;
      return { ...Object.fromEntries(Object.entries(c.outputs).map(([k, v]) => [`output.${k}`, v])), ...Object.fromEntries(Object.entries(c.grads).map(([k, v]) => [`grad.${k}`, v])) };
    });
    let worst = '';
    let worstRatio = 0;
    let detail = '';
    let compared = checks.length;
    for (const [name, reference] of Object.entries(fixture.tensors)) {
      if (!name.startsWith('output.') && !name.startsWith('grad.')) continue;
      const actual = computed[name];
      if (actual === undefined) throw new Error(`the API produced no ${name}`);
      if (!tf.util.arraysEqual(actual.shape, reference.shape)) {
        throw new Error(`${name} has shape [${actual.shape.join(', ')}], the reference [${reference.shape.join(', ')}]`);
      }
      const tolerance = name.startsWith('grad.') ? GRADIENT_TOLERANCE : FORWARD_TOLERANCE;
      const comparison = compareValues(actual.dataSync(), reference.data, tolerance);
      compared++;
      if (comparison.worstRatio >= worstRatio || worst === '') {
        worst = name;
        worstRatio = comparison.worstRatio;
        detail = `at index ${comparison.worstIndex}: got ${comparison.actual}, expected ${comparison.expected}`;
      }
    }
    for (const check of checks) {
      if (check.ratio > worstRatio || worst === '') {
        worst = check.name;
        worstRatio = check.ratio;
        detail = check.detail;
      }
    }
    tf.dispose(Object.values(computed));
    // A fixture with nothing to compare must not pass by default.
    if (compared === 0) throw new Error('the fixture has no output.*, grad.* or checked result to compare');
    const status: FixtureStatus = worstRatio <= 1 ? 'pass' : 'fail';
    return { ...base, status, worst, worst_ratio: worstRatio, message: status === 'pass' ? '' : `${worst} ${detail}` };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ...base, status: e instanceof UnsupportedFixture ? 'unsupported' : 'error', message };
  } finally {
    tf.dispose(Object.values(tensors));
    const leaked = tf.memory().numTensors - before;
    if (leaked > 0) process.emitWarning(`conformance: ${fixture.id} left ${leaked} tensors alive`);
  }
}
