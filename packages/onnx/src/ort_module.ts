// The part of ONNX Runtime's JavaScript API (onnxruntime-node and onnxruntime-web share it) that
// the runner uses, typed here so that exporting needs neither package installed.

/** An ONNX Runtime tensor. */
export interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

/** An ONNX Runtime inference session. */
export interface OrtSession {
  /** Runs the graph on `feeds` (by input name); the outputs by name. */
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  /** Frees the session's native resources. */
  release(): Promise<void>;
}

/** `import * as ort from 'onnxruntime-node'` (or `'onnxruntime-web'`), as far as the runner uses it. */
export interface OrtModule {
  readonly Tensor: new (type: 'float32' | 'int32', data: Float32Array | Int32Array, dims: readonly number[]) => OrtTensor;
  readonly InferenceSession: {
    /** Opens a session on the bytes of an `.onnx` file with ONNX Runtime's session options. */
    create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
  };
}
