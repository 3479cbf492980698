// Bundles a page's script and stylesheet with esbuild, in memory.
import * as esbuild from 'esbuild';

export interface PageBundle {
  readonly js: string;
  readonly css: string;
}

/** Bundles the page script `script` and its stylesheet `stylesheet` (absolute paths) for the browser. */
export async function buildPage(script: string, stylesheet: string): Promise<PageBundle> {
  const result = await esbuild.build({
    entryPoints: [script, stylesheet],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: 'out',
    write: false,
    minify: true,
    logLevel: 'silent',
    // tfjs-backend-wasm names Node modules it loads only under Node.
    external: ['fs', 'path', 'os', 'crypto', 'worker_threads', 'perf_hooks', 'url', 'util'],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text;
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  if (js === undefined) throw new Error(`buildPage: esbuild produced no script for ${script}`);
  return { js, css };
}
