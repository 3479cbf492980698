// Greedy decoding: the most probable next token at each step.
import * as tf from '@tensorflow/tfjs-core';
import type { CellState, Params } from '@rnnkit/core';
import { shape2 } from '@rnnkit/core';
import { checkSource } from './check_source.js';
import type { SourceBatch } from './check_source.js';
import type { DecodeOptions } from './decode_options.js';
import { checkDecodeOptions } from './decode_options.js';
import type { Hypothesis } from './hypothesis.js';
import type { Seq2SeqModel } from './seq2seq_model.js';
import { group, startDecoding } from './seq2seq_model.js';

/** Decodes each sample greedily until its end token or `maxLength` tokens. */
export function greedyDecode(model: Seq2SeqModel, params: Params, source: SourceBatch, options: DecodeOptions): Hypothesis[] {
  const method = 'encoderDecoder.greedy';
  const { maxLength } = checkDecodeOptions(method, options, false);
  const checked = checkSource(method, source, model.sourceVocab);
  const [batch] = shape2(checked.tokens);
  const vocab = model.targetVocab;
  const embeddingParams = group(params, 'target_embedding.');
  const out: Hypothesis[] = Array.from({ length: batch }, () => ({ tokens: [], logProb: 0, ended: false }));
  tf.tidy(() => {
    const run = startDecoding(model, method, params, checked, false);
    let state: CellState = run.initialState;
    let previous = new Int32Array(batch).fill(model.startToken);
    for (let t = 0; t < maxLength + 1 && out.some((h) => !h.ended); t++) {
      const ids = previous;
      const next = tf.tidy(() => {
        const embedded = model.targetEmbedding.apply(embeddingParams, tf.tensor1d(ids, 'int32')) as tf.Tensor2D;
        const step = run.step(state, embedded);
        return { state: step.state, logProbs: tf.logSoftmax(step.logits) };
      });
      const logProbs = next.logProbs.dataSync();
      if (state !== run.initialState) tf.dispose(Object.values(state));
      tf.dispose(next.logProbs);
      state = next.state;
      previous = new Int32Array(batch);
      for (let n = 0; n < batch; n++) {
        const hyp = out[n] as Hypothesis;
        let best = 0;
        for (let v = 1; v < vocab; v++) if ((logProbs[n * vocab + v] ?? -Infinity) > (logProbs[n * vocab + best] ?? -Infinity)) best = v;
        previous[n] = best;
        if (hyp.ended || (t === maxLength && best !== model.endToken)) continue;
        hyp.logProb += logProbs[n * vocab + best] ?? 0;
        if (best === model.endToken) hyp.ended = true;
        else hyp.tokens.push(best);
      }
      if (t === maxLength) break;
    }
  });
  return out;
}
