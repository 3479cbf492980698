// The hook through which a language model steers CTC prefix beam search.

/**
 * Scores extending a labelling by one label: `log P(label | prefix)` under the model. The beam
 * search adds `lmWeight` times this to a prefix's ranking score each time it grows.
 */
export interface CtcLanguageModel {
  /** `log P(label | prefix)`: the natural log of the probability that `label` follows `prefix`. */
  scoreExtension(prefix: readonly number[], label: number): number;
  /**
   * `log P(end | labels)`: that the labelling ends here. Where a model has it, the beam search
   * adds `lmWeight` times this to each hypothesis left after the last frame before it ranks them.
   */
  scoreEnd?(labels: readonly number[]): number;
}
