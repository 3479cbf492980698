// Talks to the peer's child process; a crash becomes a failure reason, never a crash here.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecurrentCase, StreamCase } from './cases.js';
import type { PeerReply, PeerRequest } from './peer_worker.js';

export class PeerClient {
  private child: ChildProcess | undefined;
  private stderr = '';
  private pending: ((reply: PeerReply) => void) | undefined;

  /** Sets the peer up for case `c`, starting its process unless one is running. */
  async start(backend: string, c: RecurrentCase | StreamCase): Promise<PeerReply> {
    if (this.child !== undefined) return this.request({ type: 'setup', backend, case: c });
    const here = path.dirname(fileURLToPath(import.meta.url));
    const child = fork(path.join(here, 'peer_worker.ts'), [], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.stderr = '';
    // Events of a process stopped earlier must not touch its successor.
    child.stderr?.on('data', (d: Buffer) => {
      if (this.child === child) this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    child.on('message', (reply: PeerReply) => {
      if (this.child !== child) return;
      const resolve = this.pending;
      this.pending = undefined;
      resolve?.(reply);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      const resolve = this.pending;
      this.pending = undefined;
      const lastLine = this.stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? '';
      resolve?.({ ok: false, error: `peer process exited (${signal ?? `code ${code}`})${lastLine ? `: ${lastLine.slice(0, 200)}` : ''}` });
      this.child = undefined;
    });
    return this.request({ type: 'setup', backend, case: c });
  }

  request(request: PeerRequest): Promise<PeerReply> {
    const child = this.child;
    if (child === undefined) return Promise.resolve({ ok: false, error: 'peer process is not running' });
    return new Promise((resolve) => {
      this.pending = resolve;
      child.send(request);
    });
  }

  stop(): void {
    this.child?.kill();
    this.child = undefined;
  }
}
