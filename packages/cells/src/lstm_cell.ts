// The LSTM cell, PyTorch's `nn.LSTMCell`, with peephole, coupled-gate and projection options.
import * as tf from '@tensorflow/tfjs-core';
import type { Carry, Cell, ParamSpec, Params } from '@rnnkit/core';
import { InputError, checkBoolean, checkInteger, checkKnownOptions } from '@rnnkit/core';
import { lstmSequence } from '@rnnkit/ops';
import { block, carryOf, checkStep, entry, linear, param } from './internal.js';

/** Options of `lstmCell`. */
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
 * Carry `{h, c}`; output `h`.
 *
 * @example
 * const cell = lstmCell({ inputSize: 3, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(0));
 * const [carry, y] = cell.step(params, { h: tf.zeros([2, 8]), c: tf.zeros([2, 8]) }, tf.ones([2, 3]));
 */
export function lstmCell(options: LstmCellOptions): Cell {
  const fn = 'lstmCell';
  checkKnownOptions(fn, 'options', options, KNOWN);
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
    ...(bias && !plain ? { bias: entry([G], H) } : {}),
    ...(peephole ? { peephole_i: entry([H], H) } : {}),
    ...(peephole && !coupled ? { peephole_f: entry([H], H) } : {}),
    ...(peephole ? { peephole_o: entry([H], H) } : {}),
    ...(projSize > 0 ? { weight_hr: entry([P, H], H) } : {}),
  };
  const flags = [peephole ? 'peephole' : '', coupled ? 'coupled' : '', projSize > 0 ? `projSize=${projSize}` : '']
    .filter((s) => s !== '')
    .join(', ');
  const name = flags === '' ? 'lstmCell' : `lstmCell(${flags})`;

  function preActivations(params: Params, h: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
    const fromInput = linear(x, param(name, params, 'weight_ih'), plain && bias ? params['bias_ih'] : undefined);
    const fromState = linear(h, param(name, params, 'weight_hh'), plain && bias ? params['bias_hh'] : undefined);
    const sum = tf.add(fromInput, fromState);
    return (!plain && bias ? tf.add(sum, param(name, params, 'bias')) : sum) as tf.Tensor2D;
  }

  const cell: Cell = {
    name,
    inputSize,
    outputSize: P,
    carrySizes: { h: P, c: H },
    paramSpec,
    step(params: Params, carry: Carry, x: tf.Tensor2D): [Carry, tf.Tensor2D] {
      const input = checkStep(cell, params, carry, x);
      const c = carryOf(carry, 'c');
      const a = preActivations(params, carryOf(carry, 'h'), input);
      // Slots of the stacked gates: i, f, g, o, or i, g, o when f is coupled to i.
      const slot = coupled ? { i: 0, g: 1, o: 2 } : { i: 0, f: 1, g: 2, o: 3 };
      const peep = (gate: string, state: tf.Tensor2D): tf.Tensor2D | undefined =>
        peephole ? tf.mul(param(name, params, `peephole_${gate}`), state) : undefined;
      const withPeep = (pre: tf.Tensor2D, gate: string, state: tf.Tensor2D): tf.Tensor2D => {
        const p = peep(gate, state);
        return p === undefined ? pre : tf.add(pre, p);
      };
      const i = tf.sigmoid(withPeep(block(a, slot.i, gateCount), 'i', c));
      const f = coupled ? tf.sub(1, i) : tf.sigmoid(withPeep(block(a, slot.f ?? 1, gateCount), 'f', c));
      const g = tf.tanh(block(a, slot.g, gateCount));
      const cNext = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
      const o = tf.sigmoid(withPeep(block(a, slot.o, gateCount), 'o', cNext));
      const r = tf.mul(o, tf.tanh(cNext)) as tf.Tensor2D;
      const hNext = projSize > 0 ? linear(r, param(name, params, 'weight_hr')) : r;
      return [{ h: hNext, c: cNext }, hNext];
    },
  };
  if (plain) {
    // PyTorch's own LSTM runs as the fused sequence operation; the variants loop over `step`.
    return {
      ...cell,
      sequence(params, x, carry, { mask, masked, reverse }) {
        const out = lstmSequence(
          {
            x,
            h0: carryOf(carry, 'h'),
            c0: carryOf(carry, 'c'),
            wIh: tf.transpose(param(name, params, 'weight_ih')) as tf.Tensor2D,
            wHh: tf.transpose(param(name, params, 'weight_hh')) as tf.Tensor2D,
            bias: bias ? tf.add(param(name, params, 'bias_ih'), param(name, params, 'bias_hh')) : tf.zeros([G]),
            ...(projSize > 0 ? { wHr: tf.transpose(param(name, params, 'weight_hr')) as tf.Tensor2D } : {}),
            mask,
          },
          { reverse, masked },
        );
        return { output: out.output, carry: { h: out.h, c: out.c } };
      },
    };
  }
  return cell;
}
