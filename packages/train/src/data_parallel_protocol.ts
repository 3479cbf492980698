// Messages between `DataParallel` and its worker threads (internal).

/** One batch entry's shard, as plain data that crosses threads by transfer. */
export interface ShardEntry {
  readonly name: string;
  readonly dtype: 'float32' | 'int32';
  readonly shape: number[];
  readonly data: Float32Array | Int32Array;
}

/** Where each variable lives in the shared buffers, in the order of the replica's names. */
export interface VariableLayout {
  readonly name: string;
  readonly shape: number[];
  /** Offset in float32 elements. */
  readonly offset: number;
  readonly size: number;
}

export type ToWorker =
  | {
      readonly type: 'init';
      readonly moduleUrl: string;
      readonly replicaOptions: unknown;
      readonly layout: VariableLayout[];
      /** The weights the main thread writes before each step. */
      readonly weights: SharedArrayBuffer;
      /** This worker's own gradient region: one float32 per weight. */
      readonly gradients: SharedArrayBuffer;
    }
  | { readonly type: 'step'; readonly shard: ShardEntry[] }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly loss: number; readonly hasGradient: boolean[] }
  | { readonly type: 'closed' }
  | { readonly type: 'error'; readonly message: string; readonly stack: string | undefined };
