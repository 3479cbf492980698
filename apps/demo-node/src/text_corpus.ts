// A character corpus: the vocabulary, the encoded text, and batches of parallel streams for
// truncated backpropagation through time.
import * as fs from 'node:fs';

export interface TextCorpus {
  /** Characters in code-point order; a character's id is its index. */
  readonly vocabulary: readonly string[];
  readonly ids: Int32Array;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}

/** Reads `file` and builds its character vocabulary. */
export function loadCorpus(file: string): TextCorpus {
  const text = fs.readFileSync(file, 'utf8');
  const vocabulary = [...new Set(text)].sort();
  const index = new Map(vocabulary.map((ch, i) => [ch, i]));
  const encode = (s: string): number[] =>
    [...s].map((ch) => {
      const id = index.get(ch);
      if (id === undefined) throw new Error(`character ${JSON.stringify(ch)} is not in the corpus vocabulary`);
      return id;
    });
  return {
    vocabulary,
    ids: Int32Array.from(encode(text)),
    encode,
    decode: (ids) => ids.map((id) => vocabulary[id] ?? '?').join(''),
  };
}

/** Time-major (T, N) input ids and the ids that follow them. */
export interface Chunk {
  readonly inputs: Int32Array;
  readonly targets: Int32Array;
}

/**
 * Splits the corpus into `batch` contiguous streams and serves consecutive `steps`-long chunks of
 * all streams at once, so the state after one chunk is the right start for the next.
 */
export function streamChunks(ids: Int32Array, batch: number, steps: number): { count: number; chunk(k: number): Chunk } {
  const streamLength = Math.floor((ids.length - 1) / batch);
  const count = Math.floor(streamLength / steps);
  if (count < 1) throw new Error(`the corpus (${ids.length} characters) is too short for ${batch} streams of ${steps} steps`);
  return {
    count,
    chunk(k: number): Chunk {
      const start = (k % count) * steps;
      const inputs = new Int32Array(steps * batch);
      const targets = new Int32Array(steps * batch);
      for (let t = 0; t < steps; t++) {
        for (let n = 0; n < batch; n++) {
          const pos = n * streamLength + start + t;
          inputs[t * batch + n] = ids[pos] ?? 0;
          targets[t * batch + n] = ids[pos + 1] ?? 0;
        }
      }
      return { inputs, targets };
    },
  };
}

/** The first `1 - heldOut` of the ids for training and the rest for validation. */
export function splitIds(ids: Int32Array, heldOut: number): { train: Int32Array; validation: Int32Array } {
  const cut = Math.floor(ids.length * (1 - heldOut));
  return { train: ids.subarray(0, cut), validation: ids.subarray(cut) };
}
