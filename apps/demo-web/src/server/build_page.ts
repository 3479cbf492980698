// Bundles the page's script and stylesheet (with uPlot's) with esbuild, in memory.
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export interface PageBundle {
  readonly js: string;
  readonly css: string;
}

/** Bundles `src/page/demo_page.ts` and `src/page/page.css` under `appDir` (the apps/demo-web folder). */
export async function buildPage(appDir: string): Promise<PageBundle> {
  const result = await esbuild.build({
    entryPoints: [path.join(appDir, 'src', 'page', 'demo_page.ts'), path.join(appDir, 'src', 'page', 'page.css')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: 'out',
    write: false,
    minify: true,
    logLevel: 'silent',
    // tfjs-backend-wasm (pulled in by the tfjs union) names Node modules it loads only under Node.
    external: ['fs', 'path', 'os', 'crypto', 'worker_threads', 'perf_hooks', 'url', 'util'],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text;
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  if (js === undefined) throw new Error('buildPage: esbuild produced no script');
  return { js, css };
}
