import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parseCommandLine } from '../../../mock-server/src/args';
import type { MockConfig } from '../../../mock-server/src/config';
import { PreparedSuccess, success, type ReplyContext } from '../../../mock-server/src/products/privacyidea/envelope';
import { privacyidea } from '../../../mock-server/src/products/privacyidea/index';
import { pyDumps } from '../../../mock-server/src/products/privacyidea/pyjson';
import { ldapUserJson, sqlUserJson } from '../../../mock-server/src/products/privacyidea/render';
import type { LdapRow, SqlRow } from '../../../mock-server/src/products/privacyidea/resolver';
import { headDigest, signText, writeSignature } from '../../../mock-server/src/products/privacyidea/signature';
import type { ProductDb } from '../../../mock-server/src/store/product-db';
import { Store } from '../../../mock-server/src/store';
import { startMock, type RunningMock } from '../../support/mock-process';
import { adminToken, call, SIGNATURE } from './pi';

/**
 * The fast paths of GET /user/ — user objects written straight from rows, answers kept per query, the
 * signature's digest of the head computed once — must give exactly the bytes of the generic path
 * (`pyDumps` of the objects, `success()`, the signature of the whole text), which is what the emulation
 * answered before they existed. The golden digests below were taken from that implementation.
 */

const KEY = 'privacyidea-mock-response-signature';

/**
 * The signature as signature.ts specifies it, written out plainly: the HMAC of the text before its last
 * `, "time": `, the rest folded into eight FNV-1a lanes, each output word mixed by MurmurHash3's fmix32.
 */
function referenceSignature(text: string): string {
  const split = text.lastIndexOf(', "time": ');
  const head = split < 0 ? text : text.slice(0, split);
  const tail = split < 0 ? '' : text.slice(split);
  const digest = createHmac('sha256', KEY).update(head).digest();
  const lanes = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => digest.readUInt32BE(j * 4));
  for (let i = 0; i < tail.length; i++) lanes[i % 8] = Math.imul((lanes[i % 8] ^ tail.charCodeAt(i)) >>> 0, 16777619) >>> 0;
  const fmix = (v: number) => {
    let x = v >>> 0;
    x = (x ^ (x >>> 16)) >>> 0;
    x = Math.imul(x, 0x85ebca6b) >>> 0;
    x = (x ^ (x >>> 13)) >>> 0;
    x = Math.imul(x, 0xc2b2ae35) >>> 0;
    return (x ^ (x >>> 16)) >>> 0;
  };
  let fold = fmix(tail.length);
  for (const lane of lanes) fold = fmix(fold ^ lane);
  let hex = '';
  for (let i = 0; i < 64; i++) hex += fmix(lanes[i % 8] ^ fold ^ Math.imul(i + 1, 0x9e3779b9)).toString(16).padStart(8, '0');
  return `rsa_sha256_pss:${hex}`;
}

/** The text a signature covers: the body without its `signature` member. */
function signedText(body: string): { text: string; signature: string } {
  const m = /, "signature": "(rsa_sha256_pss:[0-9a-f]{512})"/.exec(body);
  assert.ok(m, `no signature in ${body.slice(0, 200)}`);
  return { text: body.replace(m[0], ''), signature: m[1] };
}

/** A body with time and signature replaced (what the golden digests cover). */
function normalised(body: string): string {
  return signedText(body).text.replace(/"time": [0-9.e+-]+/, '"time": T');
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The generic user objects, as README.md describes them, with resolver and editable added. */
function genericSql(row: SqlRow): Record<string, unknown> {
  const user: Record<string, unknown> = { id: row.id, userid: String(row.id) };
  for (const k of ['username', 'email', 'surname', 'givenname', 'phone', 'mobile', 'description'] as const) if (row[k]) user[k] = row[k];
  return { ...user, resolver: 'local-sql', editable: true };
}

function genericLdap(row: LdapRow): Record<string, unknown> {
  return {
    username: row.uid ?? '',
    phone: row.telephoneNumber ?? '',
    mobile: row.mobile ?? '',
    email: row.mail ?? '',
    surname: row.sn ?? '',
    givenname: row.givenName ?? '',
    userid: row.id,
    resolver: 'ldap-corp',
    editable: false,
  };
}

const ODD = ['Zoë "Zed" O\'Brien', 'back\\slash', 'line\nbreak\ttab\r\b\f', '\u0000\u001f\u007f\u0080', '\u2028\u2029', 'emoji 😀 and lone \ud800 surrogate', 'İstanbul ǅemal ß', ''];

function config(users: number): MockConfig {
  const parsed = parseCommandLine(['--in-memory', '--users', String(users)], {});
  if (parsed.kind !== 'run') throw new Error('bad test arguments');
  return parsed.config;
}

describe('privacyIDEA: compiled user objects and signatures', () => {
  let db: ProductDb;
  before(async () => {
    const store = await Store.open({ dataDir: undefined, products: [privacyidea], config: config(1500) });
    db = store.db('privacyidea');
  });

  it('writes every seeded user as pyDumps writes the generic object', () => {
    const sql = [...db.table<SqlRow>('sql_users').values()];
    const ldap = [...db.table<LdapRow>('ldap_entries').values()];
    assert.ok(sql.length > 1000 && ldap.length > 100);
    for (const row of sql) assert.equal(sqlUserJson(row), pyDumps(genericSql(row)));
    for (const row of ldap) assert.equal(ldapUserJson(row), pyDumps(genericLdap(row)));
  });

  it('writes rows with unusual values and missing attributes as pyDumps does', () => {
    for (const value of ODD) {
      const sql: SqlRow = { id: 7, username: value, email: value, surname: value, givenname: value, phone: value, mobile: value, description: value };
      assert.equal(sqlUserJson(sql), pyDumps(genericSql(sql)));
      const ldap: LdapRow = { id: `uuid-${value}`, uid: value, givenName: value, sn: value, mail: value, telephoneNumber: value, mobile: value };
      assert.equal(ldapUserJson(ldap), pyDumps(genericLdap(ldap)));
    }
    const bare: SqlRow = { id: 12 };
    assert.equal(sqlUserJson(bare), '{"editable": true, "id": 12, "resolver": "local-sql", "userid": "12"}');
    const entry = { id: 'u-1', uid: 'x' } as LdapRow;
    assert.equal(
      ldapUserJson(entry),
      '{"editable": false, "email": "", "givenname": "", "mobile": "", "phone": "", "resolver": "ldap-corp", "surname": "", "userid": "u-1", "username": "x"}',
    );
  });

  it('signs as specified, texts with and without a time tail, of many lengths', () => {
    const tail = ', "time": 1750329600.123, "version": "privacyIDEA 3.13.3", "versionnumber": "3.13.3"}';
    for (let n = 0; n < 300; n++) {
      const text = 'x'.repeat(n);
      assert.equal(signText(text), referenceSignature(text), `length ${n}`);
      assert.equal(signText(text + tail), referenceSignature(text + tail), `length ${n} with a tail`);
      assert.equal(signText(text + tail.slice(0, n % tail.length)), referenceSignature(text + tail.slice(0, n % tail.length)), `length ${n} with part of a tail`);
    }
    const long = ODD.join('|').repeat(2000);
    assert.equal(signText(long), referenceSignature(long));
    assert.equal(signText(long + tail + ODD.join('')), referenceSignature(long + tail + ODD.join('')));
    assert.equal(
      signText('{"id": 1, "time": 1.5}'),
      'rsa_sha256_pss:b5028682a46e749f7b3c4680e8a0914c4027d447e5447ef9d97dcf35453e6276244ab51b11786d996617e5bcbe77e16c9d0117552b125a9bd79eb988439a2b36' +
        '2707061b8471a229b1f575d3fa268c8df2df93e052805fc420362bfb6bdad8676171111a78cf4a1fb9c74814a537711e4d3a97b73bfe2f0f196b1fe52e0350e7' +
        'a99570ec640a3eeea9d2a02f77969081d85ddd509016751b2c6f411262bc30e18847e972d160a534910305c4690e0e8526433c2ed6d3355981bfeb3e8a41e593' +
        'fd644465c36570e106b65390128a0b27128e9bb01781f8883b462e555335d71dce627fc505e62f0433ccf144410f56861aea18261830ce010c234586ca9be2a2',
    );
  });

  it('gives every time its own signature, each word of it changed', () => {
    const head = '{"id": 1, "jsonrpc": "2.0", "result": {"status": true, "value": []}';
    const seen = new Set<string>();
    const words = (s: string) => s.slice(15).match(/.{8}/g)!;
    let previous = signText(`${head}, "time": 1750329600.0, "version": "v"}`);
    for (let ms = 1; ms <= 2000; ms++) {
      const signature = signText(`${head}, "time": ${1750329600 + ms / 1000}, "version": "v"}`);
      seen.add(signature);
      const before = words(previous);
      const same = words(signature).filter((w, i) => w === before[i]).length;
      assert.ok(same <= 1, `${same} of 64 words unchanged at ${ms} ms`);
      previous = signature;
    }
    assert.equal(seen.size, 2000);
    assert.notEqual(signText(`{"id": 2}, "time": 1`), signText(`{"id": 1}, "time": 1`));
  });

  it('signs from a head digest exactly as over the whole text', () => {
    const tails = [', "time": 1750329600.123, "version": "privacyIDEA 3.13.3", "versionnumber": "3.13.3"}', ', "time": ', `, "time": 1${'y'.repeat(200)}`];
    for (let n = 0; n < 200; n += 7) {
      const head = 'p'.repeat(n) + 'é';
      for (const tail of tails) {
        for (const digest of [headDigest(head), headDigest(Buffer.from(head, 'utf8'))]) {
          const out = Buffer.alloc(600);
          const end = writeSignature(digest, tail, out, 3);
          assert.equal(end, 3 + 527);
          assert.equal(out.toString('latin1', 3, end), referenceSignature(head + tail));
        }
      }
    }
  });

  it('answers a prepared list with the bytes of success(), first, again, and within the same millisecond', async () => {
    const sql = [...db.table<SqlRow>('sql_users').values()];
    const lists = [[], sql.slice(0, 1), sql.slice(0, 3), sql.slice(0, 400)]; // the last one is above the JavaScript-hashed size
    let ms = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const clock = () => new Date(ms);
    for (const rows of lists) {
      const prepared = PreparedSuccess.ofList(rows.map(sqlUserJson));
      const values = rows.map(genericSql);
      for (const nonce of [undefined, '', 0, 'n-1', { b: [1, 'é'], a: null }]) {
        for (let i = 0; i < 3; i++) {
          if (i === 2) ms += 1;
          const ctx: ReplyContext = { clock, nonce };
          const got = prepared.respond(ctx);
          const want = success(ctx, values);
          assert.equal(got.status, want.status);
          assert.deepEqual([...got.headers], [...want.headers]);
          assert.equal(await got.text(), await want.text(), `${rows.length} users, nonce ${JSON.stringify(nonce)}, answer ${i}`);
        }
      }
    }
    const json = PreparedSuccess.ofJson('{"x": "\\u00e9"}').respond({ clock, nonce: undefined });
    assert.equal(await json.text(), await success({ clock, nonce: undefined }, { x: 'é' }).text());
    // a value above the size kept as a string, with and without a nonce
    for (const nonce of [undefined, 'n-2']) {
      const long = PreparedSuccess.ofJson(`{"x": "${'\\u00e9'.repeat(4000)}"}`).respond({ clock, nonce });
      assert.equal(await long.text(), await success({ clock, nonce }, { x: 'é'.repeat(4000) }).text());
    }
  });
});

describe('privacyIDEA: users come out in id order when table order is not id order', () => {
  it('lists and searches rows created with an explicit, lower id in their id place', async () => {
    const store = await Store.open({ dataDir: undefined, products: [privacyidea], config: config(300) });
    const app = privacyidea.app({ db: store.db('privacyidea'), config: config(300), clock: () => new Date(), warm: () => {} });
    const json = { 'content-type': 'application/json' };
    const auth = await app.request('/privacyidea/auth', { method: 'POST', headers: json, body: '{"username": "admin", "password": "admin"}' });
    const token = ((await auth.json()) as { result: { value: { token: string } } }).result.value.token;
    const H = { Authorization: token };
    const users = async (query: string) =>
      ((await (await app.request(`/privacyidea/user/${query}`, { headers: H })).json()) as { result: { value: Array<{ id?: number; username: string }> } }).result.value;

    const [first, second] = await users('?resolver=local-sql');
    for (const user of [first, second]) {
      const del = await app.request(`/privacyidea/user/local-sql/${user.username}`, { method: 'DELETE', headers: H });
      assert.equal(del.status, 200);
    }
    // recreated with their ids: last in the table, first by id (and no contains search has run yet)
    for (const [user, login] of [[second, 'qqq.second'], [first, 'qqq.first']] as const) {
      const post = await app.request('/privacyidea/user/', { method: 'POST', headers: { ...H, ...json }, body: JSON.stringify({ user: login, resolver: 'local-sql', userid: String(user.id) }) });
      assert.equal(post.status, 200, await post.text());
    }
    const all = await users('?resolver=local-sql');
    assert.deepEqual(all.slice(0, 2).map((u) => u.username), ['qqq.first', 'qqq.second']);
    assert.deepEqual(all.map((u) => u.id), [...all.map((u) => u.id!)].sort((a, b) => a - b));
    assert.deepEqual((await users('?resolver=local-sql&username=*qqq*')).map((u) => u.username), ['qqq.first', 'qqq.second']);
    for (const needle of ['a', 'an', 'qq', 'e.s', 'ar']) {
      const found = await users(`?resolver=local-sql&username=*${needle}*`);
      assert.deepEqual(
        found.map((u) => u.username),
        all.filter((u) => u.username.toLowerCase().includes(needle)).map((u) => u.username),
        needle,
      );
    }
  });
});

/** Digests of the normalised answers the emulation gave before the fast paths (seed 1, 50 users). */
const GOLDEN: ReadonlyArray<[string, string]> = [
  ['/user/?username=angel.svensson', 'a9f9e8b3a0845c9523d787844af235cf3b6135a901214e98121616d49dccbee4'],
  ['/user/?username=francois.garcia', 'd79749c1abfb964eeebd065cc7a3603ce8e124e86b7f7e4cc7fe635217dd0647'],
  ['/user/?resolver=local-sql&username=*an*', 'c78990986d1f8cd045da1d10b55d1892edf5ae25ba29e71f6fce314ac0b1fb13'],
  ['/user/?username=*AN*', 'e305c342a5dd63f7f166748ce769b0a11208f291345a15b238bc91801bea7729'],
  ['/user/?attributes=username,email,resolver&username=*an*', '69352b05efef687fc976ed58066f86a0056638594d2fa1b45c1a0adec0b606ed'],
  ['/user/?realm=helpdesk', 'b22c98cd4ba13ea677e7bd34dd7a691471beb629ee4406c51d22b4cccd1edfa3'],
  ['/user/?resolver=local-sql', 'f5c699b4fc626a0845bcbea54738684fb75ead023ea41bf0cefa0c6d5db38285'],
  ['/user/', '79b52222a37ab9a382ad9e4e17b3c4b4b2569c7b8b930fad24b2b9ec57f9d8e6'],
  ['/user/?username=*ar*&nonce=n1', '9fbb5edee943bc4deaf07289a5dd1ba562d43b29b2f1dd7fb0914ebdeccb0032'],
];

describe('privacyIDEA: GET /user/ answers, byte for byte', () => {
  let mock: RunningMock;
  let base: string;
  let admin: string;

  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
    admin = await adminToken(base);
  });
  after(() => mock.stop());

  it('answers the pinned bytes (twice: computed, then kept), each correctly signed', async () => {
    for (const [path, digest] of GOLDEN) {
      for (let i = 0; i < 2; i++) {
        const r = await call(base, path, { token: admin });
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('content-length'), String(Buffer.byteLength(r.text)));
        const { text, signature } = signedText(r.text);
        assert.equal(signature, referenceSignature(text), path);
        assert.equal(sha256(normalised(r.text)), digest, `${path} (request ${i + 1})`);
      }
    }
    const one = await call(base, '/user/?username=angel.svensson', { token: admin });
    assert.equal(
      normalised(one.text),
      '{"id": 1, "jsonrpc": "2.0", "result": {"status": true, "value": [{"description": "Technical Writer, Research", "editable": true, ' +
        '"email": "angel.svensson@acme.example", "givenname": "\\u00c1ngel", "id": 1, "mobile": "+49 253 975473", "phone": "+49 036 3526757", ' +
        '"resolver": "local-sql", "surname": "Svensson", "userid": "1", "username": "angel.svensson"}]}, "time": T, "version": "privacyIDEA 3.13.3", "versionnumber": "3.13.3"}',
    );
  });

  it('answers HEAD like GET, without a body', async () => {
    await call(base, '/user/?resolver=local-sql', { token: admin });
    const head = await call(base, '/user/?resolver=local-sql', { token: admin, method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal(head.headers.get('content-type'), 'application/json');
    assert.equal(head.headers.get('cache-control'), 'no-cache');
  });

  it('answers with the data as it is now: kept answers end with every write', async () => {
    const json = { 'content-type': 'application/json' };
    const phoneOf = async (login: string) =>
      ((await call(base, `/user/?resolver=local-sql&username=${login}`, { token: admin })).body.result.value[0] as { phone: string }).phone;
    const logins = async (query: string) => (await call(base, `/user/${query}`, { token: admin })).body.result.value.map((u: { username: string }) => u.username);

    const phone = await phoneOf('sakura.khan');
    assert.equal(await phoneOf('sakura.khan'), phone);
    const put = await call(base, '/user/', { method: 'PUT', token: admin, headers: json, json: { user: 'sakura.khan', resolver: 'local-sql', phone: '+1 555 0101' } });
    assert.equal(put.body.result.value, true);
    assert.equal(await phoneOf('sakura.khan'), '+1 555 0101');

    const before = await logins('?username=*zqx*');
    assert.deepEqual(before, []);
    const post = await call(base, '/user/', { method: 'POST', token: admin, headers: json, json: { user: 'new.zqxuser', resolver: 'local-sql', surname: 'Zqx' } });
    assert.equal(post.status, 200, post.text);
    assert.deepEqual(await logins('?username=*zqx*'), ['new.zqxuser']);
    assert.deepEqual(await logins('?username=*ZQX*'), ['new.zqxuser']);
    const del = await call(base, '/user/local-sql/new.zqxuser', { method: 'DELETE', token: admin });
    assert.equal(del.body.result.value, true);
    assert.deepEqual(await logins('?username=*zqx*'), []);
  });

  it('finds a login by a pattern with only _ wildcards when exactly one login matches', async () => {
    const json = { 'content-type': 'application/json' };
    const update = async (user: string) =>
      (await call(base, '/user/', { method: 'PUT', token: admin, headers: json, json: { user, resolver: 'local-sql', mobile: '+1 555 0199' } })).body.result.value;
    const sqlUsers = async () => (await call(base, '/user/?resolver=local-sql', { token: admin })).body.result.value as Array<{ username: string; mobile?: string }>;
    const byLength = new Map<number, number>();
    for (const u of await sqlUsers()) byLength.set(u.username.length, (byLength.get(u.username.length) ?? 0) + 1);
    const shared = [...byLength].find(([, n]) => n > 1)![0];
    const unique = [...byLength].find(([, n]) => n === 1)![0];

    assert.equal(await update('_'.repeat(shared)), false, 'several logins match');
    assert.equal(await update('__ID__'), false);
    assert.equal(await update('_'.repeat(40)), false);
    // the one match is updated, and (the login being written too) takes the pattern as its login
    assert.equal(await update('_'.repeat(unique)), true);
    assert.equal(await update('jonas.wagne_'), true);
    const after = await sqlUsers();
    assert.equal(after.find((u) => u.username === 'jonas.wagne_')?.mobile, '+1 555 0199');
    assert.equal(after.find((u) => u.username === '_'.repeat(unique))?.mobile, '+1 555 0199');
  });

  it('matches contains searches as LIKE (SQL) and the directory (LDAP) do, in store order', async () => {
    const all = (await call(base, '/user/', { token: admin })).body.result.value as Array<{ username: string; resolver: string }>;
    for (const needle of ['an', 'AN', 'a.k', 'ang', 'el.s', 'zzz', 'n', '.', 'an%', 'a_g', 'ü']) {
      const r = await call(base, `/user/?username=*${encodeURIComponent(needle)}*`, { token: admin });
      assert.match(r.body.signature, SIGNATURE);
      const like = new RegExp(
        `^.*${[...needle].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : /[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}.*$`,
        'su',
      );
      // SQL: LIKE (% and _ are wildcards, ASCII letters fold); LDAP: a case-insensitive substring
      const expected = all.filter((u) => (u.resolver === 'local-sql' ? like.test(u.username) : u.username.toLowerCase().includes(needle.toLowerCase())));
      assert.deepEqual(
        r.body.result.value.map((u: { username: string }) => u.username),
        expected.map((u) => u.username),
        needle,
      );
    }
  });
});
