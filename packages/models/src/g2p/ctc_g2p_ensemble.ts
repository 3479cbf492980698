// Several CTC g2p networks pronouncing together: their frame probabilities averaged, then decoded.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import { checkWords } from './check_words.js';
import { CtcG2pModel } from './ctc_g2p_model.js';
import { pronounceFromFrames } from './pronounce_from_frames.js';
import type { PronounceOptions, Pronunciation } from './g2p_model.js';

/**
 * An ensemble of {@link CtcG2pModel}s, for pronouncing: each frame's class probabilities are the
 * mean of the members' (all read the same frames, two per letter, whatever their sizes), and the
 * mean is decoded as one model's frames are, greedily, by beam search or with a language model.
 * Independently trained networks err on different words, so the mean errs less than most members.
 * The ensemble holds the members; `dispose` frees them.
 *
 * @example
 * const ensemble = new CtcG2pEnsemble([modelA, modelB]);
 * ensemble.pronounce(['colonel'], { beam: 8, languageModel: phonemeNgramModel(lexicon) });
 */
export class CtcG2pEnsemble {
  readonly members: readonly CtcG2pModel[];

  constructor(members: readonly CtcG2pModel[]) {
    const fn = 'CtcG2pEnsemble';
    if (!Array.isArray(members) || members.length === 0) throw new InputError(fn, 'members', `members must be a non-empty array of CtcG2pModel, got ${describeValue(members)}`);
    members.forEach((m: unknown, i) => {
      if (!(m instanceof CtcG2pModel)) throw new InputError(fn, 'members', `members[${i}] must be a CtcG2pModel, got ${describeValue(m)}`);
    });
    this.members = [...members];
  }

  /** The members' mean frame probabilities as log-probabilities (T, N, 40), and each word's frame count; the caller disposes `logProbs`. */
  frameLogProbs(words: readonly string[]): { logProbs: tf.Tensor3D; lengths: number[] } {
    return this.frames(checkWords('CtcG2pEnsemble.frameLogProbs', words));
  }

  private frames(words: string[]): { logProbs: tf.Tensor3D; lengths: number[] } {
    const each = this.members.map((m) => m.frameLogProbs(words));
    // log mean_k p_k = logsumexp_k log p_k - log K.
    const logProbs = tf.tidy(() => tf.sub(tf.logSumExp(tf.stack(each.map((e) => e.logProbs)), 0), Math.log(each.length)) as tf.Tensor3D);
    tf.dispose(each.map((e) => e.logProbs));
    return { logProbs, lengths: each[0]?.lengths ?? [] };
  }

  /** Pronounces words from the mean frames, with the options of {@link CtcG2pModel.pronounce}. */
  pronounce(words: readonly string[], options?: PronounceOptions): Pronunciation[] {
    return pronounceFromFrames('CtcG2pEnsemble.pronounce', words, options, (checked) => this.frames(checked));
  }

  /** Frees every member. */
  dispose(): void {
    this.members.forEach((m) => m.dispose());
  }
}
