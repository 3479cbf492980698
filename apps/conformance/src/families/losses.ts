// `losses`: F.cross_entropy, F.ctc_loss and CTC decoding through @rnnkit/losses.
import * as tf from '@tensorflow/tfjs-core';
import type { CtcHypothesis } from '@rnnkit/losses';
import { crossEntropy, ctcBeamSearch, ctcGreedyDecode, ctcLoss } from '@rnnkit/losses';
import type { Fixture } from '@rnnkit/testing';
import { FORWARD_TOLERANCE } from '@rnnkit/testing';
import type { PreparedFixture, ResultCheck } from '../family.js';
import { UnsupportedFixture, withPrefix } from '../family.js';

/**
 * The beam width the decoding fixtures run with. On `ctc_decode_exact` (T=6, C=4) width 58 is the
 * smallest that gives every top-5 labelling with its log-probability summed over all alignments
 * (to 1e-7); widths 41 to 57 give the right labellings but miss alignments worth 2e-4 in log
 * space; narrower beams get labellings wrong. 64 is the width documented in the losses README.
 */
export const DECODE_BEAM_WIDTH = 64;

const REDUCTIONS = ['none', 'sum', 'mean'] as const;

function required(values: Record<string, tf.Tensor>, name: string): tf.Tensor {
  const value = values[name];
  if (value === undefined) throw new UnsupportedFixture(`the fixture has no input.${name}`);
  return value;
}

function specNumber(fixture: Fixture, key: string, fallback: number): number {
  const value = fixture.spec[key] ?? fallback;
  if (typeof value !== 'number') throw new UnsupportedFixture(`spec.${key} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

function specBool(fixture: Fixture, key: string, fallback: boolean): boolean {
  const value = fixture.spec[key] ?? fallback;
  if (typeof value !== 'boolean') throw new UnsupportedFixture(`spec.${key} must be a boolean, got ${JSON.stringify(value)}`);
  return value;
}

/** Whether the spec's layout text says batch-first, e.g. `logits (N,T,C) batch_first`. */
function batchFirstOf(fixture: Fixture): boolean {
  const layout = String(fixture.spec['layout'] ?? '').replace(/\s/g, '').toLowerCase();
  return layout.includes('batch_first') || layout.includes('batch-first') || layout.includes('(n,t,c)');
}

/** `loss_none`, `loss_sum`, `loss_mean`: every reduction the fixture holds an output for. */
function reductionsOf(fixture: Fixture): (typeof REDUCTIONS)[number][] {
  const names = Object.keys(fixture.tensors).filter((k) => k.startsWith('output.'));
  const wanted = REDUCTIONS.filter((r) => names.includes(`output.loss_${r}`));
  const unknown = names.filter((k) => !REDUCTIONS.some((r) => k === `output.loss_${r}`));
  if (unknown.length > 0) throw new UnsupportedFixture(`unknown outputs ${unknown.join(', ')}`);
  return wanted;
}

function prepareCrossEntropy(fixture: Fixture, inputs: Record<string, tf.Tensor>): PreparedFixture {
  const axis = String(fixture.spec['class_axis'] ?? 'last');
  if (!axis.startsWith('last')) throw new UnsupportedFixture(`class_axis ${JSON.stringify(axis)}: the fixtures store classes last`);
  const ignoreIndex = specNumber(fixture, 'ignore_index', -100);
  const labelSmoothing = specNumber(fixture, 'label_smoothing', 0);
  const target = required(inputs, 'target');
  const weight = inputs['weight'] as tf.Tensor1D | undefined;
  const differentiable: Record<string, tf.Tensor> = { logits: required(inputs, 'logits') };
  // Probability targets are differentiable too; class indices are not.
  if (target.dtype === 'float32') differentiable['target'] = target;
  const reductions = reductionsOf(fixture);
  return {
    differentiable,
    run(values) {
      const out: Record<string, tf.Tensor> = {};
      for (const reduction of reductions) {
        out[`loss_${reduction}`] = crossEntropy(required(values, 'logits'), values['target'] ?? target, {
          ignoreIndex,
          labelSmoothing,
          reduction,
          ...(weight === undefined ? {} : { weight }),
        });
      }
      return out;
    },
  };
}

function prepareCtcLoss(fixture: Fixture, inputs: Record<string, tf.Tensor>, hasCotangents: boolean): PreparedFixture {
  const options = { blank: specNumber(fixture, 'blank', 0), zeroInfinity: specBool(fixture, 'zero_infinity', false), batchFirst: batchFirstOf(fixture) };
  const targets = required(inputs, 'targets');
  const inputLengths = required(inputs, 'input_lengths') as tf.Tensor1D;
  const targetLengths = required(inputs, 'target_lengths') as tf.Tensor1D;
  // Run from the logits where the fixture has them (its gradients are with respect to them).
  const source = inputs['logits'] !== undefined && fixture.tensors['grad.log_probs'] === undefined ? 'logits' : 'log_probs';
  const differentiable = { [source]: required(inputs, source) };
  const reductions = reductionsOf(fixture);
  const run = (values: Record<string, tf.Tensor>, reduction: (typeof REDUCTIONS)[number]): tf.Tensor =>
    ctcLoss(required(values, source) as tf.Tensor3D, targets, inputLengths, targetLengths, { ...options, reduction, fromLogits: source === 'logits' });
  const prepared: PreparedFixture = {
    differentiable,
    run(values) {
      const out: Record<string, tf.Tensor> = {};
      for (const reduction of new Set([...reductions, 'none' as const])) out[`loss_${reduction}`] = run(values, reduction);
      return out;
    },
  };
  if (hasCotangents) return prepared;
  // The README's CTC convention: grad.* is the gradient of the sum of the finite per-sample losses.
  return {
    ...prepared,
    objective: (outputs) => {
      const losses = outputs['loss_none'];
      if (losses === undefined) throw new Error('no loss_none to build the objective from');
      return tf.sum(tf.where(tf.isFinite(losses), losses, tf.zerosLike(losses)));
    },
  };
}

function labelsText(labels: readonly number[]): string {
  return `[${labels.join(', ')}]`;
}

function readLabellings(value: unknown, what: string): number[][] {
  if (!Array.isArray(value) || !value.every((row) => Array.isArray(row) && row.every((v) => Number.isInteger(v)))) {
    throw new UnsupportedFixture(`${what} must be a list of label lists`);
  }
  return value as number[][];
}

function readTop(value: unknown): { labels: number[]; log_prob: number }[][] {
  const fail = (): never => {
    throw new UnsupportedFixture('spec.exact_top must be, per sample, a list of {labels, log_prob}');
  };
  if (!Array.isArray(value)) return fail();
  return value.map((sample: unknown) => {
    if (!Array.isArray(sample)) return fail();
    return sample.map((h: unknown) => {
      const { labels, log_prob: logProb } = (h ?? {}) as { labels?: unknown; log_prob?: unknown };
      if (!Array.isArray(labels) || typeof logProb !== 'number') return fail();
      return { labels: readLabellings([labels], 'labels')[0] as number[], log_prob: logProb };
    });
  });
}

function compareTop(n: number, expected: { labels: number[]; log_prob: number }[], got: CtcHypothesis[]): ResultCheck[] {
  return expected.map((want, k) => {
    const name = `spec.exact_top[${n}][${k}]`;
    const have = got[k];
    if (have === undefined) return { name, ratio: Infinity, detail: `the beam search returned only ${got.length} labellings` };
    if (labelsText(have.labels) !== labelsText(want.labels)) {
      return { name, ratio: Infinity, detail: `got labels ${labelsText(have.labels)}, expected ${labelsText(want.labels)}` };
    }
    const { atol, rtol } = FORWARD_TOLERANCE;
    const ratio = Math.abs(have.logProb - want.log_prob) / (atol + rtol * Math.abs(want.log_prob));
    return { name, ratio, detail: `log_prob: got ${have.logProb}, expected ${want.log_prob}` };
  });
}

function prepareDecoding(fixture: Fixture, inputs: Record<string, tf.Tensor>): PreparedFixture {
  const blank = specNumber(fixture, 'blank', 0);
  const batchFirst = batchFirstOf(fixture);
  const logProbs = required(inputs, 'log_probs') as tf.Tensor3D;
  const lengths = inputs['input_lengths'] as tf.Tensor1D | undefined;
  const frameOptions = { blank, batchFirst, ...(lengths === undefined ? {} : { inputLengths: lengths }) };
  const greedy = fixture.spec['greedy'] === undefined ? undefined : readLabellings(fixture.spec['greedy'], 'spec.greedy');
  const top = fixture.spec['exact_top'] === undefined ? undefined : readTop(fixture.spec['exact_top']);
  if (greedy === undefined && top === undefined) throw new UnsupportedFixture('a decoding fixture needs spec.greedy or spec.exact_top');
  return {
    differentiable: {},
    run: () => ({}),
    checks() {
      const checks: ResultCheck[] = [];
      if (greedy !== undefined) {
        const decoded = ctcGreedyDecode(logProbs, frameOptions);
        greedy.forEach((want, n) => {
          const have = decoded[n] ?? [];
          const same = labelsText(have) === labelsText(want);
          checks.push({ name: `spec.greedy[${n}]`, ratio: same ? 0 : Infinity, detail: `got ${labelsText(have)}, expected ${labelsText(want)}` });
        });
      }
      if (top !== undefined) {
        const topK = Math.max(1, ...top.map((s) => s.length));
        const decoded = ctcBeamSearch(logProbs, { ...frameOptions, beamWidth: Math.max(DECODE_BEAM_WIDTH, topK), topK });
        top.forEach((want, n) => checks.push(...compareTop(n, want, decoded[n] ?? [])));
      }
      return checks;
    },
  };
}

/** Dispatches on `spec.function`. */
export function prepareLosses(fixture: Fixture, tensors: Record<string, tf.Tensor>): PreparedFixture {
  const inputs = withPrefix(tensors, 'input.');
  const hasCotangents = Object.keys(tensors).some((k) => k.startsWith('cotangent.'));
  const fn = fixture.spec['function'];
  switch (fn) {
    case 'torch.nn.functional.cross_entropy':
      return prepareCrossEntropy(fixture, inputs);
    case 'torch.nn.functional.ctc_loss':
      return prepareCtcLoss(fixture, inputs, hasCotangents);
    case 'CTC decoding':
      return prepareDecoding(fixture, inputs);
    default:
      throw new UnsupportedFixture(`spec.function ${JSON.stringify(fn)} is not a losses function this toolkit has`);
  }
}
