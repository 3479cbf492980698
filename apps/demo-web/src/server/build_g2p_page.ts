// Bundles the pronunciation page's script and stylesheet with esbuild, in memory.
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { PageBundle } from './build_page.js';

/** Bundles `src/page/g2p/g2p_page.ts` and its stylesheet under `appDir` (the apps/demo-web folder). */
export async function buildG2pPage(appDir: string): Promise<PageBundle> {
  const dir = path.join(appDir, 'src', 'page', 'g2p');
  const result = await esbuild.build({
    entryPoints: [path.join(dir, 'g2p_page.ts'), path.join(dir, 'g2p_page.css')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: 'out',
    write: false,
    minify: true,
    logLevel: 'silent',
    // As in buildPage: Node modules the tfjs union names but loads only under Node.
    external: ['fs', 'path', 'os', 'crypto', 'worker_threads', 'perf_hooks', 'url', 'util'],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text;
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  if (js === undefined) throw new Error('buildG2pPage: esbuild produced no script');
  return { js, css };
}
