// recurrent/: running cells over sequences and composing the resulting layers.
export { applyLayer } from './recurrent/apply_layer.js';
export type { ApplySettings, ForwardOptions, ForwardResult } from './recurrent/apply_layer.js';
export { bidirectional } from './recurrent/bidirectional.js';
export type { BidirectionalOptions, MergeMode } from './recurrent/bidirectional.js';
export { cellLayer } from './recurrent/cell_layer.js';
export { runSequence } from './recurrent/run_sequence.js';
export type { RunSequenceOptions, RunSequenceResult } from './recurrent/run_sequence.js';
export type { LayerState, RunContext, SequenceLayer } from './recurrent/sequence_layer.js';
export { stacked } from './recurrent/stacked.js';
export type { StackedOptions } from './recurrent/stacked.js';
// modules/: trainable modules with their parameters as variables and PyTorch state_dict names.
export { ParameterModule } from './modules/parameter_module.js';
export { RecurrentModule } from './modules/recurrent_module.js';
export type { RecurrentModuleOptions } from './modules/recurrent_module.js';
export { RecurrentStepper } from './modules/recurrent_stepper.js';
export type { StepperOptions } from './modules/recurrent_stepper.js';
export { gru } from './modules/gru.js';
export type { GruOptions } from './modules/gru.js';
export { lstm } from './modules/lstm.js';
export type { LstmOptions } from './modules/lstm.js';
export { rnn } from './modules/rnn.js';
export type { RnnOptions } from './modules/rnn.js';
export type { TorchRecurrentOptions } from './modules/torch_style.js';
export { embedding } from './modules/embedding.js';
export type { Embedding, EmbeddingOptions } from './modules/embedding.js';
export { linear } from './modules/linear.js';
export type { Linear, LinearOptions } from './modules/linear.js';
// attention/
export type { AttentionResult } from './attention/attention_result.js';
export { bahdanauAttention } from './attention/bahdanau_attention.js';
export type { BahdanauAttentionOptions } from './attention/bahdanau_attention.js';
export { luongAttention } from './attention/luong_attention.js';
export type { LuongAttentionOptions } from './attention/luong_attention.js';
export { multiHeadAttention } from './attention/multi_head_attention.js';
export type { MultiHeadAttentionOptions, MultiHeadAttentionResult } from './attention/multi_head_attention.js';
export { prepareAttention } from './attention/prepare_attention.js';
export type { AttentionScore, PrepareAttentionOptions, PreparedAttention } from './attention/prepare_attention.js';
export { scaledDotProductAttention } from './attention/scaled_dot_product_attention.js';
export type { ScaledDotProductAttentionOptions } from './attention/scaled_dot_product_attention.js';
// tree/: forests of Tree-LSTM cells.
export type { Forest } from './tree/forest.js';
export { forestFromChildren } from './tree/forest_from_children.js';
export type { ForestFromChildrenOptions } from './tree/forest_from_children.js';
export { forestFromParents } from './tree/forest_from_parents.js';
export type { ForestFromParentsOptions, ParentInput } from './tree/forest_from_parents.js';
export { forestFromTrees } from './tree/forest_from_trees.js';
export type { FlatForest, ForestFromTreesOptions, TreeNode } from './tree/forest_from_trees.js';
export { runForest } from './tree/run_forest.js';
export type { ForestResult } from './tree/run_forest.js';
// seq2seq/: the encoder-decoder with attention.
export type { SourceBatch } from './seq2seq/check_source.js';
export type { BeamSearchOptions, DecodeOptions } from './seq2seq/decode_options.js';
export { encoderDecoder } from './seq2seq/encoder_decoder.js';
export type { DecoderAttention, EncoderDecoder, EncoderDecoderOptions } from './seq2seq/encoder_decoder.js';
export type { Hypothesis } from './seq2seq/hypothesis.js';
export type { TeacherForcedResult } from './seq2seq/teacher_forcing.js';
