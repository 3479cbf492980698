// Pronounces a list of lexicon words in batches and scores them against all their references.
import type { LexiconWord } from './cmudict_lexicon.js';
import type { ErrorRates, G2pModel, PronounceOptions } from '@rnnkit/models';
import { phonemeErrorRates } from '@rnnkit/models';

/** PER / WER of `model` on `words` (decoded with `decoding`: the beam, a language model), and the predictions in order. */
export function evaluateG2p(model: Pick<G2pModel, 'pronounce'>, words: readonly LexiconWord[], decoding: PronounceOptions): ErrorRates & { predictions: string[][] } {
  // Batches of one spelling length waste nothing on padding.
  const order = words.map((_w, i) => i).sort((a, b) => (words[a]?.word.length ?? 0) - (words[b]?.word.length ?? 0));
  const predictions: string[][] = new Array<string[]>(words.length);
  const size = 512;
  for (let start = 0; start < order.length; start += size) {
    const chunk = order.slice(start, start + size);
    const said = model.pronounce(chunk.map((i) => words[i]?.word ?? ''), decoding);
    chunk.forEach((i, k) => {
      predictions[i] = said[k]?.phonemes ?? [];
    });
  }
  return { ...phonemeErrorRates(predictions, words.map((w) => w.pronunciations)), predictions };
}
