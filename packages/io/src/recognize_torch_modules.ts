// Recognises PyTorch modules (RNN/LSTM/GRU, Embedding, Linear, MultiheadAttention) from the
// names and shapes of a state_dict, so a file can be described and rebuilt without code.
import { InputError, REVERSE_SUFFIX, describeValue, layerParamName, parseRecurrentParamName } from '@rnnkit/core';
import { isPlainObject } from './internal.js';

/** The options of the toolkit's `lstm` / `gru` / `rnn` that reproduce a recognised module. */
export interface RecognizedRecurrentOptions {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  bias: boolean;
  /** LSTM only; 0 without projection. */
  projSize: number;
}

/** One module found in a state dict, with the keys it accounts for. */
export type RecognizedModule =
  | { kind: 'lstm' | 'gru' | 'rnn'; prefix: string; keys: string[]; options: RecognizedRecurrentOptions }
  | { kind: 'embedding'; prefix: string; keys: string[]; numEmbeddings: number; embeddingDim: number }
  | { kind: 'linear'; prefix: string; keys: string[]; inFeatures: number; outFeatures: number; bias: boolean }
  | { kind: 'multihead_attention'; prefix: string; keys: string[]; embedDim: number; bias: boolean };

export interface RecognizedModules {
  /** In the order their first key appears. */
  modules: RecognizedModule[];
  /** Keys no recognised module accounts for. */
  unrecognized: string[];
  /** Why a group of keys that looked like a module was not taken as one. */
  notes: string[];
}

const GATES: Readonly<Record<number, 'rnn' | 'gru' | 'lstm'>> = { 1: 'rnn', 3: 'gru', 4: 'lstm' };

function split(key: string): [string, string] {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? ['', key] : [key.slice(0, dot), key.slice(dot + 1)];
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function same(a: readonly number[] | undefined, b: readonly number[]): boolean {
  return a !== undefined && a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Reads a recurrent group (local names -> shapes); returns the module or why it is not one. */
function recurrent(prefix: string, local: ReadonlyMap<string, readonly number[]>): RecognizedModule | string {
  const ih = local.get(layerParamName('weight_ih', 0));
  const hh = local.get(layerParamName('weight_hh', 0));
  if (ih?.length !== 2 || hh?.length !== 2) return `${prefix}: recurrent-style names without 2-D weight_ih_l0 and weight_hh_l0`;
  const hr = local.get(layerParamName('weight_hr', 0));
  const hiddenSize = hr?.length === 2 ? (hr[1] as number) : (hh[1] as number);
  const outSize = hh[1] as number;
  const rows = hh[0] as number;
  const kind = hiddenSize > 0 && rows % hiddenSize === 0 ? GATES[rows / hiddenSize] : undefined;
  if (kind === undefined) return `${prefix}: weight_hh_l0 has ${rows} rows, not 1, 3 or 4 times the hidden size ${hiddenSize}`;
  if (hr !== undefined && kind !== 'lstm') return `${prefix}: weight_hr_l0 (projection) on a ${kind.toUpperCase()}`;
  let numLayers = 0;
  let bidirectional = false;
  for (const name of local.keys()) {
    const parsed = parseRecurrentParamName(name);
    if (parsed !== null) {
      numLayers = Math.max(numLayers, parsed.layer + 1);
      if (parsed.reverse) bidirectional = true;
    }
  }
  const bias = local.has(layerParamName('bias_ih', 0));
  const options: RecognizedRecurrentOptions = {
    inputSize: ih[1] as number,
    hiddenSize,
    numLayers,
    bidirectional,
    bias,
    projSize: hr === undefined ? 0 : outSize,
  };
  // Every name and shape the module would have, so a partial or inconsistent group is refused.
  const expected = new Map<string, number[]>();
  for (let l = 0; l < numLayers; l++) {
    for (const suffix of bidirectional ? ['', REVERSE_SUFFIX] : ['']) {
      const input = l === 0 ? options.inputSize : outSize * (bidirectional ? 2 : 1);
      const set = (base: string, shape: number[]): void => void expected.set(layerParamName(`${base}${suffix}`, l), shape);
      set('weight_ih', [rows, input]);
      set('weight_hh', [rows, outSize]);
      if (bias) {
        set('bias_ih', [rows]);
        set('bias_hh', [rows]);
      }
      if (hr !== undefined) set('weight_hr', [outSize, hiddenSize]);
    }
  }
  for (const [name, shape] of expected) {
    const got = local.get(name);
    if (got === undefined) return `${prefix}: looks like a ${kind.toUpperCase()} but has no ${name}`;
    if (!same(got, shape)) return `${prefix}: ${name} has shape [${got.join(', ')}], expected [${shape.join(', ')}]`;
  }
  for (const name of local.keys()) {
    if (!expected.has(name)) return `${prefix}: ${name} does not belong to a ${kind.toUpperCase()} of ${numLayers} layers`;
  }
  return { kind, prefix, keys: [...local.keys()].map((n) => join(prefix, n)), options };
}

/**
 * Groups the keys of a state dict by submodule and recognises each group from its names and
 * shapes: `nn.RNN` / `nn.GRU` / `nn.LSTM` (layers, directions, bias and projection follow from
 * the shapes; an RNN's nonlinearity cannot, tanh is assumed), `nn.MultiheadAttention`,
 * `nn.Linear` (a 2-D `weight` with a 1-D `bias`) and `nn.Embedding` (a 2-D `weight` alone; a
 * bias-free Linear looks the same and is reported as an Embedding).
 *
 * @example
 * const { modules } = recognizeTorchModules(Object.fromEntries(header.entries.map((e) => [e.name, e.shape])));
 */
export function recognizeTorchModules(shapes: Readonly<Record<string, readonly number[]>>): RecognizedModules {
  const fn = 'recognizeTorchModules';
  if (!isPlainObject(shapes)) throw new InputError(fn, 'shapes', `shapes must be an object of name -> shape, got ${describeValue(shapes)}`);
  const keys = Object.keys(shapes);
  for (const key of keys) {
    const shape = shapes[key];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new InputError(fn, `shapes.${key}`, `shapes.${key} must be an array of non-negative integers, got ${describeValue(shape)}`);
    }
  }
  const claimed = new Set<string>();
  const found: Array<[number, RecognizedModule]> = [];
  const notes: string[] = [];
  const position = (m: RecognizedModule): number => Math.min(...m.keys.map((k) => keys.indexOf(k)));
  const take = (m: RecognizedModule): void => {
    for (const k of m.keys) claimed.add(k);
    found.push([position(m), m]);
  };
  // Multi-head attention first: its out_proj.* would otherwise read as a Linear.
  for (const key of keys) {
    const [prefix, name] = split(key);
    if (name !== 'in_proj_weight') continue;
    const w = shapes[key] as readonly number[];
    const e = w[1] ?? 0;
    const bias = Object.hasOwn(shapes, join(prefix, 'in_proj_bias'));
    const parts: Array<[string, number[]]> = [
      [key, [3 * e, e]],
      [join(prefix, 'out_proj.weight'), [e, e]],
      ...(bias ? ([[join(prefix, 'in_proj_bias'), [3 * e]], [join(prefix, 'out_proj.bias'), [e]]] as Array<[string, number[]]>) : []),
    ];
    const bad = parts.find(([k, s]) => !same(shapes[k], s));
    if (bad !== undefined) notes.push(`${prefix || '(root)'}: in_proj_weight without a matching ${bad[0]} of shape [${bad[1].join(', ')}]`);
    else take({ kind: 'multihead_attention', prefix, keys: parts.map(([k]) => k), embedDim: e, bias });
  }
  const groups = new Map<string, Map<string, readonly number[]>>();
  for (const key of keys) {
    if (claimed.has(key)) continue;
    const [prefix, name] = split(key);
    const group = groups.get(prefix) ?? new Map<string, readonly number[]>();
    group.set(name, shapes[key] as readonly number[]);
    groups.set(prefix, group);
  }
  for (const [prefix, local] of groups) {
    const names = [...local.keys()];
    if (names.some((n) => parseRecurrentParamName(n) !== null)) {
      const result = recurrent(prefix, local);
      if (typeof result === 'string') notes.push(result);
      else take(result);
      continue;
    }
    const weight = local.get('weight');
    const bias = local.get('bias');
    if (weight?.length === 2 && bias !== undefined && names.length === 2 && same(bias, [weight[0] as number])) {
      take({ kind: 'linear', prefix, keys: [join(prefix, 'weight'), join(prefix, 'bias')], inFeatures: weight[1] as number, outFeatures: weight[0] as number, bias: true });
    } else if (weight?.length === 2 && names.length === 1) {
      take({ kind: 'embedding', prefix, keys: [join(prefix, 'weight')], numEmbeddings: weight[0] as number, embeddingDim: weight[1] as number });
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  return { modules: found.map(([, m]) => m), unrecognized: keys.filter((k) => !claimed.has(k)), notes };
}
