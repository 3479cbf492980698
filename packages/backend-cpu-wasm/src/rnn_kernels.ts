// The Elman RNN sequence operation and its backward pass: per step one backend matmul, then the
// step's arithmetic as one span kernel.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { AttrValues, OpInputs, OpOutputs, RNN_ATTRS, RNN_FORWARD_ATTRS, RnnGradInput, RnnGradOf, RnnInput, RnnOutput } from '@rnnkit/ops';
import type { KernelMemory, Span } from './kernel_memory.js';
import { reshaped, span } from './kernel_memory.js';
import { ADD, CARRY, RNN_BACKWARD_RELU, RNN_BACKWARD_TANH, RNN_RELU_STEP, RNN_TANH_STEP } from './span_kernels.js';
import { biasGradT, copyOf, gradientT, inputGrad, keepSpans, need, previousStates, projectAll, transposedWeight, visitOrder, weightGradT, withColumnsDoubled } from './kernel_helpers.js';

/** Outputs y, h_n, hs, as the portable operation. */
export function rnnForward(
  memory: KernelMemory,
  inputs: OpInputs<RnnInput, TensorInfo>,
  attrs: AttrValues<typeof RNN_FORWARD_ATTRS>,
): OpOutputs<RnnOutput | 'hs', TensorInfo> {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const relu = attrs.activation === 'relu';
  const [T = 0, N = 0] = x.shape;
  const H = need(inputs, 'wHh').shape[1] ?? 0;
  const order = visitOrder(T, attrs);
  const keeps = keepSpans(memory, need(inputs, 'mask'), attrs, N);
  // tanh runs as the backend's vectorised sigmoid, tanh(v) = 2 sigmoid(2v) - 1: with the weights
  // and bias doubled the products come out doubled.
  const [wIh, wHh, bias] = (['wIh', 'wHh', 'bias'] as const).map((name) => {
    const w = need(inputs, name);
    return relu ? w : memory.prepared([w], `columns 0+${H} doubled`, () => withColumnsDoubled(memory, w, 0, H));
  }) as [TensorInfo, TensorInfo, TensorInfo];
  const xw = projectAll(memory, x, wIh, bias);
  const y = memory.alloc([T, N, H]);
  const hs = memory.alloc([T, N, H]);
  const pre = memory.alloc([N, H]);
  let previous = -1;
  for (const t of order) {
    const at = t * N * H;
    const hPrevAlias = previous < 0 ? h0 : memory.alias(hs, previous * N * H, [N, H]);
    const hw = memory.matMul(hPrevAlias, wHh);
    if (previous >= 0) memory.dropAlias(hPrevAlias);
    const hPrev: Span = previous < 0 ? span(h0, 0, H) : span(hs, previous * N * H, H);
    const state = { hPrev, h: span(hs, at, H), y: span(y, at, H), keep: keeps.at(t) };
    if (relu) {
      memory.run(RNN_RELU_STEP, { xw: span(xw, at, H), hw: span(hw, 0, H), ...state }, H, N);
    } else {
      memory.run(ADD, { a: span(xw, at, 0), b: span(hw, 0, 0), out: span(pre, 0, 0) }, N * H, 1);
      const squashed = memory.sigmoid(pre);
      memory.run(RNN_TANH_STEP, { s: span(squashed, 0, H), ...state }, H, N);
      memory.free(squashed);
    }
    memory.free(hw);
    previous = t;
  }
  memory.free(pre);
  memory.free(xw);
  keeps.free();
  const last = order[order.length - 1] ?? 0;
  const hN = memory.alloc([N, H]);
  memory.access([hs, hN], (states, target) => target.set(states.subarray(last * N * H, (last + 1) * N * H)));
  return { y, h: hN, hs };
}

/** Outputs dx, dh0, dwIh, dwHh, dbias, as the portable operation. */
export function rnnBackward(
  memory: KernelMemory,
  inputs: OpInputs<RnnGradInput, TensorInfo>,
  attrs: AttrValues<typeof RNN_ATTRS>,
): OpOutputs<`d${RnnGradOf}`, TensorInfo> {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const hs = need(inputs, 'hs');
  const dy = need(inputs, 'dy');
  const step = attrs.activation === 'relu' ? RNN_BACKWARD_RELU : RNN_BACKWARD_TANH;
  const [T = 0, N = 0] = x.shape;
  const H = need(inputs, 'wHh').shape[1] ?? 0;
  const order = visitOrder(T, attrs);
  const keeps = keepSpans(memory, need(inputs, 'mask'), attrs, N);
  const wHhT = transposedWeight(memory, need(inputs, 'wHh'));
  const dA = memory.alloc([T, N, H]);
  // The carried gradient, updated in place step by step; it is the dh0 output.
  const dh = copyOf(memory, need(inputs, 'dh'));
  for (let v = order.length - 1; v >= 0; v--) {
    const t = order[v] as number;
    const at = t * N * H;
    const keep = keeps.at(t);
    memory.run(step, { h: span(hs, at, H), dy: span(dy, at, H), dh: span(dh, 0, H), da: span(dA, at, H), keep }, H, N);
    const daStep = memory.alias(dA, at, [N, H]);
    const dhPrev = memory.matMul(daStep, wHhT);
    memory.dropAlias(daStep);
    memory.run(CARRY, { product: span(dhPrev, 0, H), dh: span(dh, 0, H), keep }, H, N);
    memory.free(dhPrev);
  }
  keeps.free();
  const hPrevAll = previousStates(memory, h0, hs, order);
  const dx = reshaped(inputGrad(memory, dA, need(inputs, 'wIh')), [T, N, x.shape[2] ?? 0]);
  const dAT = gradientT(memory, dA);
  memory.free(dA);
  const grads = { dx, dh0: dh, dwIh: weightGradT(memory, dAT, x), dwHh: weightGradT(memory, dAT, hPrevAll), dbias: biasGradT(memory, dAT) };
  memory.free(dAT);
  memory.free(hPrevAll);
  return grads;
}
