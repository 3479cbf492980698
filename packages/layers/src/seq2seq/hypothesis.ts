// What decoding returns per hypothesis.

/** One decoded hypothesis. */
export interface Hypothesis {
  /** The tokens, without the end token. */
  tokens: number[];
  /** Sum of the log-probabilities of the tokens (and of the end token when it ended). */
  logProb: number;
  /** Whether it emitted the end token (false: it stopped at maxLength). */
  ended: boolean;
}
