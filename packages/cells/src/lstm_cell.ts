// The LSTM cell, PyTorch's `nn.LSTMCell`, with peephole, coupled-gate and projection options.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, ParamSpec, Params, PreparedStep } from '@rnnkit/core';
import { InputError, checkBoolean, checkInteger, checkKnownOptions, checkParamSpec } from '@rnnkit/core';
import { lstmSequence } from '@rnnkit/ops';
import { biasSum, block, defineCell, entry, linearT, read, stateOf, transposed } from './internal.js';

export interface LstmCellOptions {
  inputSize: number;
  hiddenSize: number;
  /** Whether the cell has biases. @default true */
  bias?: boolean;
  /** Size of the projected state `h = W_hr (o * tanh(c))`; 0 for none. Must be < hiddenSize. @default 0 */
  projSize?: number;
  /** Peephole connections: the gates also see the cell state through diagonal weights. @default false */
  peephole?: boolean;
  /** Coupled input-forget gate (CIFG): `f = 1 - i`, no forget-gate weights. @default false */
  coupled?: boolean;
}

const KNOWN = ['inputSize', 'hiddenSize', 'bias', 'projSize', 'peephole', 'coupled'];

/**
 * LSTM cell with PyTorch's gate order i, f, g, o:
 * `i = σ(W_i x + U_i h + b_i)`, `f = σ(W_f x + U_f h + b_f)`, `g = tanh(W_g x + U_g h + b_g)`,
 * `o = σ(W_o x + U_o h + b_o)`, `c' = f c + i g`, `h' = o tanh(c')` (times `W_hr` with a projection).
 *
 * - `peephole`: `i` and `f` add `p_i * c`, `p_f * c`; `o` adds `p_o * c'` (diagonal peepholes).
 * - `coupled`: `f = 1 - i`; the stacked weights hold gates i, g, o only.
 * - `projSize`: `h` has projSize features and `weight_hh` multiplies it (PyTorch's `proj_size`).
 *
 * Parameters: the plain cell uses PyTorch `LSTMCell` names `weight_ih` (4H, I), `weight_hh` (4H, P),
 * `bias_ih`, `bias_hh` (4H), plus `weight_hr` (P, H) with a projection. A peephole or coupled cell
 * has one `bias` (G·H) and `peephole_i`, `peephole_f`, `peephole_o` (H) as it uses them.
 * State `{h, c}`; output `h`.
 *
 * @example
 * const cell = lstmCell({ inputSize: 3, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(0));
 * const { state, output } = cell.step(params, tf.ones([2, 3]), { h: tf.zeros([2, 8]), c: tf.zeros([2, 8]) });
 */
export function lstmCell(options: LstmCellOptions): Cell {
  const fn = 'lstmCell';
  checkKnownOptions(fn, 'options', options, KNOWN, { required: true });
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const projSize = checkInteger(fn, 'projSize', options.projSize ?? 0, 0);
  const peephole = checkBoolean(fn, 'peephole', options.peephole ?? false);
  const coupled = checkBoolean(fn, 'coupled', options.coupled ?? false);
  if (projSize >= hiddenSize) {
    throw new InputError(fn, 'projSize', `projSize must be smaller than hiddenSize (${hiddenSize}), got ${projSize}`);
  }
  const H = hiddenSize;
  const P = projSize > 0 ? projSize : H;
  const gateCount = coupled ? 3 : 4;
  const plain = !peephole && !coupled;
  const G = gateCount * H;
  const paramSpec: ParamSpec = {
    weight_ih: entry([G, inputSize], H),
    weight_hh: entry([G, P], H),
    ...(bias && plain ? { bias_ih: entry([G], H), bias_hh: entry([G], H) } : {}),
    // Departs from PyTorch's two biases on purpose for the variants PyTorch lacks: b_ih + b_hh is
    // one free parameter, so a peephole or coupled cell has one `bias` (as Gers et al. write it).
    ...(bias && !plain ? { bias: entry([G], H) } : {}),
    ...(peephole ? { peephole_i: entry([H], H) } : {}),
    ...(peephole && !coupled ? { peephole_f: entry([H], H) } : {}),
    ...(peephole ? { peephole_o: entry([H], H) } : {}),
    ...(projSize > 0 ? { weight_hr: entry([P, H], H) } : {}),
  };
  checkParamSpec(fn, inputSize > hiddenSize ? 'inputSize' : 'hiddenSize', paramSpec);
  const flags = [peephole ? 'peephole' : '', coupled ? 'coupled' : '', projSize > 0 ? `projSize=${projSize}` : '']
    .filter((s) => s !== '')
    .join(', ');
  const name = flags === '' ? 'lstmCell' : `lstmCell(${flags})`;

  // Slots of the stacked gates: i, f, g, o, or i, g, o when f is coupled to i.
  const slot = coupled ? { i: 0, f: -1, g: 1, o: 2 } : { i: 0, f: 1, g: 2, o: 3 };

  /** The summed bias: PyTorch's two biases add up, a variant has one. */
  function combinedBias(params: Params): tf.Tensor | undefined {
    if (!bias) return undefined;
    return plain ? biasSum(params, 'bias_ih', 'bias_hh') : read(params, 'bias');
  }

  function layout(params: Params): PreparedStep {
    const wIh = transposed(params, 'weight_ih');
    const wHh = transposed(params, 'weight_hh');
    const b = combinedBias(params);
    const wHr = projSize > 0 ? transposed(params, 'weight_hr') : undefined;
    const pI = peephole ? read(params, 'peephole_i') : undefined;
    const pF = peephole && !coupled ? read(params, 'peephole_f') : undefined;
    const pO = peephole ? read(params, 'peephole_o') : undefined;
    const withPeep = (pre: tf.Tensor2D, p: tf.Tensor | undefined, c: tf.Tensor2D): tf.Tensor2D => (p === undefined ? pre : tf.add(pre, tf.mul(p, c)));
    return (x, state) => {
      const c = stateOf(state, 'c');
      const a = tf.add(linearT(x, wIh, b), linearT(stateOf(state, 'h'), wHh)) as tf.Tensor2D;
      const i = tf.sigmoid(withPeep(block(a, slot.i, gateCount), pI, c));
      const f = coupled ? tf.sub(1, i) : tf.sigmoid(withPeep(block(a, slot.f, gateCount), pF, c));
      const g = tf.tanh(block(a, slot.g, gateCount));
      const cNext = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
      const o = tf.sigmoid(withPeep(block(a, slot.o, gateCount), pO, cNext));
      const r = tf.mul(o, tf.tanh(cNext)) as tf.Tensor2D;
      const hNext = wHr === undefined ? r : linearT(r, wHr);
      return { state: { h: hNext, c: cNext }, output: hNext };
    };
  }

  const definition = { name, inputSize, outputSize: P, stateSizes: { h: P, c: H }, paramSpec, layout };
  // PyTorch's own LSTM runs as the fused sequence operation; the variants loop over the prepared step.
  if (!plain) return defineCell(definition);
  return defineCell({
    ...definition,
    sequence(params, x, state, { mask, masked, reverse }) {
      const out = lstmSequence(
        {
          x,
          h0: stateOf(state, 'h'),
          c0: stateOf(state, 'c'),
          wIh: transposed(params, 'weight_ih'),
          wHh: transposed(params, 'weight_hh'),
          bias: (combinedBias(params) ?? tf.zeros([G])) as tf.Tensor1D,
          ...(projSize > 0 ? { wHr: transposed(params, 'weight_hr') } : {}),
          mask,
        },
        { reverse, masked },
      );
      return { output: out.output, state: { h: out.h, c: out.c } };
    },
  });
}
