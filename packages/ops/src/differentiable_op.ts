// A fused operation paired with the fused operation that computes its gradient.
import type { FusedOp } from './fused_op.js';
import type { AttrSchema } from './fused_op_spec.js';

/** The attribute a forward operation gets: false when no gradient records, so it may skip its workspace. */
export type WorkspaceAttr = { readonly workspace: 'boolean' };

/**
 * A forward operation and the backward operation that is its gradient, tied by names alone: the
 * backward reads forward inputs by their names, the forward's workspace by its names and the
 * upstream gradient of forward output `y` as `dy`; it returns the gradient of forward input `x`
 * as `dx`. A forward input without a `d` output gets a zero gradient.
 */
export interface DifferentiableOp<In extends string, Out extends string, Ws extends string, S extends AttrSchema, BackIn extends string, Grad extends In> {
  readonly forward: FusedOp<In, Out, Ws, S & WorkspaceAttr>;
  readonly backward: FusedOp<BackIn, `d${Grad}`, never, S>;
}
