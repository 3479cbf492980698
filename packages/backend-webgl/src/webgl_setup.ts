// What `setupWebglBackend` reports about the WebGL context it started.

/** What `setupWebglBackend` reports about the WebGL context it started. */
export interface WebglSetup {
  /** The tfjs backend now active: `webgl`. */
  readonly backend: string;
  /** 1 or 2. */
  readonly webglVersion: number;
  /** Whether textures hold float32; without it results are float16 and will not match PyTorch. */
  readonly float32: boolean;
}
