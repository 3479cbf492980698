// What the Node side asks the page to run.

export interface BrowserRunRequest {
  /** The browser backend to evaluate on. */
  readonly backend: 'webgl';
  /** Fixture files, by their path on the Node side (served under `/fs`). */
  readonly files: readonly string[];
  /** Other files the fixtures read (safetensors beside an interop fixture). */
  readonly extras: readonly string[];
}
