// Builds the g2p model a configuration names.
import { attentionG2pModel } from './attention_g2p_model.js';
import { ctcG2pModel } from './ctc_g2p_model.js';
import type { G2pConfig, G2pModel } from './g2p_model.js';

export function createG2pModel(config: G2pConfig, seed: number): G2pModel {
  return config.model === 'ctc' ? ctcG2pModel(config, seed) : attentionG2pModel(config, seed);
}
