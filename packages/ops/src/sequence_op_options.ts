// Options shared by the fused sequence operations.
import type { GateActivation } from './sequence_attrs.js';

/** Options shared by the fused sequence operations (`lstmSequence`, `gruSequence`, `rnnSequence`). */
export interface SequenceOpOptions {
  /** Visit the steps from last to first (the backward direction of a bidirectional layer). */
  readonly reverse: boolean;
  /** Whether the mask holds any 0; when false the portable implementation skips masking. */
  readonly masked: boolean;
}

/** Options of the gated sequence operations (`lstmSequence`, `gruSequence`). */
export interface GatedSequenceOpOptions extends SequenceOpOptions {
  /**
   * How the gates are squashed: `'sigmoid'` (the logistic, PyTorch's; the default) or
   * `'hardSigmoid'` (Keras' `clip(0.2 a + 0.5, 0, 1)`, tf.layers' default `recurrentActivation`).
   */
  readonly gateActivation?: GateActivation;
}
