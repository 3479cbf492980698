// Best-path CTC decoding: the most probable class per frame, repeats merged, blanks dropped.
import type * as tf from '@tensorflow/tfjs-core';
import { checkKnownOptions } from '@rnnkit/core';
import type { FrameOptions } from './read_frames.js';
import { readFrames } from './read_frames.js';

/** Options of {@link ctcGreedyDecode}. */
export interface CtcGreedyDecodeOptions extends FrameOptions {
  /** The class index of the blank. @default 0 */
  blank?: number;
  /** Frames per sample, in [0, T]; later frames are ignored. @default T for every sample */
  inputLengths?: FrameOptions['inputLengths'];
  /** The input is (N, T, C) instead of (T, N, C). @default false */
  batchFirst?: boolean;
}

const FN = 'ctcGreedyDecode';

/**
 * Decodes each sample by best path: argmax per frame, merge repeated classes, drop blanks.
 * Returns one labelling per sample. `logProbs` (T, N, C) may be log-probabilities, probabilities
 * or logits: only the argmax matters.
 *
 * @example
 * const labels = ctcGreedyDecode(logProbs, { inputLengths: [50, 42] }); // [[3, 1, 4], [1, 5]]
 */
export function ctcGreedyDecode(logProbs: tf.Tensor3D, options: CtcGreedyDecodeOptions = {}): number[][] {
  checkKnownOptions(FN, 'options', options, ['blank', 'inputLengths', 'batchFirst']);
  const { data, batch, classes, lengths, blank } = readFrames(FN, logProbs, options);
  const out: number[][] = [];
  for (let n = 0; n < batch; n++) {
    const labels: number[] = [];
    let previous = -1;
    for (let t = 0; t < (lengths[n] as number); t++) {
      const row = (t * batch + n) * classes;
      let best = 0;
      for (let c = 1; c < classes; c++) {
        if ((data[row + c] as number) > (data[row + best] as number)) best = c;
      }
      if (best !== previous && best !== blank) labels.push(best);
      previous = best;
    }
    out.push(labels);
  }
  return out;
}
