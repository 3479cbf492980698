// The per-step arithmetic of the reset-before GRU kernels (gru_reset_before_kernels.ts) as span
// formulas, in the conventions of span_kernels.ts (`keep` read once per row, 1 inside a sample's
// length). The backward formulas depend on how the gates were squashed, so they come in one
// kernel per gate activation. The gate derivative is passed in (span_kernels.ts's `gateSlope`):
// span_kernels.ts lists these kernels in SPAN_KERNELS, and importing it back here would make the
// two modules need each other while they load.
import type { GateActivation } from '@rnnkit/ops';
import type { Expr, SpanKernel } from './span_compiler.js';
import { add, bind, load, mul, num, ref, row, store, sub } from './span_compiler.js';

const one = num(1);
const keep = row('keep');
const hold = sub(one, keep);

/** A gate's derivative from its output s, for gates squashed by `kind`. */
export type GateSlope = (kind: GateActivation, s: Expr) => Expr;

/** The span kernels of the reset-before GRU, those of the backward by gate activation. */
export interface GruResetBeforeSpans {
  /** out = r h: the reset state the candidate's recurrent product takes. */
  readonly reset: SpanKernel;
  /**
   * Backward, first half of a step: from dh' = keep (dy + dh), the candidate's and z's
   * pre-activation gradients and the part of dL/dh before the step that skips the products.
   */
  readonly backwardCandidate: Readonly<Record<GateActivation, SpanKernel>>;
  /** Backward, second half: r's pre-activation gradient from d(r h) = da_n W_hn^T, and d(r h) r added to the direct part. */
  readonly backwardReset: Readonly<Record<GateActivation, SpanKernel>>;
  /** Every kernel above, for SPAN_KERNELS. */
  readonly all: readonly SpanKernel[];
}

function backwardCandidate(kind: GateActivation, slope: GateSlope): SpanKernel {
  return {
    name: `gruResetBeforeBackwardCandidate_${kind}`,
    spans: ['z', 'n', 'hPrev', 'dy', 'dh', 'dxz', 'dxn', 'daz', 'dan', 'direct', 'keep'],
    scalars: [],
    body: [
      bind('z', load('z')),
      bind('n', load('n')),
      bind('dh', load('dh')),
      bind('dhNew', mul(keep, add(load('dy'), ref('dh')))),
      bind('dan', mul(mul(ref('dhNew'), sub(one, ref('z'))), sub(one, mul(ref('n'), ref('n'))))),
      bind('daz', mul(mul(ref('dhNew'), sub(load('hPrev'), ref('n'))), slope(kind, ref('z')))),
      store('dxn', ref('dan')),
      store('dan', ref('dan')),
      store('dxz', ref('daz')),
      store('daz', ref('daz')),
      store('direct', add(mul(ref('dhNew'), ref('z')), mul(hold, ref('dh')))),
    ],
  };
}

function backwardReset(kind: GateActivation, slope: GateSlope): SpanKernel {
  return {
    name: `gruResetBeforeBackwardReset_${kind}`,
    spans: ['r', 'hPrev', 'drh', 'dxr', 'dar', 'direct'],
    scalars: [],
    body: [
      bind('r', load('r')),
      bind('drh', load('drh')),
      bind('dar', mul(mul(ref('drh'), load('hPrev')), slope(kind, ref('r')))),
      store('dxr', ref('dar')),
      store('dar', ref('dar')),
      store('direct', add(load('direct'), mul(ref('drh'), ref('r')))),
    ],
  };
}

/** The kernels, with `slope` the gate derivative (span_kernels.ts's `gateSlope`). */
export function gruResetBeforeSpans(slope: GateSlope): GruResetBeforeSpans {
  const reset: SpanKernel = { name: 'gruResetBeforeReset', spans: ['r', 'h', 'out'], scalars: [], body: [store('out', mul(load('r'), load('h')))] };
  const byKind = (make: (kind: GateActivation, s: GateSlope) => SpanKernel): Record<GateActivation, SpanKernel> => ({
    sigmoid: make('sigmoid', slope),
    hardSigmoid: make('hardSigmoid', slope),
  });
  const candidate = byKind(backwardCandidate);
  const resetGrad = byKind(backwardReset);
  return {
    reset,
    backwardCandidate: candidate,
    backwardReset: resetGrad,
    all: [reset, ...Object.values(candidate), ...Object.values(resetGrad)],
  };
}
