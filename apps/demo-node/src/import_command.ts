// `pnpm demo import FILE [--run]`: lists a PyTorch safetensors file's tensors and the modules
// recognised in it, and with --run rebuilds the recognised model here and runs it.
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import type { RecognizedModule } from '@rnnkit/io';
import { loadTorchStateDict, recognizeTorchModules, torchParameters } from '@rnnkit/io';
import { readSafetensorsFile } from '@rnnkit/io/node';
import type { Embedding, Linear, RecurrentModule } from '@rnnkit/layers';
import { embedding, gru, linear, lstm, rnn } from '@rnnkit/layers';
import type { ImportOptions } from './options.js';
import { userPath } from './user_path.js';

type Recurrent = Extract<RecognizedModule, { kind: 'lstm' | 'gru' | 'rnn' }>;

/** The module as PyTorch would print its constructor. */
function describeModule(m: RecognizedModule): string {
  switch (m.kind) {
    case 'embedding':
      return `nn.Embedding(${m.numEmbeddings}, ${m.embeddingDim})`;
    case 'linear':
      return `nn.Linear(${m.inFeatures}, ${m.outFeatures}${m.bias ? '' : ', bias=False'})`;
    case 'multihead_attention':
      return `nn.MultiheadAttention(${m.embedDim}, num_heads=?${m.bias ? '' : ', bias=False'})  (heads are not in the weights)`;
    default: {
      const o = m.options;
      const extras = [
        o.numLayers > 1 ? `num_layers=${o.numLayers}` : '',
        o.bidirectional ? 'bidirectional=True' : '',
        o.bias ? '' : 'bias=False',
        o.projSize > 0 ? `proj_size=${o.projSize}` : '',
      ].filter((e) => e !== '');
      return `nn.${m.kind === 'lstm' ? 'LSTM' : m.kind === 'gru' ? 'GRU' : 'RNN'}(${[o.inputSize, o.hiddenSize, ...extras].join(', ')})`;
    }
  }
}

function buildRecurrent(m: Recurrent, seed: number): RecurrentModule {
  const { projSize, ...common } = m.options;
  if (m.kind === 'lstm') return lstm({ ...common, projSize, seed });
  if (m.kind === 'gru') return gru({ ...common, seed });
  return rnn({ ...common, seed });
}

/** The recognised Embedding? -> recurrent -> Linear? chain, rebuilt with the file's weights. */
interface Rebuilt {
  readonly embedding?: Embedding;
  readonly recurrent: RecurrentModule;
  readonly head?: Linear;
  dispose(): void;
}

function rebuild(modules: readonly RecognizedModule[], tensors: Record<string, tf.Tensor>, seed: number): Rebuilt {
  const recurrentAt = modules.findIndex((m) => m.kind === 'lstm' || m.kind === 'gru' || m.kind === 'rnn');
  const recurrentModule = modules[recurrentAt] as Recurrent | undefined;
  const before = modules[recurrentAt - 1];
  const after = modules[recurrentAt + 1];
  if (recurrentModule === undefined || modules.length > 3 || (before !== undefined && before.kind !== 'embedding') || (after !== undefined && after.kind !== 'linear')) {
    throw new Error(`--run needs [Embedding ->] RNN/LSTM/GRU [-> Linear]; the file holds ${modules.map((m) => m.kind).join(' -> ') || 'no recognised module'}`);
  }
  const recurrent = buildRecurrent(recurrentModule, seed);
  const table = before === undefined ? undefined : embedding({ numEmbeddings: before.numEmbeddings, embeddingDim: before.embeddingDim, seed });
  const head = after === undefined ? undefined : linear({ inFeatures: after.inFeatures, outFeatures: after.outFeatures, bias: after.bias, seed });
  const params = {
    ...(table === undefined || before === undefined ? {} : torchParameters(before.prefix, table.parameters)),
    ...torchParameters(recurrentModule.prefix, recurrent.parameters),
    ...(head === undefined || after === undefined ? {} : torchParameters(after.prefix, head.parameters)),
  };
  // Strict: every weight of the rebuilt model must come from the file, by name and shape.
  loadTorchStateDict(params, Object.fromEntries(Object.entries(tensors).filter(([k]) => Object.hasOwn(params, k))));
  return {
    ...(table === undefined ? {} : { embedding: table }),
    recurrent,
    ...(head === undefined ? {} : { head }),
    dispose() {
      for (const m of [recurrent, table, head]) m?.dispose();
    },
  };
}

/** Time-major (T, N, F) outputs of the whole chain for token ids (T, N) or features (T, N, F). */
function forward(model: Rebuilt, input: tf.Tensor, state?: Record<string, tf.Tensor3D>): { output: tf.Tensor3D; logits?: tf.Tensor3D; state: Record<string, tf.Tensor3D> } {
  const x = (model.embedding === undefined ? input : model.embedding.forward(input)) as tf.Tensor3D;
  const result = model.recurrent.forward(x, state === undefined ? {} : { initialState: state });
  if (model.head === undefined) return result;
  return { ...result, logits: model.head.forward(result.output) as tf.Tensor3D };
}

/** Greedy continuation of `prompt` by a character language model with a vocabulary. */
function continueText(model: Rebuilt, vocabulary: readonly string[], prompt: string, length: number): string {
  const index = new Map(vocabulary.map((c, i) => [c, i]));
  let ids = [...prompt].map((c) => index.get(c) ?? 0);
  let state: Record<string, tf.Tensor3D> | undefined;
  let text = '';
  for (let k = 0; k < length; k++) {
    const next = tf.tidy(() => {
      const out = forward(model, tf.tensor2d(ids, [ids.length, 1], 'int32'), state);
      const previous = state;
      state = Object.fromEntries(Object.entries(out.state).map(([n, v]) => [n, tf.keep(v)]));
      if (previous !== undefined) tf.dispose(Object.values(previous));
      return tf.argMax(tf.reshape(tf.slice(out.logits as tf.Tensor3D, [ids.length - 1, 0, 0], [1, 1, -1]), [-1]));
    });
    const id = next.dataSync()[0] ?? 0;
    next.dispose();
    text += vocabulary[id] ?? '?';
    ids = [id];
  }
  if (state !== undefined) tf.dispose(Object.values(state));
  return text;
}

export function runImport(options: ImportOptions): void {
  const file = userPath(options.file);
  const { tensors, metadata, header } = readSafetensorsFile(file);
  try {
    const total = header.entries.reduce((s, e) => s + e.shape.reduce((a, b) => a * b, 1), 0);
    console.log(`${file}: ${header.entries.length} tensors, ${total} values, metadata ${JSON.stringify(metadata).slice(0, 120)}\n`);
    const width = Math.max(...header.entries.map((e) => e.name.length), 4);
    for (const e of header.entries) console.log(`  ${e.name.padEnd(width)}  ${e.dtype.padEnd(4)}  [${e.shape.join(', ')}]`);
    const found = recognizeTorchModules(Object.fromEntries(header.entries.map((e) => [e.name, e.shape])));
    console.log('\nrecognised modules:');
    if (found.modules.length === 0) console.log('  (none)');
    for (const m of found.modules) console.log(`  ${(m.prefix || '(root)').padEnd(width)}  ${describeModule(m)}`);
    if (found.unrecognized.length > 0) console.log(`not recognised: ${found.unrecognized.join(', ')}`);
    for (const note of found.notes) console.log(`note: ${note}`);
    if (!options.run) return;
    const model = rebuild(found.modules, tensors, options.seed);
    try {
      const random = seededRandom(options.seed);
      const [steps, batch] = [12, 2];
      const input = tf.tidy(() =>
        model.embedding === undefined
          ? tf.randomNormal([steps, batch, model.recurrent.layer.inputSize], 0, 1, 'float32', options.seed)
          : tf.tensor2d(Array.from({ length: steps * batch }, () => Math.floor(random() * (model.embedding?.numEmbeddings ?? 1))), [steps, batch], 'int32'),
      );
      const out = tf.tidy(() => forward(model, input));
      console.log(`\nran the model on ${model.embedding === undefined ? 'random features' : 'random token ids'} (T=${steps}, N=${batch}):`);
      console.log(`  recurrent output [${out.output.shape.join(', ')}], final state ${Object.entries(out.state).map(([n, v]) => `${n} [${v.shape.join(', ')}]`).join(', ')}`);
      if (out.logits !== undefined) {
        const last = tf.tidy(() => tf.reshape(tf.slice(out.logits as tf.Tensor3D, [steps - 1, 0, 0], [1, -1, -1]), [batch, -1]));
        const rows = last.arraySync() as number[][];
        rows.forEach((row, n) => {
          const best = row.indexOf(Math.max(...row));
          console.log(`  sample ${n}: last-step logits [${row.slice(0, 8).map((v) => v.toFixed(4)).join(', ')}${row.length > 8 ? ', ...' : ''}] -> class ${best}`);
        });
        last.dispose();
      }
      tf.dispose([input, out.output, ...Object.values(out.state), ...(out.logits === undefined ? [] : [out.logits])]);
      const vocabulary = metadata['vocabulary'] === undefined ? undefined : (JSON.parse(metadata['vocabulary']) as unknown);
      if (Array.isArray(vocabulary) && vocabulary.every((c) => typeof c === 'string') && model.head?.outFeatures === vocabulary.length) {
        console.log(`\nthe file names a vocabulary of ${vocabulary.length} characters; greedy continuation of "And God said":`);
        console.log(`  And God said${continueText(model, vocabulary as string[], 'And God said', 120)}`);
      }
    } finally {
      model.dispose();
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
