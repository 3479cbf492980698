// A g2p model's weights as one safetensors file whose metadata holds its configuration; the same
// bytes load in Node and in the browser.
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { readSafetensors, writeSafetensors } from '@rnnkit/io';
import { createG2pModel } from './create_g2p_model.js';
import type { G2pConfig, G2pModel, G2pModelKind } from './g2p_model.js';

const FORMAT = 'rnnkit-g2p/1';

/** The model's parameters and configuration as safetensors bytes. */
export function g2pWeightsBytes(model: G2pModel): Uint8Array {
  return writeSafetensors(model.parameters, { metadata: { format: FORMAT, config: JSON.stringify(model.config) } });
}

function positive(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 4096) {
    throw new InputError(fn, 'bytes', `the weights' config.${name} must be an integer in [1, 4096], got ${JSON.stringify(value)}`);
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
  if (c['model'] !== 'ctc' && c['model'] !== 'attention') throw new InputError(fn, 'bytes', `the weights' config.model must be ctc or attention, got ${JSON.stringify(c['model'])}`);
  const dropout = c['dropout'];
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new InputError(fn, 'bytes', `the weights' config.dropout must be in [0, 1), got ${JSON.stringify(dropout)}`);
  return { model: c['model'], hidden: positive(fn, 'hidden', c['hidden']), layers: positive(fn, 'layers', c['layers']), dropout, embedding: positive(fn, 'embedding', c['embedding']) };
}

/**
 * Rebuilds a model from `g2pWeightsBytes` output. Refuses, with an InputError naming `fn`, bytes
 * that are not safetensors, another format, a model of another kind than `expected`, and any
 * missing, extra or misshapen tensor.
 */
export function g2pModelFromBytes(fn: string, bytes: Uint8Array, expected?: G2pModelKind): G2pModel {
  let content: ReturnType<typeof readSafetensors>;
  try {
    content = readSafetensors(bytes);
  } catch (e) {
    throw new InputError(fn, 'bytes', `not a readable weights file (${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''})`);
  }
  try {
    const config = configOf(fn, content.metadata);
    if (expected !== undefined && config.model !== expected) {
      throw new InputError(fn, 'bytes', `the weights are of a ${config.model} model, not ${expected}`);
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
    for (const n of names) model.parameters[n]?.assign(tf.cast(content.tensors[n] as tf.Tensor, 'float32'));
    return model;
  } finally {
    tf.dispose(Object.values(content.tensors));
  }
}
