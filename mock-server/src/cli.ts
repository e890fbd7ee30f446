import { serve, type ServerType } from '@hono/node-server';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseCommandLine } from './args.js';
import { createApp } from './app.js';
import { heapPolicy } from './heap-policy.js';
import { answersInOwnPages } from './http/answer-bytes.js';
import { LeasedAnswerResponse } from './http/leased-answer-response.js';
import { PRODUCTS } from './products/registry.js';
import { DataFileError, Store } from './store.js';

const NAME = 'user-directory-mock';

function fail(message: string, code: number): never {
  process.stderr.write(`${NAME}: ${message}\n`);
  process.exit(code);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function origin(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

async function main(): Promise<void> {
  const parsed = parseCommandLine(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(`${parsed.text}\n`);
    return;
  }
  if (parsed.kind === 'error') fail(`${parsed.message} (see --help)`, 2);
  const { config } = parsed;

  let store: Store;
  try {
    store = await Store.open({ dataDir: config.dataDir, products: PRODUCTS, config });
  } catch (e) {
    if (e instanceof DataFileError) fail(e.message, 1);
    throw e;
  }
  const heap = heapPolicy(config.idleCollectSeconds, (message) => process.stderr.write(`${NAME}: ${message}\n`));
  const { fetch, faults, started } = createApp({ store, config, products: PRODUCTS, onProductRequest: (product) => heap.noteProductRequest(product) });
  for (const f of parsed.faults) faults.add(f);

  if (!isLoopback(config.host)) {
    process.stderr.write(
      `${NAME}: warning: listening on ${config.host}, which other machines may reach; the mock's credentials are public defaults\n`,
    );
  }

  // a large answer's pages go back to the kernel once its response has been written (answer-leases.ts)
  const serverOptions = { ServerResponse: LeasedAnswerResponse };
  const server: ServerType = serve({ fetch: heap.observe(fetch), port: config.port, hostname: config.host, serverOptions }, (info) => {
    const base = origin(config.host, info.port);
    const lines = [`Mock server listening on ${base}`];
    for (const p of PRODUCTS) lines.push(`  ${p.title.padEnd(18)}${`${base}${p.apiBase}`.padEnd(52)}${p.credentials(config)}`);
    const r = store.report;
    if (!config.dataDir) lines.push(`  Data: in memory (seed ${config.seed}, ${config.users} users per product)`);
    else {
      const where = resolve(config.dataDir);
      if (r.loaded.length) {
        const s = r.loaded[0].seed;
        lines.push(`  Data: ${where} (existing data, seeded with seed ${s.seed}, ${s.users} users; POST /_mock/reset to reseed)`);
      }
      if (r.seeded.length) lines.push(`  Data: ${where} (seeded ${r.seeded.join(', ')}: seed ${config.seed}, ${config.users} users)`);
    }
    lines.push(`  Control API: ${base}/_mock/health, /_mock/reset, /_mock/requests, /_mock/faults`);
    process.stdout.write(`${lines.join('\n')}\n`);
    started();
    heap.start().catch((e: Error) => process.stderr.write(`${NAME}: idle collection unavailable: ${e.message}\n`));
  });
  // serve() has put @hono/node-server's Response in place, which writes a body's bytes out as they are
  answersInOwnPages();
  server.on('error', (e: NodeJS.ErrnoException) => {
    fail(e.code === 'EADDRINUSE' ? `port ${config.port} on ${config.host} is already in use; choose another with --port (0 = any free port)` : `cannot listen on ${config.host}:${config.port}: ${e.message}`, 1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    heap.stop();
    // Stop accepting, let answers in flight finish (their writes included), make sure every
    // acknowledged write is durable, exit 0. Keep-alive connections that stay busy are cut after 3 s.
    const drained = new Promise<void>((done) => server.close(() => done()));
    setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 3000).unref();
    drained
      .then(() => store.close())
      .catch((e: Error) => process.stderr.write(`${NAME}: while stopping on ${signal}: ${e.message}\n`))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: Error) => fail(e.stack ?? e.message, 1));
