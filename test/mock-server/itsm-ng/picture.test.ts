import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assertError, Itsm } from './client';

/** User/:id/Picture and User/:id/UserPreference. */

let itsm: Itsm;
let admin: string;
let withPicture: { id: number; picture: string };
let withoutPicture: number;

before(async () => {
  itsm = await Itsm.start();
  admin = await itsm.login();
  const users = (await itsm.call('User/?range=0-999', { session: admin })).json as Array<{ id: number; picture: string | null }>;
  withPicture = users.find((u) => u.picture !== null) as { id: number; picture: string };
  withoutPicture = users.find((u) => u.picture === null && u.id > 5)!.id;
  assert.ok(withPicture, 'the seed gives some users a picture');
});
after(() => itsm.stop());

async function picture(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${itsm.api}/${path}`, { headers: { 'App-Token': 'mock-app-token', 'Session-Token': admin, ...headers } });
}

describe('ITSM-NG User/:id/Picture', () => {
  it('sends the image bytes with the sniffed type, Etag, Last-Modified and private caching', async () => {
    const res = await picture(`User/${withPicture.id}/Picture`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(res.headers.get('etag'), createHash('md5').update(bytes).digest('hex'));
    assert.match(res.headers.get('last-modified') ?? '', / GMT$/);
    assert.equal(res.headers.get('cache-control'), 'private');
    assert.ok((res.headers.get('content-disposition') ?? '').includes(withPicture.picture));
    const again = Buffer.from(await (await picture(`User/${withPicture.id}/Picture`)).arrayBuffer());
    assert.ok(again.equals(bytes), 'the same bytes every time');
  });

  it('answers 304 to a matching If-None-Match, and matches the route case-insensitively with a trailing slash', async () => {
    const first = await picture(`User/${withPicture.id}/Picture`);
    const etag = first.headers.get('etag')!;
    const cached = await picture(`user/${withPicture.id}/picture/`, { 'If-None-Match': etag });
    assert.equal(cached.status, 304);
    assert.equal((await cached.arrayBuffer()).byteLength, 0);
    const changed = await picture(`User/${withPicture.id}/Picture`, { 'If-None-Match': 'other' });
    assert.equal(changed.status, 200);
  });

  it('is 204 with no body for a user without a picture (and after _blank_picture)', async () => {
    const res = await picture(`User/${withoutPicture}/Picture`);
    assert.equal(res.status, 204);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
    const put = await itsm.call(`User/${withPicture.id}`, { method: 'PUT', session: admin, body: { input: { _blank_picture: true } } });
    assert.equal(put.status, 200);
    assert.equal((await picture(`User/${withPicture.id}/Picture`)).status, 204);
    assert.equal((await itsm.call(`User/${withPicture.id}`, { session: admin })).json.picture, null);
  });

  it('an unknown user is 400 ERROR "Bad request: user with id … not found"; tokens are required', async () => {
    assertError(await itsm.call('User/999999/Picture', { session: admin }), 400, 'ERROR', "Bad request: user with id '999999' not found", itsm.api);
    assertError(await itsm.call(`User/${withoutPicture}/Picture`), 400, 'ERROR_SESSION_TOKEN_MISSING');
  });

  it('ignores picture in user input (the product generates picture names itself)', async () => {
    const res = await itsm.call(`User/${withoutPicture}`, { method: 'PUT', session: admin, body: { input: { picture: '../../etc/passwd' } } });
    assert.equal(res.status, 200);
    assert.equal((await itsm.call(`User/${withoutPicture}`, { session: admin })).json.picture, null);
  });
});

describe('ITSM-NG User/:id/UserPreference', () => {
  it('does not exist in the product: 400 ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM (preferences are User columns)', async () => {
    assertError(await itsm.call('User/2/UserPreference', { session: admin }), 400, 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM', 'resource not found or not an instance of CommonDBTM', itsm.api);
    const user = await itsm.call('User/2', { session: admin });
    for (const pref of ['language', 'date_format', 'list_limit', 'notification_to_myself']) assert.ok(pref in user.json);
  });
});
