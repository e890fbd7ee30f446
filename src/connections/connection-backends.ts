import * as vscode from 'vscode';
import { createBackend } from '../backends/create-backend';
import type { ConnectionInfo, ConnectionSecrets, DirectoryBackend } from '../backends/directory-backend';
import { HttpClient } from '../backends/http';
import { Redactor } from '../backends/redactor';
import type { Log } from '../log';
import type { ConnectionStore } from './connection-store';

/** Seconds to wait for a product, from the `userDirectory.requestTimeoutSeconds` setting. */
export function requestTimeoutMs(): number {
  const s = vscode.workspace.getConfiguration('userDirectory').get<number>('requestTimeoutSeconds', 30);
  return Math.max(1, s) * 1000;
}

/** Builds a backend for a connection and its secrets, with the one HTTP client, logging into `log`. */
export function backendFor(connection: ConnectionInfo, secrets: ConnectionSecrets, log: Log): DirectoryBackend {
  const redactor = new Redactor();
  for (const s of [secrets.password, secrets.token, secrets.appToken]) redactor.add(s);
  const http = new HttpClient({
    timeoutMs: requestTimeoutMs,
    rejectUnauthorized: connection.rejectUnauthorized,
    redactor,
    log: (line) => log.info(`[${connection.label}] ${line}`),
  });
  return createBackend({ connection, secrets, http, redactor });
}

/**
 * One backend per connection, made on first use and kept (sessions, tokens) until the connection's
 * settings or secrets change or it is removed.
 */
export class ConnectionBackends implements vscode.Disposable {
  private readonly cache = new Map<string, { fingerprint: string; backend: Promise<DirectoryBackend> }>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: ConnectionStore,
    private readonly log: Log,
  ) {
    this.subscription = store.onDidChange(() => this.prune());
  }

  get(connection: ConnectionInfo): Promise<DirectoryBackend> {
    const fingerprint = JSON.stringify(connection);
    const cached = this.cache.get(connection.id);
    if (cached && cached.fingerprint === fingerprint) return cached.backend;
    if (cached) void this.release(cached.backend);
    const backend = this.store.getSecrets(connection.id).then((secrets) => backendFor(connection, secrets, this.log));
    this.cache.set(connection.id, { fingerprint, backend });
    backend.catch(() => this.cache.delete(connection.id));
    return backend;
  }

  /** Drops the backend of this connection (after its secrets changed, or on sign-out). */
  forget(connectionId: string): void {
    const cached = this.cache.get(connectionId);
    this.cache.delete(connectionId);
    if (cached) void this.release(cached.backend);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const id of [...this.cache.keys()]) this.forget(id);
  }

  private prune(): void {
    const current = new Map(this.store.list().map((c) => [c.id, JSON.stringify(c)]));
    for (const [id, entry] of this.cache) if (current.get(id) !== entry.fingerprint) this.forget(id);
  }

  private async release(backend: Promise<DirectoryBackend>): Promise<void> {
    try {
      await (await backend).dispose();
    } catch (e) {
      this.log.warn(`Ending a session failed: ${(e as Error).message}`);
    }
  }
}
