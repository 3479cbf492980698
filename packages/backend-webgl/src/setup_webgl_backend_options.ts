// Options of `setupWebglBackend`.

/** Options of `setupWebglBackend`. */
export interface SetupWebglBackendOptions {
  /**
   * Fail when the GPU cannot render to float32 textures: tfjs would fall back to float16, whose
   * results do not match the references within the project's tolerances.
   * @default true
   */
  requireFloat32?: boolean;
}
