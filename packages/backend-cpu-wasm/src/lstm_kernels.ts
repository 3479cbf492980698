// The LSTM sequence operation and its backward pass: per step the backend's matmul and sigmoid,
// and the step's gate arithmetic as span kernels (span_kernels.ts). With Keras' hard sigmoid as
// the gate function the gates i, f, o are overwritten by the HARD_SIGMOID span kernel.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { AttrValues, GATED_SEQUENCE_ATTRS, GATED_SEQUENCE_FORWARD_ATTRS, LstmGradInput, LstmGradOf, LstmInput, LstmOutput, LstmWorkspace, OpInputs, OpOutputs } from '@rnnkit/ops';
import type { KernelMemory } from './kernel_memory.js';
import type { Span } from './kernel_memory.js';
import { reshaped, span } from './kernel_memory.js';
import { ADD, COPY, CARRY, DOUBLE, GATED_SUM, HARD_SIGMOID, HOLD, LSTM_BACKWARD, LSTM_BACKWARD_PROJ, LSTM_CELL, LSTM_HIDDEN, LSTM_HIDDEN_R, LSTM_REBUILD, SELECT_STATE, TANH_FROM } from './span_kernels.js';
import { biasGradT, copyOf, gradientT, inputGrad, keepSpans, need, projectAll, splitRows, transposedWeight, visitOrder, weightGradT, withColumnsDoubled } from './kernel_helpers.js';

/**
 * Outputs y, h_n, c_n, gates and cs, as the portable operation; the hidden state is kept for
 * one step only (the backward pass rebuilds the others). Without a gradient tape the gates and
 * cs outputs are empty and never written.
 */
export function lstmForward(
  memory: KernelMemory,
  inputs: OpInputs<LstmInput, TensorInfo> & { readonly wHr?: TensorInfo },
  attrs: AttrValues<typeof GATED_SEQUENCE_FORWARD_ATTRS>,
): OpOutputs<LstmOutput | LstmWorkspace, TensorInfo> {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const c0 = need(inputs, 'c0');
  const wHr = inputs.wHr;
  const [T = 0, N = 0] = x.shape;
  const G = need(inputs, 'wIh').shape[1] ?? 0;
  const H = G / 4;
  const P = h0.shape[1] ?? 0;
  const order = visitOrder(T, attrs);
  const keeps = keepSpans(memory, need(inputs, 'mask'), attrs, N);
  const recording = attrs.workspace;
  // With the candidate's columns doubled its pre-activation comes out doubled, and one sigmoid
  // squashes all four gates. Prepared once per weight data: inference calls reuse them.
  const [wIh, wHh, bias] = (['wIh', 'wHh', 'bias'] as const).map((name) => {
    const w = need(inputs, name);
    return memory.prepared([w], `columns ${2 * H}+${H} doubled`, () => withColumnsDoubled(memory, w, 2 * H, H));
  }) as [TensorInfo, TensorInfo, TensorInfo];
  // The input projection of every step, bias included, as one product.
  const xw = projectAll(memory, x, wIh, bias);
  const y = memory.alloc([T, N, P]);
  const gates = memory.alloc(recording ? [T, N, G] : [0]);
  const cs = memory.alloc(recording ? [T, N, H] : [0]);
  // The carried hidden state: read by the step's matmul before the step overwrites it.
  const hCur = copyOf(memory, h0);
  const cCur = copyOf(memory, c0);
  const r = wHr === undefined ? undefined : memory.alloc([N, H]);
  // Twice the new cell state, squashed by the backend's vectorised sigmoid as well.
  const cTwice = memory.alloc([N, H]);
  for (const t of order) {
    const keep = keeps.at(t);
    const pre = memory.matMul(hCur, wHh);
    memory.run(ADD, { a: span(xw, t * N * G, 0), b: span(pre, 0, 0), out: span(pre, 0, 0) }, N * G, 1);
    const squashed = memory.sigmoid(pre);
    if (attrs.gateActivation === 'hardSigmoid') {
      // i, f and o from their (undoubled) pre-activations; the candidate keeps its logistic.
      memory.run(HARD_SIGMOID, { a: span(pre, 0, G), out: span(squashed, 0, G) }, 2 * H, N);
      memory.run(HARD_SIGMOID, { a: span(pre, 3 * H, G), out: span(squashed, 3 * H, G) }, H, N);
    }
    memory.free(pre);
    const gate = (q: number): Span => span(squashed, q * H, G);
    memory.run(LSTM_CELL, { i: gate(0), f: gate(1), g2: gate(2), c: span(cCur, 0, H), cTwice: span(cTwice, 0, H), keep }, H, N);
    if (recording) {
      const at = t * N * G;
      memory.run(COPY, { a: gate(0), out: span(gates, at, G) }, 2 * H, N);
      memory.run(TANH_FROM, { s: gate(2), out: span(gates, at + 2 * H, G) }, H, N);
      memory.run(COPY, { a: gate(3), out: span(gates, at + 3 * H, G) }, H, N);
      memory.run(COPY, { a: span(cCur, 0, H), out: span(cs, t * N * H, H) }, N * H, 1);
    }
    const squashedC = memory.sigmoid(cTwice);
    if (r === undefined || wHr === undefined) {
      memory.run(LSTM_HIDDEN, { o: gate(3), sc: span(squashedC, 0, H), h: span(hCur, 0, P), y: span(y, t * N * P, P), keep }, H, N);
    } else {
      memory.run(LSTM_HIDDEN_R, { o: gate(3), sc: span(squashedC, 0, H), r: span(r, 0, H) }, H, N);
      const projected = memory.matMul(r, wHr);
      memory.run(SELECT_STATE, { next: span(projected, 0, P), h: span(hCur, 0, P), y: span(y, t * N * P, P), keep }, P, N);
      memory.free(projected);
    }
    memory.free(squashedC);
    memory.free(squashed);
  }
  memory.free(cTwice);
  memory.free(xw);
  keeps.free();
  if (r !== undefined) memory.free(r);
  return { y, h: hCur, c: cCur, gates, cs };
}

/**
 * `[h_prev | x]` of every step, (T, N, P + I): the operand of the stacked weight gradient. The
 * previous hidden states are rebuilt along the visiting order; `advance(t, h)` moves the carried
 * state `h` past step t.
 */
function stepOperands(memory: KernelMemory, h0: TensorInfo, x: TensorInfo, order: readonly number[], advance: (t: number, h: Span) => void): TensorInfo {
  const [T = 0, N = 0, I = 0] = x.shape;
  const P = h0.shape[1] ?? 0;
  const K = P + I;
  const operand = memory.alloc([T, N, K]);
  memory.run(COPY, { a: span(x, 0, I), out: span(operand, P, K) }, I, T * N);
  const carried = copyOf(memory, h0);
  for (const t of order) {
    memory.run(COPY, { a: span(carried, 0, P), out: span(operand, t * N * K, K) }, P, N);
    advance(t, span(carried, 0, P));
  }
  memory.free(carried);
  return operand;
}

/** Outputs dx, dh0, dc0, dwIh, dwHh, dbias and, with a projection, dwHr, as the portable op. */
export function lstmBackward(
  memory: KernelMemory,
  inputs: OpInputs<LstmGradInput, TensorInfo> & { readonly wHr?: TensorInfo },
  attrs: AttrValues<typeof GATED_SEQUENCE_ATTRS>,
): OpOutputs<`d${LstmGradOf}`, TensorInfo> & { readonly dwHr?: TensorInfo } {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const c0 = need(inputs, 'c0');
  const wHr = inputs.wHr;
  const gates = need(inputs, 'gates');
  const cs = need(inputs, 'cs');
  const dy = need(inputs, 'dy');
  const [T = 0, N = 0] = x.shape;
  const G = need(inputs, 'wIh').shape[1] ?? 0;
  const H = G / 4;
  const P = h0.shape[1] ?? 0;
  const order = visitOrder(T, attrs);
  const keeps = keepSpans(memory, need(inputs, 'mask'), attrs, N);
  // tanh(c) of every step in one vectorised call: tanh(c) = 2 sigmoid(2c) - 1.
  const cTwice = memory.alloc([T, N, H]);
  memory.run(DOUBLE, { a: span(cs, 0, 0), out: span(cTwice, 0, 0) }, T * N * H, 1);
  const tanhC = memory.sigmoid(cTwice);
  memory.free(cTwice);
  // The hidden states the forward pass did not keep are rebuilt from r = o * tanh(c).
  let rAll: TensorInfo | undefined;
  let operand: TensorInfo;
  if (wHr === undefined) {
    operand = stepOperands(memory, h0, x, order, (t, h) =>
      memory.run(LSTM_REBUILD, { o: span(gates, t * N * G + 3 * H, G), sc: span(tanhC, t * N * H, H), h, keep: keeps.at(t) }, H, N),
    );
  } else {
    rAll = memory.alloc([T * N, H]);
    memory.run(LSTM_HIDDEN_R, { o: span(gates, 3 * H, G), sc: span(tanhC, 0, H), r: span(rAll, 0, H) }, H, T * N);
    const hNewAll = memory.matMul(rAll, wHr);
    operand = stepOperands(memory, h0, x, order, (t, h) => memory.run(HOLD, { next: span(hNewAll, t * N * P, P), h, keep: keeps.at(t) }, P, N));
    memory.free(hNewAll);
  }
  const wHhT = transposedWeight(memory, need(inputs, 'wHh'));
  const wHrT = wHr === undefined ? undefined : transposedWeight(memory, wHr);
  const dA = memory.alloc([T, N, G]);
  // With a projection, dL/dh_new of every step is kept for dW_hr.
  const dhnAll = wHr === undefined ? undefined : memory.alloc([T, N, P]);
  // The carried gradients, updated in place step by step; they are the dh0 and dc0 outputs.
  const dh = copyOf(memory, need(inputs, 'dh'));
  const dc = copyOf(memory, need(inputs, 'dc'));
  const stepBackward = LSTM_BACKWARD[attrs.gateActivation];
  const stepBackwardProj = LSTM_BACKWARD_PROJ[attrs.gateActivation];
  for (let v = order.length - 1; v >= 0; v--) {
    const t = order[v] as number;
    const previous = v > 0 ? (order[v - 1] as number) : -1;
    const keep = keeps.at(t);
    const at = t * N * G;
    const gate = (q: number): Span => span(gates, at + q * H, G);
    const da = (q: number): Span => span(dA, at + q * H, G);
    const shared = {
      i: gate(0), f: gate(1), g: gate(2), o: gate(3),
      sc: span(tanhC, t * N * H, H),
      cPrev: previous < 0 ? span(c0, 0, H) : span(cs, previous * N * H, H),
      dc: span(dc, 0, H),
      dai: da(0), daf: da(1), dag: da(2), dao: da(3),
      keep,
    };
    if (dhnAll !== undefined && wHrT !== undefined) {
      memory.run(GATED_SUM, { a: span(dy, t * N * P, P), b: span(dh, 0, P), out: span(dhnAll, t * N * P, P), keep }, P, N);
      const dhnStep = memory.alias(dhnAll, t * N * P, [N, P]);
      const dr = memory.matMul(dhnStep, wHrT);
      memory.dropAlias(dhnStep);
      memory.run(stepBackwardProj, { ...shared, dr: span(dr, 0, H) }, H, N);
      memory.free(dr);
    } else {
      memory.run(stepBackward, { ...shared, dy: span(dy, t * N * H, H), dh: span(dh, 0, H) }, H, N);
    }
    const daStep = memory.alias(dA, at, [N, G]);
    const dhPrev = memory.matMul(daStep, wHhT);
    memory.dropAlias(daStep);
    memory.run(CARRY, { product: span(dhPrev, 0, P), dh: span(dh, 0, P), keep }, P, N);
    memory.free(dhPrev);
  }
  memory.free(tanhC);
  keeps.free();
  const dx = reshaped(inputGrad(memory, dA, need(inputs, 'wIh')), [T, N, x.shape[2] ?? 0]);
  const dAT = gradientT(memory, dA);
  memory.free(dA);
  // The two weight gradients are one product with the stacked operand.
  const [dwHh, dwIh] = splitRows(memory, weightGradT(memory, dAT, operand), P);
  memory.free(operand);
  const grads = { dx, dh0: dh, dc0: dc, dwIh, dwHh, dbias: biasGradT(memory, dAT) };
  memory.free(dAT);
  if (dhnAll !== undefined && rAll !== undefined) {
    const dhnT = gradientT(memory, dhnAll);
    memory.free(dhnAll);
    const dwHr = weightGradT(memory, dhnT, rAll);
    memory.free(dhnT);
    memory.free(rAll);
    return { ...grads, dwHr };
  }
  return grads;
}
