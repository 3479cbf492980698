// Builds the g2p model a configuration names.
import { AttentionG2pModel } from './attention_g2p_model.js';
import { CtcG2pModel } from './ctc_g2p_model.js';
import type { G2pConfig, G2pModel } from './g2p_model.js';

/** A fresh model of `config`'s kind and sizes. */
export function createG2pModel(config: G2pConfig, seed: number): G2pModel {
  const { hiddenSize, numLayers, dropout } = config;
  return config.model === 'ctc' ? new CtcG2pModel({ hiddenSize, numLayers, dropout, seed }) : new AttentionG2pModel({ hiddenSize, numLayers, dropout, embeddingSize: config.embeddingSize, seed });
}
