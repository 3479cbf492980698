// Validation, initialisation, masks and state-dict loading of the core package.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { checkLengths } from './check_lengths.js';
import { checkInteger, checkKnownOptions, checkOneOf } from './check_option.js';
import { checkTensor } from './check_tensor.js';
import { initParams } from './init_params.js';
import { InputError } from './input_error.js';
import { loadStateDict } from './load_state_dict.js';
import { seededRandom } from './seeded_random.js';
import { sequenceMask } from './sequence_mask.js';
import './register_gradients.js';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('seededRandom', () => {
  it('repeats for a seed, differs across seeds, and stays in [0, 1) with mean 1/2', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 20000 }, () => a());
    expect(Array.from({ length: 20000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
  });
});

describe('initParams', () => {
  it("draws PyTorch's uniform(-bound, bound) with the spec's shapes, repeatably", () => {
    const spec = { weight: { shape: [64, 32], bound: 0.125 }, bias: { shape: [64], bound: 0.125 } };
    const p = initParams(spec, seededRandom(7));
    const q = initParams(spec, seededRandom(7));
    expect(p['weight']?.shape).toEqual([64, 32]);
    expect(p['bias']?.shape).toEqual([64]);
    const w = Array.from((p['weight'] as tf.Tensor).dataSync());
    expect(Math.max(...w)).toBeLessThanOrEqual(0.125);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-0.125);
    // The variance of uniform(-b, b) is b^2 / 3.
    const variance = w.reduce((s, x) => s + x * x, 0) / w.length;
    expect(Math.abs(variance - 0.125 ** 2 / 3) / (0.125 ** 2 / 3)).toBeLessThan(0.1);
    expect(Array.from((q['weight'] as tf.Tensor).dataSync())).toEqual(w);
    tf.dispose([...Object.values(p), ...Object.values(q)]);
  });
});

describe('sequenceMask', () => {
  it('is 1 exactly where t < length', () => {
    const mask = sequenceMask(3, 2, Int32Array.from([3, 1]));
    expect(mask.shape).toEqual([3, 2, 1]);
    expect(Array.from(mask.dataSync())).toEqual([1, 1, 1, 0, 1, 0]);
    mask.dispose();
  });
});

describe('checkLengths', () => {
  it('accepts arrays and int32 tensors in range', () => {
    expect(Array.from(checkLengths('f', [3, 0, 2], 3, 3))).toEqual([3, 0, 2]);
    const t = tf.tensor1d([1, 2], 'int32');
    expect(Array.from(checkLengths('f', t, 2, 5))).toEqual([1, 2]);
    t.dispose();
  });

  it.each([
    [[1, 2], 3, 4, 'f: lengths must hold one length per sample (N=3), got 2'],
    [[1, -1, 2], 3, 4, 'f: lengths[1] must be an integer in [0, 4] (the sequence has T=4 steps), got -1'],
    [[1, 5, 2], 3, 4, 'f: lengths[1] must be an integer in [0, 4] (the sequence has T=4 steps), got 5'],
    [[1, 2.5, 2], 3, 4, 'f: lengths[1] must be an integer in [0, 4] (the sequence has T=4 steps), got 2.5'],
    ['abc', 3, 4, 'f: lengths must be an array or int32 tensor of N=3 integers, got "abc"'],
  ])('rejects %j for N=%i, T=%i', (lengths, batch, steps, message) => {
    expect(() => checkLengths('f', lengths, batch, steps)).toThrow(new InputError('f', 'lengths', message.slice(3)));
  });

  it('rejects a float tensor', () => {
    const t = tf.tensor1d([1, 2]);
    expect(() => checkLengths('f', t, 2, 5)).toThrow('f: lengths must be a 1-D int32 tensor (N), got a float32 tensor of shape [2]');
    t.dispose();
  });
});

describe('checkTensor and options', () => {
  it('names the function, the argument, the expectation and what came', () => {
    const x = tf.zeros([5, 4]);
    expect(() => checkTensor('lstm', 'x', x, { rank: 3, axes: '(T, N, F)' })).toThrow('lstm: x must be 3-D (T, N, F), got shape [5, 4]');
    expect(() => checkTensor('lstm', 'h0', x, { shape: [5, 3] })).toThrow('lstm: h0 must have shape [5, 3], got shape [5, 4]');
    expect(() => checkTensor('lstm', 'x', [1, 2])).toThrow('lstm: x must be a tensor, got [1,2]');
    const ints = tf.zeros([2], 'int32');
    expect(() => checkTensor('lstm', 'x', ints)).toThrow('lstm: x must have dtype float32, got int32');
    x.dispose();
    expect(() => checkTensor('lstm', 'x', x)).toThrow('lstm: x was already disposed');
    ints.dispose();
    expect(() => checkInteger('lstm', 'hiddenSize', 0, 1)).toThrow('lstm: hiddenSize must be an integer >= 1, got 0');
    expect(() => checkOneOf('rnn', 'nonlinearity', 'sigmoid', ['tanh', 'relu'])).toThrow(
      'rnn: nonlinearity must be one of "tanh", "relu", got "sigmoid"',
    );
    expect(() => checkKnownOptions('lstm', 'options', { hidenSize: 3 }, ['hiddenSize'])).toThrow(
      'lstm: unknown option "hidenSize" in options (did you mean "hiddenSize"?); known options are hiddenSize',
    );
  });

  it('suggests the nearest known option only when it is a likely typo, and can require the object', () => {
    const known = ['strict', 'hiddenSize', 'inputSize'];
    expect(() => checkKnownOptions('f', 'options', { strick: false }, known)).toThrow('(did you mean "strict"?)');
    expect(() => checkKnownOptions('f', 'options', { inputsize: 1 }, known)).toThrow('(did you mean "inputSize"?)');
    let error: unknown;
    try {
      checkKnownOptions('f', 'options', { colour: 1 }, known);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).argument).toBe('options.colour');
    expect((error as InputError).message).not.toContain('did you mean');
    expect(() => checkKnownOptions('f', 'options', undefined, known)).not.toThrow();
    expect(() => checkKnownOptions('f', 'options', undefined, known, { required: true })).toThrow(
      'f: options must be an object with strict, hiddenSize, inputSize, got undefined',
    );
  });
});

describe('seededRandom state', () => {
  it('continues the same stream after its state is set back, and refuses seeds that are not 32-bit integers', () => {
    const a = seededRandom(5);
    for (let i = 0; i < 7; i++) a();
    const saved = a.state;
    const expected = [a(), a(), a()];
    const b = seededRandom(99);
    b.state = saved;
    expect([b(), b(), b()]).toEqual(expected);
    for (const seed of [Number.NaN, 1.5, -1, 2 ** 32]) expect(() => seededRandom(seed)).toThrow(InputError);
    expect(() => seededRandom('abc' as unknown as number)).toThrow('seededRandom: seed must be an integer in [0, 4294967295], got "abc"');
    expect(() => {
      b.state = -3;
    }).toThrow(InputError);
  });
});

describe('loadStateDict', () => {
  it('assigns by name and reports keys like strict=False', () => {
    const target = { a: tf.variable(tf.zeros([2])), b: tf.variable(tf.zeros([1, 2])) };
    const source = { a: tf.tensor1d([1, 2]), extra: tf.zeros([3]) };
    const result = loadStateDict('m', target, source, { strict: false });
    expect(result).toEqual({ missingKeys: ['b'], unexpectedKeys: ['extra'] });
    expect(Array.from(target.a.dataSync())).toEqual([1, 2]);
    tf.dispose([target.a, target.b, ...Object.values(source)]);
  });

  it('refuses mismatched keys and shapes in strict mode, assigning nothing', () => {
    const target = { a: tf.variable(tf.zeros([2])), b: tf.variable(tf.zeros([2])) };
    expect(() => loadStateDict('m', target, { a: tf.ones([2]) })).toThrow('m: stateDict does not match the parameters (missing keys: b)');
    expect(() => loadStateDict('m', target, { a: tf.ones([2]), b: tf.ones([2]), c: tf.ones([1]) })).toThrow('unexpected keys: c');
    expect(() => loadStateDict('m', target, { a: tf.ones([2]), b: tf.ones([3]) })).toThrow('m: stateDict.b must have shape [2], got [3]');
    expect(Array.from(target.a.dataSync())).toEqual([0, 0]);
    tf.dispose([target.a, target.b]);
  });
});
