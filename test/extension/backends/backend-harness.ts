import { createBackend } from '../../../src/backends/create-backend';
import type { ConnectionInfo, ConnectionSecrets, DirectoryBackend } from '../../../src/backends/directory-backend';
import { HttpClient } from '../../../src/backends/http';
import { Redactor } from '../../../src/backends/redactor';
import { mockConnections } from '../../../src/mockServer/mock-connections';
import type { ProductId } from '../../../src/model';
import { startMock, type RunningMock } from '../../support/mock-process';

export interface BackendUnderTest {
  mock: RunningMock;
  backend: DirectoryBackend;
  connection: ConnectionInfo;
  secrets: ConnectionSecrets;
  /** Every log line the backend's HTTP client wrote. */
  log: string[];
  /** Another backend for the same server with other connection settings or secrets. */
  variant(change: { connection?: Partial<ConnectionInfo>; secrets?: ConnectionSecrets }): DirectoryBackend;
  /** Raw HTTP against the mock server, to check what the backend did on the wire. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Starts the real mock server (in memory) and builds the product's real backend against it. */
export async function backendUnderTest(product: ProductId, users = 120): Promise<BackendUnderTest> {
  const mock = await startMock(['--port', '0', '--in-memory', '--users', String(users)]);
  const { connection, secrets } = mockConnections(mock.baseUrl).find((c) => c.connection.product === product)!;
  const log: string[] = [];
  const build = (c: ConnectionInfo, s: ConnectionSecrets) => {
    const redactor = new Redactor();
    const http = new HttpClient({ timeoutMs: () => 15_000, rejectUnauthorized: true, redactor, log: (l) => log.push(l), maxRetryWaitMs: 1000 });
    return createBackend({ connection: c, secrets: s, http, redactor });
  };
  return {
    mock,
    backend: build(connection, secrets),
    connection,
    secrets,
    log,
    variant: (change) => build({ ...connection, ...change.connection }, change.secrets ?? secrets),
    fetch: (path, init) => fetch(`${mock.baseUrl}${path}`, init),
  };
}

/** All pages of a listing, following nextCursor. */
export async function allPages<T>(load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await load(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
