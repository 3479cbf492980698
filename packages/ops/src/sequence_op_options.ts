// Options shared by the fused sequence operations.

/** Options shared by the fused sequence operations (`lstmSequence`, `gruSequence`, `rnnSequence`). */
export interface SequenceOpOptions {
  /** Visit the steps from last to first (the backward direction of a bidirectional layer). */
  readonly reverse: boolean;
  /** Whether the mask holds any 0; when false the portable implementation skips masking. */
  readonly masked: boolean;
}
