/**
 * Prototype pollution, checked where it would happen: the mock server runs in this process (the same
 * app and Node adapter as the CLI, on a loopback port), receives every prototype-named body and query
 * case of the fuzz battery for every product, and then Object.prototype and Array.prototype must be as
 * they were. (Seen from outside, pollution is invisible: JSON.stringify skips inherited keys.)
 */
import { serve, type ServerType } from '@hono/node-server';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseCommandLine } from '../../../mock-server/src/args';
import { createApp } from '../../../mock-server/src/app';
import { PRODUCTS } from '../../../mock-server/src/products/registry';
import { Store } from '../../../mock-server/src/store';
import { fuzzCases } from './cases';
import { FUZZ_PRODUCTS } from './products';
import { send } from './raw-http';

let server: ServerType;
let base: string;
let store: Store;

before(async () => {
  const parsed = parseCommandLine(['--in-memory', '--users', '20', '--body-limit', '4096'], {});
  assert.equal(parsed.kind, 'run');
  const config = (parsed as Extract<typeof parsed, { kind: 'run' }>).config;
  store = await Store.open({ dataDir: config.dataDir, products: PRODUCTS, config });
  const { fetch } = createApp({ store, config, products: PRODUCTS });
  await new Promise<void>((ready) => {
    server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      ready();
    });
  });
});
after(async () => {
  await new Promise((done) => server?.close(done));
  await store?.close();
});

describe('prototype pollution', () => {
  it('no request of any product adds a property to Object.prototype or Array.prototype', async () => {
    const objectKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const arrayKeys = Object.getOwnPropertyNames(Array.prototype).sort();
    let sent = 0;
    for (const product of FUZZ_PRODUCTS) {
      const auth = await product.signIn(base);
      const id = await product.validId(base, auth);
      for (const route of product.routes) {
        for (const c of fuzzCases(route, id, auth).filter((k) => /proto|constructor|prototype/.test(k.name))) {
          await send(base, c.request);
          sent++;
        }
      }
    }
    assert.ok(sent > 50, `${sent} prototype-named requests sent`);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), objectKeys);
    assert.deepEqual(Object.getOwnPropertyNames(Array.prototype).sort(), arrayKeys);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
