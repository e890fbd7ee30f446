import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The bundled server under test; MOCK_SERVER_JS points elsewhere (e.g. a private build). */
export const MOCK_SERVER = process.env.MOCK_SERVER_JS ? resolve(process.env.MOCK_SERVER_JS) : resolve(__dirname, '../../dist/mock-server.js');

export interface RunningMock {
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  port: number;
  process: ChildProcess;
  /** Everything printed on stdout so far. */
  output(): string;
  /** Everything printed on stderr so far. */
  errors(): string;
  /** Sends a signal (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const LISTENING = /Mock server listening on (http:\/\/[^\s]+:(\d+))/;

/**
 * Starts `dist/mock-server.js` with these arguments (and `nodeOptions` for Node itself, such as
 * `--trace-gc`) and waits until the banner is printed.
 */
export function startMock(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000, nodeOptions: readonly string[] = []): Promise<RunningMock> {
  const child = spawn(process.execPath, [...nodeOptions, MOCK_SERVER, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mock server did not start within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    const check = () => {
      const m = LISTENING.exec(stdout);
      // the banner is complete once the control-API line is out
      if (m && stdout.includes('Control API:')) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolveStart({
          baseUrl: m[1],
          port: Number(m[2]),
          process: child,
          output: () => stdout,
          errors: () => stderr,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`mock server exited (code ${code}, signal ${signal}) before listening\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}

/** Runs the mock server to completion (for flags that make it exit at once). */
export function runMock(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<ExitResult> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [MOCK_SERVER, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mock server did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'udm-test-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
