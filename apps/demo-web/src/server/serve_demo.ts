// Serves the demo page, its bundle and the training text from a localhost HTTP server.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { buildPage } from './build_page.js';
import { G2P_PAGE_HTML } from './g2p_page_html.js';
import { PAGE_HTML } from './page_html.js';

export interface DemoServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The apps/demo-web folder, found from the working directory (the app or the workspace root). */
export function demoAppDir(): string {
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, 'apps', 'demo-web', 'package.json'))) return path.join(dir, 'apps', 'demo-web');
    if (fs.existsSync(path.join(dir, 'src', 'page', 'demo_page.ts'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('serveDemo: cannot find apps/demo-web above the working directory');
    dir = parent;
  }
}

/** Builds the page and serves it on `port` (0: any free port) of 127.0.0.1. */
export async function serveDemo(port = 0): Promise<DemoServer> {
  const appDir = demoAppDir();
  const pageDir = path.join(appDir, 'src', 'page');
  const [bundle, g2p] = await Promise.all([
    buildPage(path.join(pageDir, 'demo_page.ts'), path.join(pageDir, 'page.css')),
    buildPage(path.join(pageDir, 'g2p', 'g2p_page.ts'), path.join(pageDir, 'g2p', 'g2p_page.css')),
  ]);
  const text = fs.readFileSync(path.join(appDir, 'data', 'genesis_1-2.txt'));
  const routes: Record<string, [string, string | Buffer]> = {
    '/': ['text/html; charset=utf-8', PAGE_HTML],
    '/bundle.js': ['text/javascript', bundle.js],
    '/bundle.css': ['text/css', bundle.css],
    '/text.txt': ['text/plain; charset=utf-8', text],
    '/g2p': ['text/html; charset=utf-8', G2P_PAGE_HTML],
    '/g2p.js': ['text/javascript', g2p.js],
    '/g2p.css': ['text/css', g2p.css],
    '/g2p-weights.safetensors': ['application/octet-stream', fs.readFileSync(path.join(appDir, 'data', 'g2p-attention.safetensors'))],
  };
  const server = http.createServer((req, res) => {
    const route = routes[(req.url ?? '/').split('?')[0] ?? '/'];
    if (route === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('serveDemo: the server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
