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
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/** `import * as ort from 'onnxruntime-node'` (or `'onnxruntime-web'`), as far as the runner uses it. */
export interface OrtModule {
  readonly Tensor: new (type: 'float32' | 'int32', data: Float32Array | Int32Array, dims: readonly number[]) => OrtTensor;
  readonly InferenceSession: {
    create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
  };
}
