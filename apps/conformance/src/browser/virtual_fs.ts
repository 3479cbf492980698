// The slice of `node:fs` the conformance code uses, served in the browser from files fetched
// before the run (the bundler maps `node:fs` here).

const files = new Map<string, Uint8Array>();

/** Makes `bytes` readable at `path`. */
export function addFile(path: string, bytes: Uint8Array): void {
  files.set(path, bytes);
}

function missing(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file (not fetched into the browser): ${path}`), { code: 'ENOENT' });
}

export function existsSync(path: string): boolean {
  return files.has(path);
}

export function readFileSync(path: string, encoding?: string): Uint8Array | string {
  const bytes = files.get(path);
  if (bytes === undefined) throw missing(path);
  return encoding === undefined ? bytes : new TextDecoder().decode(bytes);
}

export function statSync(path: string): { size: number; isFile(): boolean; isDirectory(): boolean } {
  const bytes = files.get(path);
  if (bytes === undefined) throw missing(path);
  return { size: bytes.length, isFile: () => true, isDirectory: () => false };
}

export function readdirSync(path: string): string[] {
  throw new Error(`readdirSync is not available in the browser (asked for ${path})`);
}

// Departs from the project's no-default-export rule on purpose: `node:fs` has a default export,
// and code that imports it as one object (io's atomicWrite) must bundle against this stand-in.
// Writing is not available in the browser; only the import has to resolve.
const fsModule = { existsSync, readFileSync, statSync, readdirSync };
// eslint-disable-next-line no-restricted-syntax -- node:fs's default export, see above
export default fsModule;
