// `pnpm --filter @rnnkit/demo-web start [--port N]`: serves the demo page until interrupted.
import { serveDemo } from './serve_demo.js';

const i = process.argv.indexOf('--port');
const port = i >= 0 ? Number(process.argv[i + 1]) : 5173;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer in [0, 65535], got ${process.argv[i + 1]}`);
  process.exit(2);
}
const server = await serveDemo(port);
console.log(`rnnkit demo: open ${server.url} in a browser with WebGL (Ctrl-C stops)`);
