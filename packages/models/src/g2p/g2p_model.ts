// What both g2p models share: their configuration, a training batch, and the model interface.
import type * as tf from '@tensorflow/tfjs-core';

export type G2pModelKind = 'ctc' | 'attention';

/** Sizes of a g2p model; stored in its weights file. */
export interface G2pConfig {
  readonly model: G2pModelKind;
  /** LSTM units per direction (the attention decoder has twice this). */
  readonly hidden: number;
  /** Bidirectional LSTM layers (of the encoder, for the attention model). */
  readonly layers: number;
  /** Dropout between stacked layers while training. */
  readonly dropout: number;
  /** Letter / phoneme embedding size of the attention model (unused by ctc). */
  readonly embedding: number;
}

/** Words with one reference pronunciation each (phoneme indices into PHONEMES). */
export interface G2pBatch {
  readonly words: readonly string[];
  readonly targets: ReadonlyArray<readonly number[]>;
}

/** One decoded word. */
export interface Pronunciation {
  /** ARPAbet phonemes without stress. */
  readonly phonemes: string[];
  /** Attention models: weight of each letter (columns) for each emitted phoneme (rows). */
  readonly alignment?: number[][];
}

export interface G2pModel {
  readonly config: G2pConfig;
  /** Every trainable parameter by name. */
  readonly parameters: Readonly<Record<string, tf.Variable>>;
  /** The mean training loss of a batch (dropout on). */
  loss(batch: G2pBatch): tf.Scalar;
  /** Pronounces words (A-Z and apostrophe, upper case); `beam` 1 decodes greedily. */
  pronounce(words: readonly string[], options: { beam: number; alignment?: boolean }): Pronunciation[];
  dispose(): void;
}
