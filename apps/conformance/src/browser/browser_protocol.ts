// What the Node side asks the page to run.

export interface BrowserRunRequest {
  /** The browser backend to evaluate on. */
  readonly backend: 'webgl';
  /** Fixture files, by their path on the Node side (served under `/fs`). */
  readonly files: readonly string[];
  /** Other files the fixtures read (safetensors beside an interop fixture). */
  readonly extras: readonly string[];
  /**
   * `registered`: the project's WebGL kernels, as an app gets them; `portable`: those kernels
   * removed, so the fused operations run their portable implementations.
   */
  readonly kernels: BrowserKernels;
}

export type BrowserKernels = 'registered' | 'portable';

/** What the page reports when the run ends. */
export interface BrowserRunSummary {
  /** WebGL version and float32 support. */
  readonly setup: string;
  /** The fused operations whose WebGL kernel was the project's own during the run. */
  readonly projectKernels: readonly string[];
}
