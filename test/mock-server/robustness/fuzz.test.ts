/**
 * Fuzz suite over every product's routes, over real HTTP against dist/mock-server.js (a persisted data
 * dir, 30 users, a 4 KB body limit). For each (route × bad input): the server answers (no crash, no dropped
 * connection), no 5xx unless the product's README documents that 5xx for that kind of input, errors in the
 * product's own shape, the data dir byte-identical after every rejected request, and nothing polluted.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMock, tempDir, type RunningMock } from '../../support/mock-process';
import { BODY_LIMIT, fuzzCases } from './cases';
import { FUZZ_PRODUCTS } from './products';
import { send, type RawRequest, type RawResponse } from './raw-http';

const ARGS = ['--users', '30', '--seed', '11', '--body-limit', String(BODY_LIMIT)];

let data: Awaited<ReturnType<typeof tempDir>>;
let mock: RunningMock;

before(async () => {
  data = await tempDir('udm-fuzz-');
  // seed, then start again on the same dir so no seed snapshot is still being written during the run
  await (await startMock([...ARGS, '--data', data.path])).stop();
  mock = await startMock([...ARGS, '--data', data.path]);
});
after(async () => {
  await mock?.stop();
  await data?.remove();
});

/** sha256 of every file under the data dir, by relative path. */
async function fingerprint(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    if (entry.isDirectory()) Object.assign(out, await fingerprint(join(dir, entry.name), rel));
    else out[rel] = createHash('sha256').update(await readFile(join(dir, entry.name))).digest('hex');
  }
  return out;
}

/**
 * The data dir once nothing is being written: signing in may stamp a last-login time that the product
 * writes without holding up its answer (Foreman), so a batch starts only when two looks agree.
 */
async function settledFingerprint(dir: string): Promise<Record<string, string>> {
  let last = '';
  for (let i = 0; i < 100; i++) {
    const now = await fingerprint(dir).then(JSON.stringify, () => 'in flux');
    if (now === last && now !== 'in flux') return JSON.parse(now);
    last = now;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the data dir under ${dir} never settled`);
}

function describeExchange(req: RawRequest, res?: RawResponse): string {
  const body = req.body === undefined ? '' : ` body ${String(req.body).slice(0, 120)}`;
  return `${req.method} ${req.path.slice(0, 160)}${body} → ${res ? `${res.status} ${res.text.slice(0, 200)}` : 'no answer'}`;
}

async function assertAlive(): Promise<void> {
  assert.equal(mock.process.exitCode, null, `the server is still running\n${mock.errors()}`);
  const health = await send(mock.baseUrl, { method: 'GET', path: '/_mock/health' });
  assert.equal(health.status, 200);
  assert.equal(JSON.parse(health.text).status, 'ok');
}

describe('fuzz: every route of every product with bad input', { concurrency: 1 }, () => {
  for (const product of FUZZ_PRODUCTS) {
    it(product.id, async (t) => {
      assert.ok(Object.keys(await fingerprint(data.path)).length >= FUZZ_PRODUCTS.length, 'the data dir holds every product file');
      const auth = await product.signIn(mock.baseUrl);
      const id = await product.validId(mock.baseUrl, auth);
      await settledFingerprint(data.path);
      const failures: string[] = [];
      let exchanged = 0;
      for (const route of product.routes) {
        for (const c of fuzzCases(route, id, auth)) {
          const label = `${product.id} ${route.method} ${route.path} [${c.name}]`;
          const before = await fingerprint(data.path);
          let res: RawResponse | undefined;
          try {
            res = await send(mock.baseUrl, c.request);
          } catch (err) {
            failures.push(`${label}: ${(err as Error).message} — ${describeExchange(c.request)}`);
            await assertAlive();
            continue;
          }
          exchanged++;
          if (res.status >= 500 && !product.documented5xx(res, c.kind)) failures.push(`${label}: undocumented ${res.status} — ${describeExchange(c.request, res)}`);
          if (res.status >= 400) {
            // `..` segments resolved by the HTTP layer can leave the product's prefix: then it is the mock's own 404
            const outside = c.request.path.includes('/../') && res.status === 404 && /^\{"error":"Not found: /.test(res.text);
            if (!product.isOwnError(res) && !outside) failures.push(`${label}: not the product's error shape — ${describeExchange(c.request, res)}`);
            if (JSON.stringify(await fingerprint(data.path)) !== JSON.stringify(before)) failures.push(`${label}: the data dir changed after a rejected request — ${describeExchange(c.request, res)}`);
          }
          if (/"polluted"/.test(res.text) && !res.text.includes('"__proto__"')) failures.push(`${label}: a prototype-named key came back as data — ${describeExchange(c.request, res)}`);
        }
      }
      await assertAlive();
      t.diagnostic(`${product.id}: ${exchanged} bad requests over ${product.routes.length} routes`);
      assert.ok(exchanged > 100, `${product.id}: ${exchanged} bad requests answered`);
      assert.deepEqual(failures.slice(0, 25), [], `${failures.length} failures:\n${failures.slice(0, 25).join('\n')}`);
    });
  }

  it('a 100 KB query string is refused by the HTTP layer (431) and the server keeps running', async () => {
    // Node answers 431 and closes at once, so a client still writing the request may see the reset first
    const outcome = await send(mock.baseUrl, { method: 'GET', path: `/foreman/api/users?search=${'a'.repeat(100 * 1024)}` }).then(
      (res) => res.status,
      (err: NodeJS.ErrnoException) => err.code,
    );
    assert.ok(outcome === 431 || outcome === 'ECONNRESET' || outcome === 'EPIPE', `answer: ${outcome}`);
    await assertAlive();
  });

  it('after the barrage the server restarts on the same data dir and every product still answers', async () => {
    await mock.stop();
    mock = await startMock([...ARGS, '--data', data.path]);
    for (const product of FUZZ_PRODUCTS) {
      const auth = await product.signIn(mock.baseUrl);
      assert.ok(await product.validId(mock.baseUrl, auth), product.id);
    }
  });
});
