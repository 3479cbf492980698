// The one build configuration of every public package (tsdown): ES module and CommonJS builds,
// declarations for each, source maps that resolve to the shipped `src/`. The entries come from
// the package's own `exports` map, so a package needs no build file of its own.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8'));

// "./base" -> src/base.ts becomes dist/base.{mjs,cjs,d.mts,d.cts}; "." becomes dist/index.*.
/** @type {Record<string, string>} */
const entry = {};
for (const [subpath, target] of Object.entries(manifest.exports)) {
  entry[subpath === '.' ? 'index' : subpath.slice(2)] = path.resolve(target.default);
}
// Files loaded at run time by path rather than imported (a worker thread's script), which no
// entry reaches: `"rnnkitBuild": { "extraEntries": ["src/x.ts"] }` builds each as dist/x.*.
for (const file of manifest.rnnkitBuild?.extraEntries ?? []) {
  entry[path.basename(file, path.extname(file))] = path.resolve(file);
}

/** @type {import('tsdown').UserConfig} tsdown reads the configuration from the default export. */
export default {
  entry,
  format: ['esm', 'cjs'],
  // .mjs / .cjs whatever the package's "type": each build is unambiguous to Node and bundlers.
  fixedExtension: true,
  // One output file per source file, so `sideEffects` can name the files that register kernels.
  unbundle: true,
  dts: { tsconfig: path.resolve('tsconfig.build.json') },
  sourcemap: true,
  // `#name` imports (package.json "imports") are resolved where the package runs, by that
  // environment's conditions, never at build time.
  external: [/^#/],
  platform: 'neutral',
  target: 'es2022',
  cwd: process.cwd(),
  outDir: path.resolve('dist'),
  clean: true,
  logLevel: 'warn',
  checks: { pluginTimings: false },
  tsconfig: path.resolve('tsconfig.build.json'),
};
