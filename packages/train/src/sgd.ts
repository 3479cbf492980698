// Stochastic gradient descent with PyTorch's momentum rule and a checkpointable state.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkBoolean, checkKnownOptions, checkNumber } from '@rnnkit/core';
import { checkApply } from './check_apply.js';
import type { Optimizer, OptimizerState } from './optimizer.js';
import { OptimizerSlots, checkOptimizerState } from './optimizer_slots.js';

export interface SgdOptions {
  /** @default 0.01 */
  learningRate?: number;
  /** @default 0 */
  momentum?: number;
  /** @default false */
  nesterov?: boolean;
  /** L2 penalty added to the gradient. @default 0 */
  weightDecay?: number;
}

/**
 * PyTorch's `torch.optim.SGD` step: `b = g` on the first step, then `b = momentum b + g`;
 * `p -= lr (g + momentum b)` with Nesterov, `p -= lr b` without (and `p -= lr g` without momentum).
 */
export function sgd(options: SgdOptions = {}): Optimizer {
  const fn = 'sgd';
  checkKnownOptions(fn, 'options', options, ['learningRate', 'momentum', 'nesterov', 'weightDecay']);
  const momentum = checkNumber(fn, 'momentum', options.momentum ?? 0, 0, Number.MAX_VALUE);
  const nesterov = checkBoolean(fn, 'nesterov', options.nesterov ?? false);
  const weightDecay = checkNumber(fn, 'weightDecay', options.weightDecay ?? 0, 0, Number.MAX_VALUE);
  if (nesterov && momentum === 0) throw new InputError(fn, 'nesterov', 'nesterov needs a momentum above 0');
  const slots = new OptimizerSlots();
  const settings = { momentum, nesterov: nesterov ? 1 : 0, weightDecay };
  // PyTorch makes a momentum buffer from a parameter's first gradient, so a parameter that never
  // had one has no buffer: the buffers are optional, unlike Adam's moments.
  const rules = { prefixes: momentum > 0 ? ['momentum'] : [], nonNegative: [], complete: false, settings };
  let iterations = 0;
  let learningRate = checkNumber(fn, 'learningRate', options.learningRate ?? 0.01, 0, Number.MAX_VALUE);
  return {
    kind: 'sgd',
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
      iterations += 1;
      tf.tidy(() => {
        for (const [name, grad] of Object.entries(grads)) {
          const variable = variables[name] as tf.Variable;
          let g = weightDecay === 0 ? grad : tf.add(grad, tf.mul(variable, weightDecay));
          if (momentum > 0) {
            const key = `momentum.${name}`;
            if (slots.has(key)) {
              const b = slots.get(key, variable);
              b.assign(tf.add(tf.mul(b, momentum), g));
            } else {
              slots.set(key, g);
            }
            const b = slots.get(key, variable);
            g = nesterov ? tf.add(g, tf.mul(b, momentum)) : b;
          }
          variable.assign(tf.sub(variable, tf.mul(g, learningRate)));
        }
      });
    },
    state(): OptimizerState {
      return { tensors: slots.entries(), values: { iterations, learningRate, ...settings } };
    },
    checkState(checkFn, state, variables) {
      checkOptimizerState(checkFn, 'sgd', state, variables, rules);
    },
    restore(state, variables) {
      checkOptimizerState(`${fn}.restore`, 'sgd', state, variables, rules);
      slots.restore(state.tensors);
      iterations = state.values['iterations'] ?? 0;
      learningRate = state.values['learningRate'] ?? learningRate;
    },
    dispose() {
      slots.dispose();
    },
  };
}
