// What both g2p models share: their configuration, a training batch, and the model interface.
import type * as tf from '@tensorflow/tfjs-core';
import type { CtcLanguageModel } from '@rnnkit/losses';

/** The two g2p models: `'ctc'` ({@link CtcG2pModel}) and `'attention'` ({@link AttentionG2pModel}). */
export type G2pModelKind = 'ctc' | 'attention';

/** Sizes of a g2p model, stored in its weights file (see {@link g2pModelToBytes}). */
export interface G2pConfig {
  readonly model: G2pModelKind;
  /** LSTM units per direction (the attention decoder has twice this). */
  readonly hiddenSize: number;
  /** Bidirectional LSTM layers (of the encoder, for the attention model). */
  readonly numLayers: number;
  /** Dropout between stacked layers while training. */
  readonly dropout: number;
  /** Letter and phoneme embedding size of the attention model; the CTC model reads one-hot letters and ignores it. */
  readonly embeddingSize: number;
}

/** Words with one reference pronunciation each, for {@link G2pModel.loss}. */
export interface G2pBatch {
  /** Spellings: letters A-Z (either case) and apostrophes. */
  readonly words: readonly string[];
  /** One non-empty pronunciation per word, as phoneme ids (see {@link phonemeIds}). */
  readonly targets: ReadonlyArray<readonly number[]>;
}

/** Options of {@link G2pModel.pronounce}. */
export interface PronounceOptions {
  /** Beam width; 1 decodes greedily. @default 4 (attention), 1 (ctc) */
  readonly beam?: number;
  /** Also return the attention weights (attention model only). @default false */
  readonly alignment?: boolean;
  /**
   * CTC model only: decode by prefix beam search steered by this model of phoneme sequences (see
   * {@link phonemeNgramModel}); the attention decoder already conditions on its own phonemes.
   * @default none
   */
  readonly languageModel?: CtcLanguageModel;
  /** Weight of the language model's log-probability against the CTC model's. @default 0.5 */
  readonly lmWeight?: number;
  /** Added to a hypothesis' score per phoneme, offsetting the language model's pull towards short ones. @default 0 */
  readonly insertionBonus?: number;
}

/** One pronounced word. */
export interface Pronunciation {
  /** ARPAbet phonemes without stress digits. */
  readonly phonemes: string[];
  /**
   * With `alignment: true` (attention model): the attention weight of each letter (columns) for
   * each emitted phoneme and then the end token (rows); each row sums to 1.
   */
  readonly alignment?: number[][];
}

/** A grapheme-to-phoneme model: {@link CtcG2pModel} or {@link AttentionG2pModel}. */
export interface G2pModel {
  readonly config: G2pConfig;
  /** Every trainable parameter by name (the names of its weights file). */
  readonly parameters: Readonly<Record<string, tf.Variable>>;
  /** The mean training loss of a batch (dropout on), for an optimizer to minimise. */
  loss(batch: G2pBatch): tf.Scalar;
  /** Pronounces words (letters A-Z in either case and apostrophes; see {@link normalizeWord}). */
  pronounce(words: readonly string[], options?: PronounceOptions): Pronunciation[];
  /** Frees the parameters. */
  dispose(): void;
}
