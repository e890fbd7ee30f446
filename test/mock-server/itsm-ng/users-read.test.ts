import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertError, Itsm, ROSTER_PASSWORD } from './client';

/** Reading users: one item with its options, the paged collection, ids in URLs, rights and entities. */

let itsm: Itsm;
let admin: string;
const TOTAL = 54; // 4 built-in accounts + 50 roster people (none trashed for seed 1)

before(async () => {
  itsm = await Itsm.start();
  admin = await itsm.login();
});
after(() => itsm.stop());

const SECRET_COLUMNS = ['password', 'api_token', 'personal_token', 'cookie_token'];

describe('ITSM-NG GET User/:id', () => {
  it('returns the row in table order, without undisclosed columns, with links and Last-Modified', async () => {
    const res = await itsm.call('User/2', { session: admin });
    assert.equal(res.status, 200);
    const keys = Object.keys(res.json);
    assert.deepEqual(keys.slice(0, 8), ['id', 'name', 'password_last_update', 'phone', 'phone2', 'mobile', 'realname', 'firstname']);
    assert.equal(keys[keys.length - 1], 'links');
    for (const k of SECRET_COLUMNS) assert.ok(!keys.includes(k), `${k} is never returned`);
    assert.ok(!keys.includes('email'), 'there is no email column');
    assert.equal(res.json.id, 2);
    assert.equal(res.json.name, 'glpi');
    assert.equal(res.json.is_active, 1);
    assert.equal(res.json.authtype, 1);
    assert.equal(res.json.entities_id, 0);
    assert.equal(res.json.list_limit, 20);
    assert.equal(res.json.phone, null);
    assert.match(res.json.date_creation, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.deepEqual(res.json.links, [
      { rel: 'Entity', href: `${itsm.api}/Entity/0` },
      { rel: 'Document_Item', href: `${itsm.api}/User/2/Document_Item/` },
    ]);
    assert.match(res.headers.get('last-modified') ?? '', /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it('links every set foreign key of a roster user, and expand_dropdowns names them (links kept)', async () => {
    const raw = await itsm.call('User/7', { session: admin });
    assert.equal(typeof raw.json.locations_id, 'number');
    assert.ok(raw.json.locations_id > 0);
    const rels = raw.json.links.map((l: { rel: string }) => l.rel);
    assert.deepEqual(rels.slice(0, 2), ['Location', 'Entity']);
    assert.ok(rels.includes('UserTitle') && rels.includes('UserCategory'));
    const expanded = await itsm.call('User/7?expand_dropdowns=true', { session: admin });
    assert.match(expanded.json.locations_id, /^[A-Za-z ]+ > Floor \d$/);
    assert.match(expanded.json.entities_id, /^Root entity > [A-Za-z ]+$/);
    assert.equal(typeof expanded.json.usertitles_id, 'string');
    assert.equal(expanded.json.profiles_id, 0, 'zero foreign keys stay 0');
    assert.deepEqual(expanded.json.links, raw.json.links);
  });

  it('get_hateoas=false drops links; only_id keeps the id and the child links', async () => {
    const noLinks = await itsm.call('User/7?get_hateoas=false', { session: admin });
    assert.equal(noLinks.json.links, undefined);
    const onlyId = await itsm.call('User/?only_id=true&range=0-0', { session: admin });
    assert.deepEqual(onlyId.json, [{ id: 2, links: [{ rel: 'Document_Item', href: `${itsm.api}/User/2/Document_Item/` }] }]);
  });

  it('with_logs=true adds _logs: [] without history, an object keyed by log id after a change', async () => {
    const before = await itsm.call('User/8?with_logs=true', { session: admin });
    assert.deepEqual(before.json._logs, []);
    const put = await itsm.call('User/8', { method: 'PUT', session: admin, body: { input: { phone: '+1 555 0000' } } });
    assert.equal(put.status, 200);
    const res = await itsm.call('User/8?with_logs=true', { session: admin });
    const logs = Object.values(res.json._logs) as Array<Record<string, unknown>>;
    assert.equal(logs.length, 1);
    assert.equal(logs[0].itemtype, 'User');
    assert.equal(logs[0].items_id, 8);
    assert.equal(logs[0].id_search_option, 6);
    assert.equal(logs[0].new_value, '+1 555 0000');
    assert.equal(logs[0].user_name, 'glpi (2)');
    assert.deepEqual(Object.keys(res.json._logs), [String(logs[0].id)]);
  });

  it('add_keys_names and get_sha1', async () => {
    const names = await itsm.call('User/7?add_keys_names[]=locations_id&add_keys_names[]=entities_id', { session: admin });
    assert.match(names.json._keys_names.locations_id, / > Floor \d$/);
    assert.match(names.json._keys_names.entities_id, /^Root entity > /);
    const sha = await itsm.call('User/7?get_sha1=true', { session: admin });
    assert.equal(sha.status, 200);
    assert.match(sha.json, /^[0-9a-f]{40}$/);
  });

  it('an unknown id is 404 ERROR_ITEM_NOT_FOUND (no pointer)', async () => {
    assertError(await itsm.call('User/999999', { session: admin }), 404, 'ERROR_ITEM_NOT_FOUND', 'Item not found');
  });

  it('reads ids the product way: 4.7 → 4, "abc", 0 and negatives → the collection; class names case-insensitively', async () => {
    assert.equal((await itsm.call('User/4.7', { session: admin })).json.id, 4);
    for (const p of ['User/abc', 'User/0', 'User/-3']) {
      const res = await itsm.call(p, { session: admin });
      assert.equal(res.status, 206, p);
      assert.ok(Array.isArray(res.json), p);
    }
    const lower = await itsm.call('user/2', { session: admin });
    assert.equal(lower.status, 200);
    assert.equal(lower.json.links[1].href, `${itsm.api}/User/2/Document_Item/`);
    assert.equal((await itsm.call('uSeR/?range=0-0', { session: admin })).headers.get('accept-range'), 'User 1000');
  });

  it('getMultipleItems returns several items at once; a non-array items is ERROR_BAD_ARRAY', async () => {
    const res = await itsm.call('getMultipleItems?items[0][itemtype]=User&items[0][items_id]=2&items[1][itemtype]=Entity&items[1][items_id]=0', { session: admin });
    assert.equal(res.status, 200);
    assert.equal(res.json.length, 2);
    assert.equal(res.json[0].name, 'glpi');
    assert.equal(res.json[1].name, 'Root entity');
    assertError(await itsm.call('getMultipleItems?items=2', { session: admin }), 400, 'ERROR_BAD_ARRAY', 'input parameter must be an array of objects', itsm.api);
  });
});

describe('ITSM-NG GET User/ (collection)', () => {
  it('pages 0-<list_limit> by default: 21 rows, Content-Range 0-20/total, 206, Accept-Range', async () => {
    const res = await itsm.call('User/', { session: admin });
    assert.equal(res.status, 206);
    assert.equal(res.json.length, 21);
    assert.equal(res.headers.get('content-range'), `0-20/${TOTAL}`);
    assert.equal(res.headers.get('accept-range'), 'User 1000');
    assert.deepEqual(res.json.slice(0, 4).map((u: { id: number }) => u.id), [2, 3, 4, 5]);
  });

  it('range is inclusive; a full page is 200 with the end clipped to total-1', async () => {
    const part = await itsm.call('User/?range=0-4', { session: admin });
    assert.equal(part.status, 206);
    assert.equal(part.json.length, 5);
    assert.equal(part.headers.get('content-range'), `0-4/${TOTAL}`);
    const all = await itsm.call('User/?range=0-999', { session: admin });
    assert.equal(all.status, 200);
    assert.equal(all.json.length, TOTAL);
    assert.equal(all.headers.get('content-range'), `0-${TOTAL - 1}/${TOTAL}`);
    const tail = await itsm.call(`User/?range=50-60`, { session: admin });
    assert.equal(tail.json.length, TOTAL - 50);
    assert.equal(tail.headers.get('content-range'), `50-${TOTAL - 1}/${TOTAL}`);
  });

  it('start == total gives an empty 206 page; start > total is 400 ERROR_RANGE_EXCEED_TOTAL', async () => {
    const edge = await itsm.call(`User/?range=${TOTAL}-${TOTAL + 10}`, { session: admin });
    assert.equal(edge.status, 206);
    assert.deepEqual(edge.json, []);
    assert.equal(edge.headers.get('content-range'), `${TOTAL}-${TOTAL - 1}/${TOTAL}`);
    assertError(await itsm.call(`User/?range=${TOTAL + 1}-${TOTAL + 5}`, { session: admin }), 400, 'ERROR_RANGE_EXCEED_TOTAL', `Provided range exceed total count of data: ${TOTAL}`, itsm.api);
  });

  it('a malformed range, order or sort is a 400 ERROR with the product message', async () => {
    for (const r of ['abc', '1-', '-1-3', '0-a']) assertError(await itsm.call(`User/?range=${r}`, { session: admin }), 400, 'ERROR', 'range must be in format : [start-end] with integers', itsm.api);
    assertError(await itsm.call('User/?order=sideways', { session: admin }), 400, 'ERROR', 'order must be DESC or ASC', itsm.api);
    assertError(await itsm.call('User/?sort=bogus', { session: admin }), 400, 'ERROR', 'sort param is not a field of glpi_users', itsm.api);
  });

  it('sorts by any column, ASC or DESC (case-insensitive)', async () => {
    const asc = await itsm.call('User/?sort=name&range=0-999', { session: admin });
    const names = asc.json.map((u: { name: string }) => u.name);
    const collator = new Intl.Collator('en', { sensitivity: 'base' });
    assert.deepEqual(names, [...names].sort(collator.compare));
    const desc = await itsm.call('User/?sort=name&order=desc&range=0-999', { session: admin });
    assert.deepEqual(desc.json.map((u: { name: string }) => u.name), [...names].reverse());
    const byReal = await itsm.call('User/?sort=realname&range=0-999', { session: admin });
    const reals = byReal.json.map((u: { realname: string | null }) => u.realname);
    assert.deepEqual(reals.slice(0, 4), [null, null, null, null], 'NULL sorts first');
    const rest = reals.slice(4);
    assert.deepEqual(rest, [...rest].sort(collator.compare));
  });

  it('searchText filters columns with LIKE semantics (^ anchors, case-insensitive); an unknown column matches nothing', async () => {
    const all = (await itsm.call('User/?range=0-999', { session: admin })).json as Array<{ name: string; realname: string | null }>;
    const contains = await itsm.call('User/?searchText[name]=AN&range=0-999', { session: admin });
    assert.deepEqual(
      contains.json.map((u: { name: string }) => u.name),
      all.filter((u) => u.name.toLowerCase().includes('an')).map((u) => u.name),
    );
    const first = all.find((u) => u.realname)!.realname!;
    const starts = await itsm.call(`User/?searchText[realname]=${encodeURIComponent(`^${first.slice(0, 3)}`)}&range=0-999`, { session: admin });
    assert.ok(starts.json.length > 0);
    for (const u of starts.json) assert.ok(u.realname.toLowerCase().startsWith(first.slice(0, 3).toLowerCase()));
    const none = await itsm.call('User/?searchText[nosuchcolumn]=x', { session: admin });
    assert.equal(none.status, 200);
    assert.deepEqual(none.json, []);
    assert.equal(none.headers.get('content-range'), null);
  });

  it('hides trashed users unless is_deleted=true, which lists only them', async () => {
    const del = await itsm.call('User/9', { method: 'DELETE', session: admin });
    assert.equal(del.status, 200);
    try {
      const live = await itsm.call('User/?range=0-999', { session: admin });
      assert.equal(live.json.length, TOTAL - 1);
      assert.ok(!live.json.some((u: { id: number }) => u.id === 9));
      const trash = await itsm.call('User/?is_deleted=true', { session: admin });
      assert.equal(trash.status, 200);
      assert.deepEqual(trash.json.map((u: { id: number; is_deleted: number }) => [u.id, u.is_deleted]), [[9, 1]]);
      assert.equal(trash.headers.get('content-range'), '0-0/1');
    } finally {
      await itsm.call('User/9', { method: 'PUT', session: admin, body: { input: { is_deleted: 0 } } });
    }
  });

  it('expand_dropdowns applies to collections too', async () => {
    const res = await itsm.call('User/?range=5-5&expand_dropdowns=true', { session: admin });
    assert.equal(typeof res.json[0].entities_id, 'string');
  });
});

describe('ITSM-NG user rights and entities', () => {
  it('a Self-Service session cannot read users: 403 ERROR_RIGHT_MISSING', async () => {
    const profile1 = await itsm.call('Profile/1/Profile_User/?range=0-999', { session: admin });
    let token: string | undefined;
    for (const link of profile1.json) {
      const user = await itsm.call(`User/${link.users_id}`, { session: admin });
      if (user.json.is_active !== 1 || user.json.id < 6) continue;
      token = await itsm.login(user.json.name, ROSTER_PASSWORD);
      break;
    }
    assert.ok(token);
    assertError(await itsm.call('User/', { session: token }), 403, 'ERROR_RIGHT_MISSING', "You don't have permission to perform this action.");
    assertError(await itsm.call('User/2', { session: token }), 403, 'ERROR_RIGHT_MISSING');
  });

  it('a technician lists every user but reads only users within their entities', async () => {
    const tech = await itsm.login('tech', 'tech');
    await itsm.call('changeActiveEntities', { method: 'POST', session: tech, body: { entities_id: 1, is_recursive: false } });
    const list = await itsm.call('User/?range=0-999', { session: tech });
    assert.equal(list.status, 200);
    assert.equal(list.json.length, TOTAL);
    let outside: number | undefined;
    let inside: number | undefined;
    for (const u of list.json as Array<{ id: number }>) {
      if (u.id < 6) continue;
      const pus = (await itsm.call(`User/${u.id}/Profile_User/`, { session: admin })).json as Array<{ entities_id: number }>;
      if (pus.every((p) => p.entities_id !== 1 && p.entities_id !== 0)) outside ??= u.id;
      if (pus.some((p) => p.entities_id === 1)) inside ??= u.id;
    }
    assert.ok(outside && inside);
    assertError(await itsm.call(`User/${outside}`, { session: tech }), 403, 'ERROR_RIGHT_MISSING');
    assert.equal((await itsm.call(`User/${inside}`, { session: tech })).status, 200);
  });
});
