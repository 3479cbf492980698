// Beam search: per sample, the `beamWidth` best partial hypotheses are extended step by step.
import * as tf from '@tensorflow/tfjs-core';
import type { CellState, Params } from '@rnnkit/core';
import { shape2 } from '@rnnkit/core';
import { checkSource } from './check_source.js';
import type { SourceBatch } from './check_source.js';
import type { BeamSearchOptions } from './decode_options.js';
import { checkDecodeOptions } from './decode_options.js';
import type { Hypothesis } from './hypothesis.js';
import type { Seq2SeqModel } from './seq2seq_model.js';
import { group, startDecoding } from './seq2seq_model.js';

interface Beam {
  tokens: number[];
  logProb: number;
}

/**
 * One sample's step: walks the candidates best first until `width` of them continue a beam; an
 * end token among them finishes its hypothesis. At the length limit a continuing candidate
 * instead records its beam as stopped (not ended), once per beam. Returns the kept beams and,
 * per kept beam, the beam it extends; `null` when the sample is done.
 */
function advance(list: Beam[], logProbs: Float32Array | Int32Array | Uint8Array, row: number, vocab: number, width: number, endToken: number, last: boolean, finished: Hypothesis[]): { kept: Beam[]; parents: number[] } | null {
  const candidates: Array<{ b: number; v: number; logProb: number }> = [];
  list.forEach((beam, b) => {
    for (let v = 0; v < vocab; v++) candidates.push({ b, v, logProb: beam.logProb + (logProbs[(row + b) * vocab + v] ?? -Infinity) });
  });
  // Stable sort: ties keep the lower beam, then the lower token id.
  candidates.sort((p, q) => q.logProb - p.logProb);
  const stopped = new Set<number>();
  const kept: Beam[] = [];
  const parents: number[] = [];
  let taken = 0;
  for (const cand of candidates) {
    if (taken === width) break;
    const beam = list[cand.b] as Beam;
    if (cand.v === endToken) {
      finished.push({ tokens: [...beam.tokens], logProb: cand.logProb, ended: true });
      continue;
    }
    taken++;
    if (!last) {
      parents.push(cand.b);
      kept.push({ tokens: [...beam.tokens, cand.v], logProb: cand.logProb });
    } else if (!stopped.has(cand.b)) {
      stopped.add(cand.b);
      finished.push({ tokens: [...beam.tokens], logProb: beam.logProb, ended: false });
    }
  }
  const bestEnded = finished.reduce((m, h) => (h.ended ? Math.max(m, h.logProb) : m), -Infinity);
  const bestLive = kept.reduce((m, h) => Math.max(m, h.logProb), -Infinity);
  // Extending a beam only lowers its log-probability, so an ended hypothesis at least as good as
  // every live beam cannot be beaten: the sample is done.
  return kept.length === 0 || bestEnded >= bestLive ? null : { kept, parents };
}

/** Per sample, up to `beamWidth` hypotheses, ended ones first, each group best first. */
export function beamSearch(model: Seq2SeqModel, params: Params, source: SourceBatch, options: BeamSearchOptions): Hypothesis[][] {
  const method = 'encoderDecoder.beamSearch';
  const { maxLength, width } = checkDecodeOptions(method, options, true);
  const checked = checkSource(method, source, model.sourceVocab);
  const [batch] = shape2(checked.tokens);
  const vocab = model.targetVocab;
  const embeddingParams = group(params, 'target_embedding.');
  const finished: Hypothesis[][] = Array.from({ length: batch }, () => []);
  tf.tidy(() => {
    // Every sample repeated once per beam: row n * width + b.
    const repeat = Int32Array.from({ length: batch * width }, (_, r) => Math.floor(r / width));
    const run = startDecoding(model, method, params, checked, false, repeat);
    let state: CellState = run.initialState;
    // Live beams per sample; at the start one empty beam, so no hypothesis is found twice.
    let beams: Beam[][] = Array.from({ length: batch }, () => [{ tokens: [], logProb: 0 }]);
    const done = new Array<boolean>(batch).fill(false);
    for (let t = 0; t <= maxLength && done.some((d) => !d); t++) {
      const previous = new Int32Array(batch * width).fill(model.startToken);
      beams.forEach((list, n) => list.forEach((beam, b) => {
        previous[n * width + b] = beam.tokens[beam.tokens.length - 1] ?? model.startToken;
      }));
      const next = tf.tidy(() => {
        const embedded = model.targetEmbedding.apply(embeddingParams, tf.tensor1d(previous, 'int32')) as tf.Tensor2D;
        const step = run.step(state, embedded);
        return { state: step.state, logProbs: tf.logSoftmax(step.logits) };
      });
      const logProbs = next.logProbs.dataSync();
      const sourceRow = new Int32Array(batch * width);
      const nextBeams: Beam[][] = [];
      for (let n = 0; n < batch; n++) {
        const result = done[n] ? null : advance(beams[n] ?? [], logProbs, n * width, vocab, width, model.endToken, t === maxLength, finished[n] ?? []);
        if (result === null) done[n] = true;
        const kept = result?.kept ?? [];
        result?.parents.forEach((b, k) => (sourceRow[n * width + k] = n * width + b));
        for (let b = kept.length; b < width; b++) sourceRow[n * width + b] = n * width;
        nextBeams.push(kept);
      }
      const index = tf.tensor1d(sourceRow, 'int32');
      const reordered: Record<string, tf.Tensor2D> = {};
      for (const [name, value] of Object.entries(next.state)) reordered[name] = tf.gather(value, index);
      tf.dispose([index, next.logProbs, ...Object.values(next.state)]);
      if (state !== run.initialState) tf.dispose(Object.values(state));
      state = reordered;
      beams = nextBeams;
    }
  });
  // Ended hypotheses rank before those stopped by the length limit, each by log-probability.
  return finished.map((list) => [...list].sort((p, q) => Number(q.ended) - Number(p.ended) || q.logProb - p.logProb).slice(0, width));
}
