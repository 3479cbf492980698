// The stages a model exported to ONNX is composed of, in the order data flows through them.
import type * as tf from '@tensorflow/tfjs-core';
import type { RecurrentModule } from '@rnnkit/layers';

/** A recurrent module of `@rnnkit/layers` (`lstm`, `gru`, `rnn`) with its current weights. */
export interface OnnxRecurrentStage {
  readonly kind: 'recurrent';
  readonly module: RecurrentModule;
}

/** A token embedding with PyTorch's `nn.Embedding` state dict: `weight` (num, dim). */
export interface OnnxEmbeddingStage {
  readonly kind: 'embedding';
  readonly stateDict: { readonly weight: tf.Tensor };
}

/** A linear map with PyTorch's `nn.Linear` state dict: `weight` (out, in), optional `bias` (out). */
export interface OnnxLinearStage {
  readonly kind: 'linear';
  readonly stateDict: { readonly weight: tf.Tensor; readonly bias?: tf.Tensor };
}

/**
 * Keeps only the last time step of the sequence (`output[-1]`, or `output[:, -1]` batch-first),
 * as a classifier on a recurrent encoder reads it. It follows a recurrent stage, whose layout it
 * takes. As in PyTorch, that step is zero for a sample shorter than T (outputs past a length are 0).
 */
export interface OnnxLastStepStage {
  readonly kind: 'lastStep';
}

/** One stage of an exported model. */
export type OnnxStage = OnnxRecurrentStage | OnnxEmbeddingStage | OnnxLinearStage | OnnxLastStepStage;
