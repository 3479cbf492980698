// encoderDecoder against a hand-written loop over the public pieces, its decoders against brute
// force, leaks and bad input.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, Params } from '@rnnkit/core';
import { gruCell, lstmCell } from '@rnnkit/cells';
import { seededRandom } from '@rnnkit/core';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues, tensorCountsOverSteps } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { applyLayer } from '../recurrent/apply_layer.js';
import { bahdanauAttention } from '../attention/bahdanau_attention.js';
import { bidirectional } from '../recurrent/bidirectional.js';
import { cellLayer } from '../recurrent/cell_layer.js';
import type { DecoderAttention, EncoderDecoder } from './encoder_decoder.js';
import { encoderDecoder } from './encoder_decoder.js';
import { luongAttention } from '../attention/luong_attention.js';
import { scaledDotProductAttention } from '../attention/scaled_dot_product_attention.js';

const D = 5;
const H = 3;

function model(attention: DecoderAttention, decoder: Cell = gruCell({ inputSize: D + 2 * H, hiddenSize: 2 * H }), seed = 1): EncoderDecoder {
  return encoderDecoder({
    sourceVocab: 7,
    targetVocab: 6,
    embeddingSize: D,
    encoder: bidirectional(cellLayer(gruCell({ inputSize: D, hiddenSize: H })), cellLayer(gruCell({ inputSize: D, hiddenSize: H }))),
    decoder,
    attention,
    attentionSize: 4,
    startToken: 4,
    endToken: 5,
    seed,
  });
}

const prefixed = (params: Params, prefix: string): Params =>
  Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));

/** The model written out by hand from the public pieces: applyLayer, a cell's step, the attention functions. */
function handLoop(p: Params, attention: DecoderAttention, decoder: Cell, tokens: number[][], lengths: number[], target: number[][]): tf.Tensor3D {
  // A one-hot product rather than gather: the wasm backend has no kernel for gather's gradient.
  const embed = (table: tf.Tensor, ids: number[]) => tf.matMul(tf.oneHot(tf.tensor1d(ids, 'int32'), table.shape[0] ?? 0), table as tf.Tensor2D);
  const x = tf.stack(tokens.map((row) => embed(p['source_embedding.weight'] as tf.Tensor, row))) as tf.Tensor3D;
  const layer = bidirectional(cellLayer(gruCell({ inputSize: D, hiddenSize: H })), cellLayer(gruCell({ inputSize: D, hiddenSize: H })));
  const keys = applyLayer('test', layer, prefixed(p, 'encoder.'), x, { lengths }, { batchFirst: true, random: seededRandom(0) }).output;
  let state: Record<string, tf.Tensor2D> = Object.fromEntries(Object.entries(decoder.stateSizes).map(([k, s]) => [k, tf.zeros([tokens.length, s]) as tf.Tensor2D]));
  const logits: tf.Tensor2D[] = [];
  for (let t = 0; t < (target[0]?.length ?? 0); t++) {
    const query = tf.expandDims(state['h'] as tf.Tensor2D, 1) as tf.Tensor3D;
    const att = prefixed(p, 'attention.');
    const { context } =
      attention === 'bahdanau' ? bahdanauAttention(att, query, keys, { lengths })
        : attention === 'scaled_dot' ? scaledDotProductAttention(query, keys, keys, { lengths })
          : luongAttention(att, query, keys, { lengths, score: attention === 'luong_dot' ? 'dot' : 'general' });
    const previous = target.map((row) => (t === 0 ? 4 : (row[t - 1] ?? 0)));
    const ctx = tf.squeeze(context, [1]) as tf.Tensor2D;
    const next = decoder.step(prefixed(p, 'decoder.'), tf.concat([embed(p['target_embedding.weight'] as tf.Tensor, previous), ctx], 1) as tf.Tensor2D, state).state;
    state = { ...next };
    const features = tf.concat([next['h'] as tf.Tensor2D, ctx], 1);
    logits.push(tf.add(tf.matMul(features, p['out.weight'] as tf.Tensor2D, false, true), p['out.bias'] as tf.Tensor) as tf.Tensor2D);
  }
  return tf.stack(logits, 1) as tf.Tensor3D;
}

const TOKENS = [[1, 2, 3, 4, 5], [6, 0, 1, 0, 0], [2, 2, 0, 0, 0]];
const LENGTHS = [5, 2, 3];
const TARGET = [[1, 2, 3, 5], [0, 5, 5, 5], [3, 3, 1, 5]];

/** log P(tokens, then end) under teacher forcing: the brute-force score of one hypothesis. */
function sequenceLogProb(m: EncoderDecoder, source: number[], length: number, tokens: number[]): number {
  return tf.tidy(() => {
    const target = [...tokens, 5];
    const { logits } = m.forward({ tokens: tf.tensor2d([source], [1, source.length], 'int32'), lengths: [length] }, tf.tensor2d([target], [1, target.length], 'int32'));
    const logp = tf.logSoftmax(logits).dataSync();
    return target.reduce((s, v, t) => s + (logp[t * 6 + v] ?? NaN), 0);
  });
}

describeWithBackends(['cpu', 'wasm'], 'encoderDecoder', () => {
  it.each([
    ['bahdanau', gruCell({ inputSize: D + 2 * H, hiddenSize: 2 * H })],
    ['luong_general', lstmCell({ inputSize: D + 2 * H, hiddenSize: 4 })],
    ['luong_dot', gruCell({ inputSize: D + 2 * H, hiddenSize: 2 * H })],
    ['scaled_dot', lstmCell({ inputSize: D + 2 * H, hiddenSize: 2 * H })],
  ] as const)('%s: teacher-forced logits equal a hand-written loop over the public pieces', (attention, decoder) => {
    const m = model(attention, decoder);
    tf.tidy(() => {
      const { logits, weights } = m.forward({ tokens: tf.tensor2d(TOKENS, undefined, 'int32'), lengths: LENGTHS }, tf.tensor2d(TARGET, undefined, 'int32'));
      expect(logits.shape).toEqual([3, 4, 6]);
      expect(weights.shape).toEqual([3, 4, 5]);
      // Padding gets no attention.
      expect(Array.from(tf.slice(weights, [1, 0, 2], [1, 4, 3]).dataSync()).every((w) => w === 0)).toBe(true);
      const expected = handLoop(m.parameters, attention, decoder, TOKENS, LENGTHS, TARGET);
      expect(compareValues(logits.dataSync(), expected.dataSync(), FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
    });
    m.dispose();
  });

  it('gradients of every parameter equal those through the hand-written loop', () => {
    const decoder = gruCell({ inputSize: D + 2 * H, hiddenSize: 2 * H });
    const m = model('bahdanau', decoder);
    const names = Object.keys(m.parameters);
    tf.tidy(() => {
      const cot = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 3);
      const source = { tokens: tf.tensor2d(TOKENS, undefined, 'int32'), lengths: LENGTHS };
      const target = tf.tensor2d(TARGET, undefined, 'int32');
      const asParams = (args: tf.Tensor[]) => Object.fromEntries(names.map((n, i) => [n, args[i] as tf.Tensor]));
      const ours = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(m.apply(asParams(args), source, target).logits, cot)));
      const theirs = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(handLoop(asParams(args), 'bahdanau', decoder, TOKENS, LENGTHS, TARGET), cot)));
      const values = names.map((n) => m.parameters[n] as tf.Tensor);
      const a = ours(values);
      const b = theirs(values);
      names.forEach((n, i) => {
        const c = compareValues((a[i] as tf.Tensor).dataSync(), (b[i] as tf.Tensor).dataSync(), GRADIENT_TOLERANCE);
        if (c.worstRatio > 1) throw new Error(`${n}: index ${c.worstIndex} got ${c.actual}, expected ${c.expected}`);
      });
    });
    m.dispose();
  });

  it('stateDict names every parameter as PyTorch would; loadStateDict into another model gives its logits', () => {
    const a = model('luong_general', lstmCell({ inputSize: D + 2 * H, hiddenSize: 4 }), 1);
    const b = model('luong_general', lstmCell({ inputSize: D + 2 * H, hiddenSize: 4 }), 2);
    const names = Object.keys(a.stateDict());
    expect(names).toEqual(expect.arrayContaining(['source_embedding.weight', 'target_embedding.weight', 'out.weight', 'out.bias', 'attention.W', 'encoder.weight_ih', 'encoder.weight_ih_reverse', 'decoder.weight_hh']));
    expect(a.stateDict()['out.weight']?.shape).toEqual([6, 4 + 2 * H]);
    tf.tidy(() => {
      const source = { tokens: tf.tensor2d(TOKENS, undefined, 'int32'), lengths: LENGTHS };
      const target = tf.tensor2d(TARGET, undefined, 'int32');
      const before = b.forward(source, target).logits;
      b.loadStateDict(a.stateDict());
      const after = b.forward(source, target).logits;
      expect(compareValues(after.dataSync(), before.dataSync(), FORWARD_TOLERANCE).worstRatio).toBeGreaterThan(1);
      expect(Array.from(after.dataSync())).toEqual(Array.from(a.forward(source, target).logits.dataSync()));
    });
    expect(() => b.loadStateDict({ ...a.stateDict(), 'out.bias': tf.zeros([5]) })).toThrow(/encoderDecoder.loadStateDict: stateDict.out.bias must have shape \[6\]/);
    a.dispose();
    b.dispose();
  });

  it('beam search of width 1 is greedy decoding', () => {
    const m = model('bahdanau', undefined, 5);
    const source = { tokens: tf.tensor2d(TOKENS, undefined, 'int32'), lengths: LENGTHS };
    const greedy = m.greedy(source, { maxLength: 4 });
    const beams = m.beamSearch(source, { beamWidth: 1, maxLength: 4 });
    greedy.forEach((g, n) => {
      const b = beams[n]?.[0];
      expect(b?.tokens).toEqual(g.tokens);
      expect(b?.ended).toBe(g.ended);
      expect(Math.abs((b?.logProb ?? NaN) - g.logProb)).toBeLessThan(1e-4);
    });
    source.tokens.dispose();
    m.dispose();
  });

  it('a wide beam finds the most probable ended sequence that brute force finds, with its log-probability', () => {
    const maxLength = 3;
    for (const seed of [2, 3]) {
      const m = model('luong_general', lstmCell({ inputSize: D + 2 * H, hiddenSize: 4 }), seed);
      // Sharper distributions than the initial ones make the search non-trivial.
      m.parameters['out.weight']?.assign(tf.mul(m.parameters['out.weight'] as tf.Tensor, 4));
      const [source, length] = [[3, 1, 6, 0, 0], 3];
      const all: number[][] = [[]];
      for (let len = 1; len <= maxLength; len++) {
        for (const prefix of all.filter((s) => s.length === len - 1)) for (let v = 0; v < 6; v++) if (v !== 5) all.push([...prefix, v]);
      }
      const scored = all.map((tokens) => ({ tokens, logProb: sequenceLogProb(m, source, length, tokens) })).sort((a, b) => b.logProb - a.logProb);
      const tokens = tf.tensor2d([source], [1, 5], 'int32');
      const [found] = m.beamSearch({ tokens, lengths: [length] }, { beamWidth: 125, maxLength });
      const best = found?.[0];
      expect(best?.ended).toBe(true);
      expect(best?.tokens).toEqual(scored[0]?.tokens);
      expect(Math.abs((best?.logProb ?? NaN) - (scored[0]?.logProb ?? NaN))).toBeLessThan(1e-4);
      // Every returned hypothesis carries its own log-probability, best first.
      for (const h of found ?? []) if (h.ended) expect(Math.abs(h.logProb - sequenceLogProb(m, source, length, h.tokens))).toBeLessThan(1e-4);
      tokens.dispose();
      m.dispose();
    }
  });

  it('respects the length limit and leaks no tensors when training or decoding', async () => {
    const m = model('bahdanau');
    const source = { tokens: tf.tensor2d(TOKENS, undefined, 'int32'), lengths: LENGTHS };
    const target = tf.tensor2d(TARGET, undefined, 'int32');
    for (const h of m.greedy(source, { maxLength: 2 })) expect(h.tokens.length).toBeLessThanOrEqual(2);
    for (const list of m.beamSearch(source, { maxLength: 2, beamWidth: 3 })) {
      expect(list.length).toBeGreaterThan(0);
      for (const h of list) expect(h.tokens.length).toBeLessThanOrEqual(2);
    }
    const optimizer = tf.train.adam(0.01);
    const counts = await tensorCountsOverSteps(() => {
      const loss = optimizer.minimize(() => tf.mean(tf.square(m.forward(source, target, { training: true }).logits)), true, Object.values(m.parameters));
      loss?.dispose();
      m.greedy(source, { maxLength: 3 });
      m.beamSearch(source, { maxLength: 3, beamWidth: 2 });
    });
    expect(counts.afterLast).toBe(counts.afterSecond);
    tf.dispose([source.tokens, target]);
    optimizer.dispose();
    m.dispose();
  });
});

describeWithBackends(['cpu'], 'encoderDecoder bad input', () => {
  const encoder = () => cellLayer(gruCell({ inputSize: D, hiddenSize: H }));
  const base = () => ({ sourceVocab: 7, targetVocab: 6, embeddingSize: D, encoder: encoder(), decoder: gruCell({ inputSize: D + H, hiddenSize: H }), startToken: 4, endToken: 5 });
  it.each([
    ['an encoder of another input size', () => encoderDecoder({ ...base(), embeddingSize: 4 }), 'encoderDecoder: encoder must take embeddingSize (4) inputs, got inputSize 5'],
    ['a decoder of another input size', () => encoderDecoder({ ...base(), decoder: gruCell({ inputSize: D, hiddenSize: H }) }), /decoder must take embeddingSize \+ encoder output \(5 \+ 3 = 8\) inputs, got inputSize 5/],
    ['a dot score with mismatched sizes', () => encoderDecoder({ ...base(), decoder: gruCell({ inputSize: D + H, hiddenSize: 4 }), attention: 'luong_dot' }), /attention "luong_dot" needs the decoder's h size \(4\) to equal the encoder's output size \(3\)/],
    ['an unknown attention', () => encoderDecoder({ ...base(), attention: 'concat' as never }), /attention must be one of "bahdanau", "luong_general", "luong_dot", "scaled_dot", got "concat"/],
    ['a start token out of the vocabulary', () => encoderDecoder({ ...base(), startToken: 6 }), /startToken must be an integer in \[0, 5\], got 6/],
    ['a missing encoder', () => encoderDecoder({ ...base(), encoder: undefined as never }), /encoder must be a sequence layer/],
    ['a decoder that is a layer', () => encoderDecoder({ ...base(), decoder: encoder() as never }), /decoder must be a cell/],
    ['an unknown option', () => encoderDecoder({ ...base(), beam: 3 } as never), /unknown option "beam"/],
  ])('rejects %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });

  it('rejects bad calls with the argument named', () => {
    const m = encoderDecoder(base());
    const tokens = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
    const target = tf.tensor2d([[1, 5]], [1, 2], 'int32');
    expect(() => m.forward(tokens as never, target)).toThrow('encoderDecoder.forward: source must be an object {tokens, lengths?}, got a int32 tensor of shape [1, 3]');
    expect(() => m.forward({ tokens: tf.tensor2d([[1, 2, 3]]) }, target)).toThrow(/source.tokens must have dtype int32, got float32/);
    expect(() => m.forward({ tokens: tf.tensor2d([[1, 9, 3]], [1, 3], 'int32') }, target)).toThrow('encoderDecoder.forward: source.tokens holds token ids in [0, 6], got 9 at flat index 1');
    expect(() => m.forward({ tokens, lengths: [0] }, target)).toThrow(/source.lengths\[0\] must be at least 1, got 0/);
    expect(() => m.forward({ tokens, lengths: [4] }, target)).toThrow(/lengths\[0\] must be an integer in \[0, 3\]/);
    expect(() => m.forward({ tokens }, tf.tensor2d([[1], [2]], [2, 1], 'int32'))).toThrow(/target must have shape \[1, \*\] \(N, T\), got shape \[2, 1\]/);
    expect(() => m.forward({ tokens }, tf.tensor2d([[1, 6]], [1, 2], 'int32'))).toThrow(/target holds token ids in \[0, 5\], got 6/);
    expect(() => m.forward({ tokens }, target, { training: 1 as never })).toThrow(/training must be a boolean, got 1/);
    expect(() => m.greedy({ tokens }, { maxLength: 0 })).toThrow('encoderDecoder.greedy: maxLength must be an integer >= 1, got 0');
    expect(() => m.greedy({ tokens }, undefined as never)).toThrow(/options must be an object with maxLength/);
    expect(() => m.beamSearch({ tokens }, { maxLength: 3, beamWidth: 0 })).toThrow('encoderDecoder.beamSearch: beamWidth must be an integer >= 1, got 0');
    const { 'out.bias': _dropped, ...partial } = m.parameters;
    expect(() => m.apply(partial, { tokens }, target)).toThrow(/encoderDecoder.apply: params.out.bias is missing/);
    expect(() => m.apply({ ...m.parameters, extra: tf.zeros([1]) }, { tokens }, target)).toThrow(/params.extra is not a parameter here/);
    m.dispose();
  });
});
