import { spawn, type ChildProcess } from 'node:child_process';

export type MockServerState =
  | { status: 'stopped' }
  | { status: 'starting' }
  | { status: 'running'; baseUrl: string; port: number; pid: number }
  | { status: 'crashed'; message: string };

export interface MockServerLaunch {
  /** `dist/mock-server.js` of this extension. */
  script: string;
  /** Node to run it with (in VS Code: its own executable, with ELECTRON_RUN_AS_NODE). */
  nodePath: string;
  dataDir: string;
  port: number;
  seed: number;
  users: number;
  /** Extra command-line flags (credentials). */
  args: readonly string[];
  startTimeoutMs?: number;
}

const LISTENING = /Mock server listening on (http:\/\/[^\s]+:(\d+))/;

/**
 * The bundled mock server as a child process: started with its command-line contract, watched for
 * the "listening" line, stopped with SIGTERM (it finishes writes and exits 0). A crash is reported,
 * never thrown at the extension.
 */
export class MockServerProcess {
  private current: MockServerState = { status: 'stopped' };
  private child: ChildProcess | undefined;
  private stopping = false;
  private readonly stateListeners = new Set<(s: MockServerState) => void>();
  private readonly outputListeners = new Set<(line: string) => void>();

  get state(): MockServerState {
    return this.current;
  }

  onDidChangeState(listener: (s: MockServerState) => void): { dispose(): void } {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  onOutput(listener: (line: string) => void): { dispose(): void } {
    this.outputListeners.add(listener);
    return { dispose: () => this.outputListeners.delete(listener) };
  }

  /** Starts the server (or returns the running one) and resolves once it listens. */
  start(launch: MockServerLaunch): Promise<Extract<MockServerState, { status: 'running' }>> {
    if (this.current.status === 'running') return Promise.resolve(this.current);
    if (this.child) return Promise.reject(new Error('The mock server is already starting'));
    this.set({ status: 'starting' });
    this.stopping = false;
    const args = [launch.script, '--port', String(launch.port), '--data', launch.dataDir, '--seed', String(launch.seed), '--users', String(launch.users), ...launch.args];
    const child = spawn(launch.nodePath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stdout = '';
    let lastError = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`The mock server did not start within ${Math.round((launch.startTimeoutMs ?? 60_000) / 1000)} s`));
      }, launch.startTimeoutMs ?? 60_000);
      const lines = (text: string, isError: boolean) => {
        for (const line of text.split(/\r?\n/)) {
          if (!line) continue;
          if (isError) lastError = line;
          for (const l of this.outputListeners) l(line);
        }
      };
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        lines(d, false);
        if (this.current.status !== 'starting') return;
        stdout += d;
        const m = LISTENING.exec(stdout);
        if (m) {
          clearTimeout(timer);
          const running = { status: 'running' as const, baseUrl: m[1], port: Number(m[2]), pid: child.pid ?? 0 };
          this.set(running);
          resolve(running);
        }
      });
      child.stderr!.setEncoding('utf8').on('data', (d: string) => lines(d, true));
      child.on('error', (e) => {
        clearTimeout(timer);
        this.child = undefined;
        this.set({ status: 'crashed', message: e.message });
        reject(e);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        this.child = undefined;
        const wasStarting = this.current.status === 'starting';
        if (this.stopping) this.set({ status: 'stopped' });
        else {
          const message = lastError.replace(/^user-directory-mock:\s*/, '') || `exited with ${signal ?? `code ${code}`}`;
          this.set({ status: 'crashed', message });
        }
        if (wasStarting) reject(new Error(this.current.status === 'crashed' ? this.current.message : 'The mock server stopped while starting'));
      });
    });
  }

  /** SIGTERM (the server finishes its writes), then SIGKILL if it has not gone after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (!child) {
      if (this.current.status !== 'stopped') this.set({ status: 'stopped' });
      return;
    }
    this.stopping = true;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Asks the running server to reseed (`POST /_mock/reset`). */
  async reset(seed: number, users: number): Promise<void> {
    if (this.current.status !== 'running') throw new Error('The mock server is not running');
    const res = await fetch(`${this.current.baseUrl}/_mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed, users }) });
    if (!res.ok) throw new Error(`Reset failed: ${res.status} ${await res.text()}`);
  }

  private set(state: MockServerState): void {
    this.current = state;
    for (const l of this.stateListeners) l(state);
  }
}
