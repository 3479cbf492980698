// Pronounce for CTC networks: frames into phonemes, greedy, by prefix beam search, or steered by a language model.
import type * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { ctcBeamSearch, ctcGreedyDecode } from '@rnnkit/losses';
import { checkPronounceOptions } from './check_g2p_input.js';
import { checkWords } from './check_words.js';
import type { PronounceOptions, Pronunciation } from './g2p_model.js';
import { ARPABET_PHONEMES } from './g2p_symbols.js';

/** Checks `options` for a CTC pronounce (as `fn`). */
function checkCtcPronounceOptions(fn: string, options: unknown): ReturnType<typeof checkPronounceOptions> {
  const checked = checkPronounceOptions(fn, options, 1, true);
  if (checked.alignment) throw new InputError(fn, 'alignment', 'alignment must be false for a CTC model: it has no attention to show');
  return checked;
}

/**
 * Greedy decoding at beam 1 without a language model, else prefix beam search ranking by the CTC
 * log-probability plus `lmWeight` times the language model's plus `insertionBonus` per phoneme.
 */
function decodeCtcFrames(logProbs: tf.Tensor3D, lengths: number[], options: ReturnType<typeof checkPronounceOptions>): Pronunciation[] {
  const { beam, languageModel: lm } = options;
  const steering = lm === undefined ? {} : { languageModel: lm.model, lmWeight: lm.weight, insertionBonus: lm.insertionBonus };
  const decoded = beam <= 1 && lm === undefined
    ? ctcGreedyDecode(logProbs, { inputLengths: lengths })
    : ctcBeamSearch(logProbs, { inputLengths: lengths, beamWidth: beam, ...steering }).map((h) => h[0]?.labels ?? []);
  return decoded.map((labels) => ({ phonemes: labels.map((c) => ARPABET_PHONEMES[c - 1] ?? '?') }));
}


/**
 * The pronounce of a CTC model or ensemble (named `fn` in errors): checks the words and options,
 * then decodes the frames `frames` computes for the checked words.
 */
export function pronounceFromFrames(fn: string, words: readonly string[], options: PronounceOptions | undefined, frames: (checked: string[]) => { logProbs: tf.Tensor3D; lengths: number[] }): Pronunciation[] {
  const checked = checkWords(fn, words);
  const decoding = checkCtcPronounceOptions(fn, options);
  const { logProbs, lengths } = frames(checked);
  const said = decodeCtcFrames(logProbs, lengths, decoding);
  logProbs.dispose();
  return said;
}
