// The per-step gate arithmetic of the sequence kernels, as span formulas (span_compiler.ts): each
// runs over the N rows of a step, one call per step, SIMD on wasm and plain loops on cpu. Values
// named `s...` are logistic outputs; tanh(v) = 2 sigmoid(2v) - 1 throughout, because the backend
// squashes with its vectorised sigmoid. `keep` is 1 inside a sample's length and 0 past it, read
// once per row; at 0 a state is held (`keep * new + (1 - keep) * old` selects exactly).
import type { Expr, SpanKernel } from './span_compiler.js';
import type { GateActivation } from '@rnnkit/ops';
import { add, bind, load, max, min, mul, num, positive, ref, row, store, sub } from './span_compiler.js';

const zero = num(0);
const one = num(1);
const two = num(2);
const keep = row('keep');
const hold = sub(one, keep);
/** 2 s - 1: tanh from the logistic of twice the value. */
const tanhFrom = (s: Expr): Expr => sub(mul(two, s), one);
/** `keep * next + (1 - keep) * previous`. */
const select = (next: Expr, previous: Expr): Expr => add(mul(keep, next), mul(hold, previous));
/** The logistic's derivative from its output: s (1 - s). */
const slope = (s: Expr): Expr => mul(s, sub(one, s));
const hardSigmoidSlope = num(0.2);

/** Keras' hard sigmoid, clip(0.2 a + 0.5, 0, 1), rounded as tf.layers computes it (mul, add, clip). */
const hardSigmoidOf = (a: Expr): Expr => max(min(add(mul(hardSigmoidSlope, a), num(0.5)), one), zero);

/**
 * A gate's derivative from its output s: s (1 - s) for the logistic; 0.2 inside the hard
 * sigmoid's linear part (0 < s < 1) and 0 where it clips. At the two points where 0.2 a + 0.5 is
 * exactly 0 or 1, tfjs's clip passes the gradient and this gives 0 (s alone cannot tell them
 * apart from the clipped values).
 */
const gateSlope = (kind: GateActivation, s: Expr): Expr =>
  kind === 'sigmoid' ? slope(s) : mul(hardSigmoidSlope, mul(positive(s), positive(sub(one, s))));

/**
 * One kernel per gate squashing function, from a builder taking it. The sigmoid variant keeps the
 * builder's plain name, the others append the kind (`lstmBackwardHardSigmoid`).
 */
function perGate(name: string, build: (name: string, kind: GateActivation) => SpanKernel): Readonly<Record<GateActivation, SpanKernel>> {
  return { sigmoid: build(name, 'sigmoid'), hardSigmoid: build(`${name}HardSigmoid`, 'hardSigmoid') };
}

/** out = hard sigmoid of a (the gates of a layer with tf.layers' default `recurrentActivation`). */
export const HARD_SIGMOID: SpanKernel = { name: 'hardSigmoid', spans: ['a', 'out'], scalars: [], body: [store('out', hardSigmoidOf(load('a')))] };

/** out = a + b. */
export const ADD: SpanKernel = { name: 'add', spans: ['a', 'b', 'out'], scalars: [], body: [store('out', add(load('a'), load('b')))] };

/** out = a. */
export const COPY: SpanKernel = { name: 'copy', spans: ['a', 'out'], scalars: [], body: [store('out', load('a'))] };

/** A state from a new value: h = keep new + (1 - keep) h, and y = keep new. */
export const SELECT_STATE: SpanKernel = {
  name: 'selectState',
  spans: ['next', 'h', 'y', 'keep'],
  scalars: [],
  body: [bind('next', load('next')), store('h', select(ref('next'), load('h'))), store('y', mul(keep, ref('next')))],
};

/** A state moved past a step: h = keep next + (1 - keep) h. */
export const HOLD: SpanKernel = { name: 'hold', spans: ['next', 'h', 'keep'], scalars: [], body: [store('h', select(load('next'), load('h')))] };

/** keep (a + b): the gradient reaching a step's new state. */
export const GATED_SUM: SpanKernel = {
  name: 'gatedSum',
  spans: ['a', 'b', 'out', 'keep'],
  scalars: [],
  body: [store('out', mul(keep, add(load('a'), load('b'))))],
};

/** out = 2 a. */
export const DOUBLE: SpanKernel = { name: 'double', spans: ['a', 'out'], scalars: [], body: [store('out', mul(two, load('a')))] };

/** out = 2 s - 1 (tanh from a logistic of the doubled value). */
export const TANH_FROM: SpanKernel = { name: 'tanhFrom', spans: ['s', 'out'], scalars: [], body: [store('out', tanhFrom(load('s')))] };

/** A gradient carried past a held step: dh = product + (1 - keep) dh. */
export const CARRY: SpanKernel = {
  name: 'carry',
  spans: ['product', 'dh', 'keep'],
  scalars: [],
  body: [store('dh', add(load('product'), mul(hold, load('dh'))))],
};

/** LSTM forward, cell state: c' = f c + i g; stores 2c' (to squash) and the carried c. */
export const LSTM_CELL: SpanKernel = {
  name: 'lstmCell',
  spans: ['i', 'f', 'g2', 'c', 'cTwice', 'keep'],
  scalars: [],
  body: [
    bind('c', load('c')),
    bind('cNew', add(mul(load('f'), ref('c')), mul(load('i'), tanhFrom(load('g2'))))),
    store('cTwice', mul(two, ref('cNew'))),
    store('c', select(ref('cNew'), ref('c'))),
  ],
};

/** LSTM forward, hidden state: h' = o tanh(c'); stores the carried h and y (0 past a length). */
export const LSTM_HIDDEN: SpanKernel = {
  name: 'lstmHidden',
  spans: ['o', 'sc', 'h', 'y', 'keep'],
  scalars: [],
  body: [bind('out', mul(load('o'), tanhFrom(load('sc')))), store('h', select(ref('out'), load('h'))), store('y', mul(keep, ref('out')))],
};

/** LSTM forward with a projection: r = o tanh(c'), which W_hr then projects. */
export const LSTM_HIDDEN_R: SpanKernel = {
  name: 'lstmHiddenR',
  spans: ['o', 'sc', 'r'],
  scalars: [],
  body: [store('r', mul(load('o'), tanhFrom(load('sc'))))],
};

/** LSTM backward: rebuilds the hidden state after a step, o tanh(c'), held past a length. */
export const LSTM_REBUILD: SpanKernel = {
  name: 'lstmRebuild',
  spans: ['o', 'sc', 'h', 'keep'],
  scalars: [],
  body: [store('h', select(mul(load('o'), tanhFrom(load('sc'))), load('h')))],
};

/**
 * LSTM backward, one step: the pre-activation gradients of i, f, g, o and dL/dc before the step.
 * `dr` is dL/dh after the step (y's gradient plus the carried one, or through W_hr); `kind` is how
 * the forward squashed i, f and o.
 */
function lstmBackward(name: string, kind: GateActivation, dr: Expr, spans: string[]): SpanKernel {
  return {
    name,
    spans: [...spans, 'i', 'f', 'g', 'o', 'sc', 'cPrev', 'dc', 'dai', 'daf', 'dag', 'dao', 'keep'],
    scalars: [],
    body: [
      bind('i', load('i')),
      bind('f', load('f')),
      bind('g', load('g')),
      bind('o', load('o')),
      bind('tc', tanhFrom(load('sc'))),
      bind('dr', dr),
      bind('dc', load('dc')),
      bind('dcNew', add(mul(keep, ref('dc')), mul(mul(ref('dr'), ref('o')), sub(one, mul(ref('tc'), ref('tc')))))),
      store('dai', mul(mul(ref('dcNew'), ref('g')), gateSlope(kind, ref('i')))),
      store('daf', mul(mul(ref('dcNew'), load('cPrev')), gateSlope(kind, ref('f')))),
      store('dag', mul(mul(ref('dcNew'), ref('i')), sub(one, mul(ref('g'), ref('g'))))),
      store('dao', mul(mul(ref('dr'), ref('tc')), gateSlope(kind, ref('o')))),
      store('dc', add(mul(ref('dcNew'), ref('f')), mul(hold, ref('dc')))),
    ],
  };
}

/** {@link lstmBackward} without a projection, per gate squashing function. */
export const LSTM_BACKWARD = perGate('lstmBackward', (name, kind) => lstmBackward(name, kind, mul(keep, add(load('dy'), load('dh'))), ['dy', 'dh']));
/** {@link lstmBackward} with a projection (dL/dr given), per gate squashing function. */
export const LSTM_BACKWARD_PROJ = perGate('lstmBackwardProj', (name, kind) => lstmBackward(name, kind, load('dr'), ['dr']));

/** GRU forward: the doubled candidate pre-activation 2 (xn + r hn), from the logistic r. */
export const GRU_CANDIDATE: SpanKernel = {
  name: 'gruCandidate',
  spans: ['xn', 'r', 'hn', 'out'],
  scalars: [],
  body: [store('out', mul(two, add(load('xn'), mul(load('r'), load('hn')))))],
};

/** GRU forward: h' = n + z (h - n) with n = tanh from its logistic; stores the carried h and y. */
export const GRU_HIDDEN: SpanKernel = {
  name: 'gruHidden',
  spans: ['sn', 'z', 'h', 'y', 'keep'],
  scalars: [],
  body: [
    bind('n', tanhFrom(load('sn'))),
    bind('h', load('h')),
    bind('hNew', add(ref('n'), mul(load('z'), sub(ref('h'), ref('n'))))),
    store('h', select(ref('hNew'), ref('h'))),
    store('y', mul(keep, ref('hNew'))),
  ],
};

/** GRU backward: rebuilds the state after a step from the saved z and n, held past a length. */
export const GRU_REBUILD: SpanKernel = {
  name: 'gruRebuild',
  spans: ['z', 'n', 'h', 'keep'],
  scalars: [],
  body: [bind('n', load('n')), bind('h', load('h')), store('h', select(add(ref('n'), mul(load('z'), sub(ref('h'), ref('n')))), ref('h')))],
};

/**
 * GRU backward, one step: the input-side pre-activation gradients (r, z, n), the recurrent-side
 * ones (the candidate's scaled by r), and the part of dL/dh before the step that skips W_hh.
 * `kind` is how the forward squashed r and z.
 */
const gruBackward = (name: string, kind: GateActivation): SpanKernel => ({
  name,
  spans: ['r', 'z', 'n', 'hn', 'hPrev', 'dy', 'dh', 'dxr', 'dxz', 'dxn', 'dhr', 'dhz', 'dhn', 'direct', 'keep'],
  scalars: [],
  body: [
    bind('r', load('r')),
    bind('z', load('z')),
    bind('n', load('n')),
    bind('dh', load('dh')),
    bind('dhNew', mul(keep, add(load('dy'), ref('dh')))),
    bind('dan', mul(mul(ref('dhNew'), sub(one, ref('z'))), sub(one, mul(ref('n'), ref('n'))))),
    bind('dar', mul(mul(ref('dan'), load('hn')), gateSlope(kind, ref('r')))),
    bind('daz', mul(mul(ref('dhNew'), sub(load('hPrev'), ref('n'))), gateSlope(kind, ref('z')))),
    store('dxr', ref('dar')),
    store('dxz', ref('daz')),
    store('dxn', ref('dan')),
    store('dhr', ref('dar')),
    store('dhz', ref('daz')),
    store('dhn', mul(ref('dan'), ref('r'))),
    store('direct', add(mul(ref('dhNew'), ref('z')), mul(hold, ref('dh')))),
  ],
});

/** {@link gruBackward} per gate squashing function. */
export const GRU_BACKWARD = perGate('gruBackward', gruBackward);

/** Reset-before GRU (Keras' reset_after=False), forward: out = r h, the state W_hn multiplies. */
export const GRU_RESET_BEFORE_RESET: SpanKernel = { name: 'gruResetBeforeReset', spans: ['r', 'h', 'out'], scalars: [], body: [store('out', mul(load('r'), load('h')))] };

/**
 * Reset-before GRU backward, first half of a step: from dh' = keep (dy + dh), the candidate's and
 * z's pre-activation gradients and the part of dL/dh before the step that skips the products.
 * `kind` is how the forward squashed z.
 */
const gruResetBeforeBackwardCandidate = (name: string, kind: GateActivation): SpanKernel => ({
  name,
  spans: ['z', 'n', 'hPrev', 'dy', 'dh', 'dxz', 'dxn', 'daz', 'dan', 'direct', 'keep'],
  scalars: [],
  body: [
    bind('z', load('z')),
    bind('n', load('n')),
    bind('dh', load('dh')),
    bind('dhNew', mul(keep, add(load('dy'), ref('dh')))),
    bind('dan', mul(mul(ref('dhNew'), sub(one, ref('z'))), sub(one, mul(ref('n'), ref('n'))))),
    bind('daz', mul(mul(ref('dhNew'), sub(load('hPrev'), ref('n'))), gateSlope(kind, ref('z')))),
    store('dxn', ref('dan')),
    store('dan', ref('dan')),
    store('dxz', ref('daz')),
    store('daz', ref('daz')),
    store('direct', add(mul(ref('dhNew'), ref('z')), mul(hold, ref('dh')))),
  ],
});

/**
 * Reset-before GRU backward, second half: r's pre-activation gradient from d(r h) = da_n W_hn^T,
 * and d(r h) r added to the direct part. `kind` is how the forward squashed r.
 */
const gruResetBeforeBackwardReset = (name: string, kind: GateActivation): SpanKernel => ({
  name,
  spans: ['r', 'hPrev', 'drh', 'dxr', 'dar', 'direct'],
  scalars: [],
  body: [
    bind('r', load('r')),
    bind('drh', load('drh')),
    bind('dar', mul(mul(ref('drh'), load('hPrev')), gateSlope(kind, ref('r')))),
    store('dxr', ref('dar')),
    store('dar', ref('dar')),
    store('direct', add(load('direct'), mul(ref('drh'), ref('r')))),
  ],
});

/** {@link gruResetBeforeBackwardCandidate} per gate squashing function. */
export const GRU_RESET_BEFORE_BACKWARD_CANDIDATE = perGate('gruResetBeforeBackwardCandidate', gruResetBeforeBackwardCandidate);
/** {@link gruResetBeforeBackwardReset} per gate squashing function. */
export const GRU_RESET_BEFORE_BACKWARD_RESET = perGate('gruResetBeforeBackwardReset', gruResetBeforeBackwardReset);

/** Elman RNN forward, tanh: h' = tanh from its logistic s; stores the carried h and y. */
export const RNN_TANH_STEP: SpanKernel = {
  name: 'rnnTanhStep',
  spans: ['s', 'hPrev', 'h', 'y', 'keep'],
  scalars: [],
  body: [bind('hNew', tanhFrom(load('s'))), store('h', select(ref('hNew'), load('hPrev'))), store('y', mul(keep, ref('hNew')))],
};

/** Elman RNN forward, ReLU: h' = max(xw + hw, 0); stores the carried h and y. */
export const RNN_RELU_STEP: SpanKernel = {
  name: 'rnnReluStep',
  spans: ['xw', 'hw', 'hPrev', 'h', 'y', 'keep'],
  scalars: [],
  body: [bind('hNew', max(add(load('xw'), load('hw')), zero)), store('h', select(ref('hNew'), load('hPrev'))), store('y', mul(keep, ref('hNew')))],
};

/** Elman RNN backward, tanh: the pre-activation gradient keep (dy + dh) (1 - h^2). */
export const RNN_BACKWARD_TANH: SpanKernel = {
  name: 'rnnBackwardTanh',
  spans: ['h', 'dy', 'dh', 'da', 'keep'],
  scalars: [],
  body: [bind('h', load('h')), store('da', mul(mul(keep, add(load('dy'), load('dh'))), sub(one, mul(ref('h'), ref('h')))))],
};

/** Elman RNN backward, ReLU: keep (dy + dh) where the state is above 0, else 0. */
export const RNN_BACKWARD_RELU: SpanKernel = {
  name: 'rnnBackwardRelu',
  spans: ['h', 'dy', 'dh', 'da', 'keep'],
  scalars: [],
  body: [store('da', mul(mul(keep, add(load('dy'), load('dh'))), positive(load('h'))))],
};

/** Every span kernel, compiled together into one module per backend. */
export const SPAN_KERNELS: readonly SpanKernel[] = [
  COPY,
  HARD_SIGMOID,
  SELECT_STATE,
  HOLD,
  GATED_SUM,
  ADD,
  DOUBLE,
  TANH_FROM,
  CARRY,
  LSTM_CELL,
  LSTM_HIDDEN,
  LSTM_HIDDEN_R,
  LSTM_REBUILD,
  ...Object.values(LSTM_BACKWARD),
  ...Object.values(LSTM_BACKWARD_PROJ),
  GRU_CANDIDATE,
  GRU_HIDDEN,
  GRU_REBUILD,
  ...Object.values(GRU_BACKWARD),
  GRU_RESET_BEFORE_RESET,
  ...Object.values(GRU_RESET_BEFORE_BACKWARD_CANDIDATE),
  ...Object.values(GRU_RESET_BEFORE_BACKWARD_RESET),
  RNN_TANH_STEP,
  RNN_RELU_STEP,
  RNN_BACKWARD_TANH,
  RNN_BACKWARD_RELU,
];
