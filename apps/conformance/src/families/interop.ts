// `interop`: a PyTorch model saved as safetensors beside the fixture, rebuilt from the toolkit's
// packages (Embedding -> recurrent stack -> Linear on the last step) and run on the fixture input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { RecognizedModule, RecognizedRecurrentOptions } from '@rnnkit/io';
import { loadTorchStateDict, readSafetensorsHeader, recognizeTorchModules, torchParameters } from '@rnnkit/io';
import { readSafetensorsFile } from '@rnnkit/io/node';
import type { RecurrentModule } from '@rnnkit/layers';
import { embedding, gru, linear, lstm, rnn } from '@rnnkit/layers';
import type { Fixture } from '@rnnkit/testing';
import type { PreparedFixture } from '../family.js';
import { UnsupportedFixture } from '../family.js';

type Recurrent = Extract<RecognizedModule, { kind: 'lstm' | 'gru' | 'rnn' }>;

/** The weights file: the first word of `spec.weights`, else `<name>.safetensors`, beside the JSON. */
function weightsFile(fixture: Fixture): string {
  const named = fixture.spec['weights'];
  const file = typeof named === 'string' && named.trim() !== '' ? (named.trim().split(/\s+/)[0] as string) : `${fixture.name}.safetensors`;
  return path.join(path.dirname(fixture.file), file);
}

function buildRecurrent(kind: Recurrent['kind'], options: RecognizedRecurrentOptions, batchFirst: boolean, model: string): RecurrentModule {
  const { projSize, ...common } = options;
  const settings = { ...common, batchFirst, seed: 0 };
  if (kind === 'lstm') return lstm({ ...settings, projSize });
  if (kind === 'gru') return gru(settings);
  // An RNN's nonlinearity is not in its weights; the spec's model line says it when it is relu.
  return rnn({ ...settings, nonlinearity: /nonlinearity\s*=\s*['"]relu['"]/.test(model) ? 'relu' : 'tanh' });
}

export function prepareInterop(fixture: Fixture, tensors: Record<string, tf.Tensor>): PreparedFixture {
  const file = weightsFile(fixture);
  if (!fs.existsSync(file)) throw new UnsupportedFixture(`no weights file ${path.basename(file)} beside the fixture`);
  const header = readSafetensorsHeader(new Uint8Array(fs.readFileSync(file)));
  const found = recognizeTorchModules(Object.fromEntries(header.entries.map((e) => [e.name, e.shape])));
  const kinds = found.modules.map((m) => m.kind).join(' -> ');
  const [table, recurrent, head] = found.modules;
  if (found.modules.length !== 3 || table?.kind !== 'embedding' || head?.kind !== 'linear' || (recurrent?.kind !== 'lstm' && recurrent?.kind !== 'gru' && recurrent?.kind !== 'rnn')) {
    throw new UnsupportedFixture(`the weights hold ${kinds || 'no recognised module'}, not Embedding -> RNN/LSTM/GRU -> Linear`);
  }
  const model = typeof fixture.spec['model'] === 'string' ? fixture.spec['model'] : '';
  const batchFirst = /batch_first\s*=\s*True/.test(model);
  const tokens = tensors['input.tokens'];
  if (tokens === undefined) throw new UnsupportedFixture('the fixture has no input.tokens');
  return {
    differentiable: {},
    run() {
      const { tensors: weights } = readSafetensorsFile(file);
      const module = buildRecurrent(recurrent.kind, recurrent.options, batchFirst, model);
      const embed = embedding({ numEmbeddings: table.numEmbeddings, embeddingDim: table.embeddingDim, seed: 0 });
      const classifier = linear({ inFeatures: head.inFeatures, outFeatures: head.outFeatures, bias: head.bias, seed: 0 });
      const params = {
        ...torchParameters(table.prefix, embed.parameters),
        ...torchParameters(recurrent.prefix, module.parameters),
        ...torchParameters(head.prefix, classifier.parameters),
      };
      loadTorchStateDict(params, weights);
      const x = embed.forward(tf.cast(tokens, 'int32')) as tf.Tensor3D;
      const { output } = module.forward(x);
      const [d0, d1, features] = output.shape;
      // PyTorch's output[:, -1] with batch_first, output[-1] otherwise.
      const last = (batchFirst ? tf.slice(output, [0, d1 - 1, 0], [d0, 1, features]) : tf.slice(output, [d0 - 1, 0, 0], [1, d1, features]));
      const logits = classifier.forward(tf.reshape(last, [-1, features]));
      for (const m of [module, embed, classifier]) m.dispose();
      tf.dispose(Object.values(weights));
      return { logits, [`${recurrent.prefix.split('.').pop() ?? 'rnn'}_output`]: output };
    },
  };
}
