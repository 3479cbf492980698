// Validates the arguments of an optimizer step before any variable changes.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import { checkGradients } from './check_gradients.js';

/**
 * Throws unless `variables` are live variables and every gradient names one of them with its
 * exact shape: a [1] gradient must never broadcast onto a [3] variable.
 */
export function checkApply(fn: string, variables: unknown, grads: unknown): void {
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw new InputError(fn, 'variables', `variables must be an object of named tf.Variables, got ${describeValue(variables)}`);
  }
  const vars = variables as Record<string, unknown>;
  for (const [name, grad] of Object.entries(checkGradients(fn, grads))) {
    const variable = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (!(variable instanceof tf.Variable) || variable.isDisposed) {
      throw new InputError(fn, `grads.${name}`, `grads.${name} has no live variable of that name (variables: ${Object.keys(vars).join(', ')})`);
    }
    if (!tf.util.arraysEqual(grad.shape, variable.shape)) {
      throw new InputError(fn, `grads.${name}`, `grads.${name} must have the variable's shape [${variable.shape.join(', ')}], got [${grad.shape.join(', ')}]`);
    }
  }
}
