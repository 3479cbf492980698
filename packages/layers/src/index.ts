/**
 * Run cells over sequences: variable lengths, stacked, bidirectional, PyTorch-style lstm/gru/rnn.
 * @module @rnnkit/layers
 */
export { applyLayer, checkParams } from './apply_layer.js';
export type { ApplySettings, ForwardOptions, ForwardResult } from './apply_layer.js';
export { bidirectional } from './bidirectional.js';
export type { BidirectionalOptions, MergeMode } from './bidirectional.js';
export { cellLayer } from './cell_layer.js';
export { gru } from './gru.js';
export type { GruOptions } from './gru.js';
export { lstm } from './lstm.js';
export type { LstmOptions } from './lstm.js';
export { RecurrentModule } from './recurrent_module.js';
export type { RecurrentModuleOptions } from './recurrent_module.js';
export { rnn } from './rnn.js';
export type { RnnOptions } from './rnn.js';
export { runSequence } from './run_sequence.js';
export type { RunSequenceOptions } from './run_sequence.js';
export type { LayerState, RunContext, SequenceLayer } from './sequence_layer.js';
export { layerParamName, stacked } from './stacked.js';
export type { StackedOptions } from './stacked.js';
export type { TorchRecurrentOptions } from './torch_style.js';
export type { AttentionResult } from './attention_result.js';
export { bahdanauAttention } from './bahdanau_attention.js';
export type { BahdanauAttentionOptions } from './bahdanau_attention.js';
export { luongAttention } from './luong_attention.js';
export type { LuongAttentionOptions } from './luong_attention.js';
export { multiHeadAttention } from './multi_head_attention.js';
export type { MultiHeadAttentionOptions, MultiHeadAttentionResult } from './multi_head_attention.js';
export { scaledDotProductAttention } from './scaled_dot_product_attention.js';
export type { ScaledDotProductAttentionOptions } from './scaled_dot_product_attention.js';
export type { Forest } from './forest.js';
export { forestFromChildren } from './forest_from_children.js';
export type { ForestFromChildrenOptions } from './forest_from_children.js';
export { forestFromParents } from './forest_from_parents.js';
export type { ForestFromParentsOptions, ParentInput } from './forest_from_parents.js';
export { forestFromTrees } from './forest_from_trees.js';
export type { FlatForest, ForestFromTreesOptions, TreeNode } from './forest_from_trees.js';
export { runForest } from './run_forest.js';
export type { ForestResult } from './run_forest.js';
export { encoderDecoder } from './encoder_decoder.js';
export type { BeamSearchOptions, DecodeOptions, DecoderAttention, EncoderDecoder, EncoderDecoderOptions, Hypothesis, SourceBatch, TeacherForcedResult } from './encoder_decoder.js';
