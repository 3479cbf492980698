// `attention`: Bahdanau, Luong dot / general, scaled dot-product and nn.MultiheadAttention.
import * as tf from '@tensorflow/tfjs-core';
import { bahdanauAttention, luongAttention, multiHeadAttention, scaledDotProductAttention } from '@rnnkit/layers';
import type { Fixture } from '@rnnkit/testing';
import type { PreparedFixture } from '../family.js';
import { UnsupportedFixture, configBool, configInt, specRecord, withPrefix } from '../family.js';

type Run = (values: Record<string, tf.Tensor>, lengths: tf.Tensor1D | undefined) => Record<string, tf.Tensor>;

function tensor3(values: Record<string, tf.Tensor>, name: string): tf.Tensor3D {
  const value = values[name];
  if (value === undefined) throw new UnsupportedFixture(`the fixture has no input.${name}`);
  return value as tf.Tensor3D;
}

function optional3(values: Record<string, tf.Tensor>, name: string): tf.Tensor3D | undefined {
  return values[name] as tf.Tensor3D | undefined;
}

function withLengths(lengths: tf.Tensor1D | undefined): { lengths?: tf.Tensor1D } {
  return lengths === undefined ? {} : { lengths };
}

function causalOf(fixture: Fixture): boolean {
  const causal = fixture.spec['causal'] ?? specRecord(fixture, 'config')['causal'] ?? false;
  if (typeof causal !== 'boolean') throw new UnsupportedFixture(`spec.causal must be a boolean, got ${JSON.stringify(causal)}`);
  return causal;
}

function additiveOrMultiplicative(fixture: Fixture, kind: unknown): Run {
  const causal = causalOf(fixture);
  const common = (values: Record<string, tf.Tensor>, lengths: tf.Tensor1D | undefined) => {
    const v = optional3(values, 'values');
    return { causal, ...withLengths(lengths), ...(v === undefined ? {} : { values: v }) };
  };
  switch (kind) {
    case 'bahdanau':
    case 'additive':
      return (values, lengths) => {
        const { W_q, W_k, b, v } = values;
        if (W_q === undefined || W_k === undefined || b === undefined || v === undefined) {
          throw new UnsupportedFixture('bahdanau attention needs param.W_q, param.W_k, param.b and param.v');
        }
        const r = bahdanauAttention({ W_q, W_k, b, v }, tensor3(values, 'query'), tensor3(values, 'keys'), common(values, lengths));
        return { context: r.context, weights: r.weights };
      };
    case 'luong_dot':
    case 'luong_general':
      return (values, lengths) => {
        const W = values['W'];
        const params: Record<string, tf.Tensor> = kind === 'luong_general' && W !== undefined ? { W } : {};
        const r = luongAttention(params, tensor3(values, 'query'), tensor3(values, 'keys'), {
          score: kind === 'luong_dot' ? 'dot' : 'general',
          ...common(values, lengths),
        });
        return { context: r.context, weights: r.weights };
      };
    case 'scaled_dot':
    case 'scaled_dot_product':
      return (values, lengths) => {
        const keys = tensor3(values, 'keys');
        const r = scaledDotProductAttention(tensor3(values, 'query'), keys, optional3(values, 'values') ?? keys, { causal, ...withLengths(lengths) });
        return { context: r.context, weights: r.weights };
      };
    default:
      throw new UnsupportedFixture(`attention ${JSON.stringify(kind)} is not an attention this toolkit has`);
  }
}

function multihead(fixture: Fixture): Run {
  const config = specRecord(fixture, 'config');
  const known = ['embed_dim', 'num_heads', 'batch_first', 'bias', 'dropout', 'kdim', 'vdim', 'add_bias_kv', 'add_zero_attn', 'average_attn_weights', 'causal'];
  const unknown = Object.keys(config).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new UnsupportedFixture(`nn.MultiheadAttention config ${unknown.join(', ')} is not supported`);
  const embed = configInt(config, 'embed_dim');
  const numHeads = configInt(config, 'num_heads');
  const batchFirst = configBool(config, 'batch_first', false);
  const bias = configBool(config, 'bias', true);
  const averageWeights = configBool(config, 'average_attn_weights', true);
  if (configBool(config, 'add_bias_kv', false) || configBool(config, 'add_zero_attn', false)) {
    throw new UnsupportedFixture('nn.MultiheadAttention with add_bias_kv or add_zero_attn is not supported');
  }
  if (configInt(config, 'kdim', embed) !== embed || configInt(config, 'vdim', embed) !== embed) {
    throw new UnsupportedFixture('nn.MultiheadAttention with kdim or vdim other than embed_dim is not supported');
  }
  if ((config['dropout'] ?? 0) !== 0) throw new UnsupportedFixture('nn.MultiheadAttention with dropout is not deterministic');
  const causal = causalOf(fixture);
  // PyTorch's default layout is (T, N, E); the toolkit's attention is batch-first.
  const toBatchFirst = (t: tf.Tensor3D): tf.Tensor3D => (batchFirst ? t : tf.transpose(t, [1, 0, 2]));
  return (values, lengths) => {
    const names = ['in_proj_weight', 'out_proj.weight', ...(bias ? ['in_proj_bias', 'out_proj.bias'] : [])];
    const params: Record<string, tf.Tensor> = {};
    for (const name of names) {
      const p = values[name];
      if (p === undefined) throw new UnsupportedFixture(`nn.MultiheadAttention fixture lacks param.${name}`);
      params[name] = p;
    }
    const r = multiHeadAttention(
      params,
      toBatchFirst(tensor3(values, 'query')),
      toBatchFirst(tensor3(values, 'key')),
      toBatchFirst(tensor3(values, 'value')),
      { numHeads, bias, averageWeights, causal, ...withLengths(lengths) },
    );
    return { output: toBatchFirst(r.context), weights: r.weights };
  };
}

export function prepareAttention(fixture: Fixture, tensors: Record<string, tf.Tensor>): PreparedFixture {
  const module = fixture.spec['module'];
  const run = module === 'torch.nn.MultiheadAttention' ? multihead(fixture) : module === undefined ? additiveOrMultiplicative(fixture, fixture.spec['attention']) : undefined;
  if (run === undefined) throw new UnsupportedFixture(`module ${JSON.stringify(module)} is not an attention module this toolkit has`);
  const params = withPrefix(tensors, 'param.');
  const { lengths, ...inputs } = withPrefix(tensors, 'input.');
  return {
    differentiable: { ...inputs, ...params },
    run: (values) => run(values, lengths as tf.Tensor1D | undefined),
  };
}
