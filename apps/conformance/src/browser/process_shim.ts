// The `process` global that the conformance code touches, for the browser (injected by the
// bundler). No `versions.node`, so TensorFlow.js does not take the page for Node.

export const process = {
  env: {} as Record<string, string | undefined>,
  versions: {} as Record<string, string | undefined>,
  emitWarning(message: string): void {
    console.warn(message);
  },
  cwd(): string {
    return '/';
  },
};
