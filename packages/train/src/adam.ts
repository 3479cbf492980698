// Adam with PyTorch's update rule and a checkpointable state.
import * as tf from '@tensorflow/tfjs-core';
import { checkKnownOptions, checkNumber } from '@rnnkit/core';
import { checkApply } from './check_apply.js';
import type { Optimizer, OptimizerState } from './optimizer.js';
import { OptimizerSlots, checkOptimizerState } from './optimizer_slots.js';

export interface AdamOptions {
  /** @default 0.001 */
  learningRate?: number;
  /** @default 0.9 */
  beta1?: number;
  /** @default 0.999 */
  beta2?: number;
  /** @default 1e-8 */
  epsilon?: number;
  /** L2 penalty added to the gradient (PyTorch's Adam `weight_decay`, not AdamW). @default 0 */
  weightDecay?: number;
}

/**
 * PyTorch's `torch.optim.Adam` step: `m = b1 m + (1 - b1) g`, `v = b2 v + (1 - b2) g^2`,
 * `p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)`, the bias corrections computed in
 * float64 from the step count as PyTorch does.
 *
 * @example
 * const trainer = new Trainer({ variables, optimizer: adam({ learningRate: 3e-3 }) });
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const fn = 'adam';
  checkKnownOptions(fn, 'options', options, ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay']);
  const beta1 = checkNumber(fn, 'beta1', options.beta1 ?? 0.9, 0, 1, true);
  const beta2 = checkNumber(fn, 'beta2', options.beta2 ?? 0.999, 0, 1, true);
  const epsilon = checkNumber(fn, 'epsilon', options.epsilon ?? 1e-8, 0, Number.MAX_VALUE);
  const weightDecay = checkNumber(fn, 'weightDecay', options.weightDecay ?? 0, 0, Number.MAX_VALUE);
  const slots = new OptimizerSlots();
  const settings = { beta1, beta2, epsilon, weightDecay };
  const rules = { prefixes: ['m', 'v'], nonNegative: ['v'], complete: true, settings };
  let iterations = 0;
  let learningRate = checkNumber(fn, 'learningRate', options.learningRate ?? 0.001, 0, Number.MAX_VALUE);
  return {
    kind: 'adam',
    get learningRate() {
      return learningRate;
    },
    set learningRate(value: number) {
      learningRate = checkNumber(`${fn}.learningRate`, 'learningRate', value, 0, Number.MAX_VALUE);
    },
    get iterations() {
      return iterations;
    },
    apply(variables, grads) {
      checkApply(`${fn}.apply`, variables, grads);
      // Every variable gets its moments at the first step, with or without a gradient (zeros
      // either way, as PyTorch would create them later), so a checkpoint always holds them all.
      for (const [name, variable] of Object.entries(variables)) {
        slots.get(`m.${name}`, variable);
        slots.get(`v.${name}`, variable);
      }
      iterations += 1;
      const stepSize = learningRate / (1 - beta1 ** iterations);
      const correction2 = Math.sqrt(1 - beta2 ** iterations);
      tf.tidy(() => {
        for (const [name, grad] of Object.entries(grads)) {
          const variable = variables[name] as tf.Variable;
          const g = weightDecay === 0 ? grad : tf.add(grad, tf.mul(variable, weightDecay));
          const m = slots.get(`m.${name}`, variable);
          const v = slots.get(`v.${name}`, variable);
          m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
          v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
          const denominator = tf.add(tf.div(tf.sqrt(v), correction2), epsilon);
          variable.assign(tf.sub(variable, tf.mul(tf.div(m, denominator), stepSize)));
        }
      });
    },
    state(): OptimizerState {
      return { tensors: slots.entries(), values: { iterations, learningRate, ...settings } };
    },
    checkState(checkFn, state, variables) {
      checkOptimizerState(checkFn, 'adam', state, variables, rules);
    },
    restore(state, variables) {
      checkOptimizerState(`${fn}.restore`, 'adam', state, variables, rules);
      slots.restore(state.tensors);
      iterations = state.values['iterations'] ?? 0;
      learningRate = state.values['learningRate'] ?? learningRate;
    },
    dispose() {
      slots.dispose();
    },
  };
}
