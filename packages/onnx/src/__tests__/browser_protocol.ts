// What browser.test.ts sends to the page and what the page returns.

export interface PlainTensor {
  data: number[];
  shape: number[];
}

export interface BrowserCase {
  name: string;
  /** The .onnx bytes. */
  model: number[];
  x: PlainTensor & { dtype: 'float32' | 'int32' };
  lengths?: number[];
  initialState: Record<string, PlainTensor>;
}

export interface BrowserResult {
  name: string;
  output: PlainTensor;
  state: Record<string, PlainTensor>;
}
