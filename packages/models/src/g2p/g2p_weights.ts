// A g2p model's weights as one safetensors file whose metadata holds its configuration; the same
// bytes load in Node and in the browser.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkKnownOptions, checkOneOf, describeValue } from '@rnnkit/core';
import { readSafetensors, writeSafetensors } from '@rnnkit/io';
import { AttentionG2pModel } from './attention_g2p_model.js';
import { MAX_LAYERS, MAX_SIZE } from './check_g2p_input.js';
import { createG2pModel } from './create_g2p_model.js';
import { CtcG2pModel } from './ctc_g2p_model.js';
import type { G2pConfig, G2pModel, G2pModelKind } from './g2p_model.js';

const FORMAT = 'rnnkit-g2p/1';

/**
 * The metadata's config keeps the names of the files written before the models moved into this
 * package (`hidden`, `layers`, `embedding`), so those files still load.
 */
interface StoredConfig {
  model: G2pModelKind;
  hidden: number;
  layers: number;
  dropout: number;
  embedding?: number;
}

/**
 * A g2p model's parameters and configuration as safetensors bytes (float32), for
 * {@link g2pModelFromBytes}: write them to a file in Node, fetch them in a browser.
 *
 * @example
 * fs.writeFileSync('g2p.safetensors', g2pModelToBytes(model));
 */
export function g2pModelToBytes(model: G2pModel): Uint8Array {
  if (!(model instanceof CtcG2pModel) && !(model instanceof AttentionG2pModel)) {
    throw new InputError('g2pModelToBytes', 'model', `model must be a CtcG2pModel or an AttentionG2pModel, got ${describeValue(model)}`);
  }
  const { config } = model;
  const stored: StoredConfig = { model: config.model, hidden: config.hiddenSize, layers: config.numLayers, dropout: config.dropout, ...(config.model === 'attention' ? { embedding: config.embeddingSize } : {}) };
  return writeSafetensors(model.parameters, { metadata: { format: FORMAT, config: JSON.stringify(stored) } });
}

function size(fn: string, name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError(fn, 'bytes', `the weights' config.${name} must be an integer in [1, ${max}], got ${JSON.stringify(value)}`);
  }
  return value;
}

function configOf(fn: string, metadata: Readonly<Record<string, string>>): G2pConfig {
  if (metadata['format'] !== FORMAT) {
    throw new InputError(fn, 'bytes', `not a g2p weights file (metadata format ${JSON.stringify(metadata['format'] ?? null)}, expected ${JSON.stringify(FORMAT)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(metadata['config'] ?? '');
  } catch {
    throw new InputError(fn, 'bytes', 'the g2p weights file has no readable config in its metadata');
  }
  const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const model = c['model'];
  if (model !== 'ctc' && model !== 'attention') throw new InputError(fn, 'bytes', `the weights' config.model must be ctc or attention, got ${JSON.stringify(model)}`);
  const dropout = c['dropout'];
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new InputError(fn, 'bytes', `the weights' config.dropout must be in [0, 1), got ${JSON.stringify(dropout)}`);
  return {
    model,
    hiddenSize: size(fn, 'hidden', c['hidden'], MAX_SIZE),
    numLayers: size(fn, 'layers', c['layers'], MAX_LAYERS),
    dropout,
    // The CTC model reads one-hot letters: no embedding (older CTC files still record one).
    embeddingSize: model === 'attention' ? size(fn, 'embedding', c['embedding'], MAX_SIZE) : 0,
  };
}

/** Options of {@link g2pModelFromBytes}. */
export interface G2pModelFromBytesOptions {
  /** Refuse weights of the other kind of model. @default either kind */
  model?: G2pModelKind;
}

/**
 * Rebuilds a g2p model from {@link g2pModelToBytes} output (its kind and sizes come from the
 * file). Throws an `InputError` naming `bytes` for bytes that are not safetensors, a file of
 * another format, a model of another kind than `options.model`, and any missing, extra or
 * misshapen tensor.
 *
 * @example
 * const model = g2pModelFromBytes(new Uint8Array(fs.readFileSync('g2p.safetensors')), { model: 'attention' });
 * model.pronounce(['colonel']);
 */
export function g2pModelFromBytes(bytes: Uint8Array, options?: G2pModelFromBytesOptions): G2pModel {
  const fn = 'g2pModelFromBytes';
  if (!(bytes instanceof Uint8Array)) throw new InputError(fn, 'bytes', `bytes must be a Uint8Array (a weights file's contents), got ${describeValue(bytes)}`);
  checkKnownOptions(fn, 'options', options, ['model']);
  const expected = options?.model === undefined ? undefined : checkOneOf(fn, 'model', options.model, ['ctc', 'attention'] as const);
  let content: ReturnType<typeof readSafetensors>;
  try {
    content = readSafetensors(bytes);
  } catch (e) {
    throw new InputError(fn, 'bytes', `not a readable weights file (${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''})`);
  }
  try {
    const config = configOf(fn, content.metadata);
    if (expected !== undefined && config.model !== expected) {
      throw new InputError(fn, 'bytes', `the weights are of ${config.model === 'attention' ? 'an' : 'a'} ${config.model} model, not ${expected}`);
    }
    const model = createG2pModel(config, 0);
    const names = Object.keys(model.parameters);
    const missing = names.find((n) => !(n in content.tensors));
    const extra = Object.keys(content.tensors).find((n) => !(n in model.parameters));
    const misshapen = names.find((n) => {
      const t = content.tensors[n];
      return t !== undefined && t.shape.join(',') !== (model.parameters[n]?.shape ?? []).join(',');
    });
    if (missing !== undefined || extra !== undefined || misshapen !== undefined) {
      model.dispose();
      const what = missing !== undefined ? `lacks ${missing}` : extra !== undefined ? `has an unknown tensor ${extra}` : `has ${misshapen} in the wrong shape`;
      throw new InputError(fn, 'bytes', `the ${config.model} weights file ${what}`);
    }
    for (const n of names) {
      const value = tf.cast(content.tensors[n] as tf.Tensor, 'float32');
      model.parameters[n]?.assign(value);
      value.dispose();
    }
    return model;
  } finally {
    tf.dispose(Object.values(content.tensors));
  }
}
