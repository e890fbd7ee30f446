/**
 * The body limit and body reading, whichever way the body is framed: with a Content-Length the limit
 * is a header comparison and the body is read straight from the socket; sent chunked, its bytes are
 * counted as they come (Hono's middleware). Both must give each product the same answers, over real
 * HTTP against dist/mock-server.js with a 4 KB limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { BODY_LIMIT, fuzzCases, routeRequest } from './cases';
import { FUZZ_PRODUCTS } from './products';
import { send, type RawRequest, type RawResponse } from './raw-http';

/** Each product's answer to a body over the limit (see its README): the status and a mark of the body. */
const TOO_LARGE: Record<string, { status: number; mark: string }> = {
  'itsm-ng': { status: 400, mark: 'ERROR_UPLOAD_FILE_TOO_BIG_POST_MAX_SIZE' },
  foreman: { status: 413, mark: '413 Request Entity Too Large' },
  'snipe-it': { status: 413, mark: '' },
  'servicedesk-plus': { status: 413, mark: '"status_code":4000' },
  privacyidea: { status: 500, mark: '-500' },
};

let mock: RunningMock;

before(async () => {
  mock = await startMock(['--in-memory', '--users', '30', '--seed', '11', '--body-limit', String(BODY_LIMIT)]);
});
after(async () => {
  await mock?.stop();
});

/** An answer with what changes from one call to the next (times, ids, signatures) blanked out. */
function comparable(res: RawResponse): { status: number; type: string; text: string } {
  return { status: res.status, type: String(res.headers['content-type'] ?? ''), text: res.text.replace(/[0-9a-f]{16,}|\d+(\.\d+)?/g, '#') };
}

describe('body framing: a declared length and a chunked body get the same answers', () => {
  for (const product of FUZZ_PRODUCTS) {
    it(product.id, async () => {
      const auth = await product.signIn(mock.baseUrl);
      const id = await product.validId(mock.baseUrl, auth);
      // an update of an existing user: the same valid body can be sent again
      const route = product.routes.find((r) => (r.method === 'PUT' || r.method === 'PATCH') && r.body !== undefined)!;
      assert.ok(route, `${product.id} has an update route with a body`);
      const byName = new Map(fuzzCases(route, id, auth).map((c) => [c.name, c.request]));
      const pair = async (label: string, declared: RawRequest) => {
        const a = await send(mock.baseUrl, declared);
        const b = await send(mock.baseUrl, { ...declared, chunked: true });
        assert.deepEqual(comparable(b), comparable(a), `${product.id} ${label}: chunked vs Content-Length`);
        return a;
      };

      const valid = await pair('a valid update', routeRequest(route, id, auth));
      assert.ok(valid.status >= 200 && valid.status < 300, `${product.id}: the valid update is accepted (${valid.status} ${valid.text.slice(0, 200)})`);
      // (Snipe-IT, as Laravel, takes malformed JSON as no input at all: what matters is the same answer)
      await pair('malformed JSON', byName.get('malformed JSON')!);
      const over = await pair('one byte over the limit', byName.get('body one byte over the limit')!);
      const huge = await pair('a 1 MB body', byName.get('huge body (1 MB)')!);
      assert.deepEqual(comparable(huge), comparable(over), `${product.id}: every body over the limit gets the one answer`);
      const expected = TOO_LARGE[product.id];
      assert.equal(over.status, expected.status, `${product.id}: a body over the limit (${over.text.slice(0, 200)})`);
      assert.ok(over.text.includes(expected.mark), `${product.id}: ${over.text.slice(0, 200)}`);
      assert.equal((await send(mock.baseUrl, { method: 'GET', path: '/_mock/health' })).status, 200);
    });
  }
});
