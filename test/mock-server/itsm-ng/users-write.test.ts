import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { assertError, Itsm, ROSTER_PASSWORD } from './client';

/** Creating, updating, trashing, restoring and purging users, with the product's validation and answers. */

let itsm: Itsm;
let admin: string;

before(async () => {
  itsm = await Itsm.start();
});
after(() => itsm.stop());
beforeEach(async () => {
  await itsm.reset();
  admin = await itsm.login();
});

const post = (body: unknown, session = admin) => itsm.call('User/', { method: 'POST', session, body });
const put = (path: string, body: unknown) => itsm.call(path, { method: 'PUT', session: admin, body });
const del = (path: string, body?: unknown) => itsm.call(path, { method: 'DELETE', session: admin, body });
const count = async () => Number((await itsm.call('User/?range=0-0', { session: admin })).headers.get('content-range')!.split('/')[1]);

describe('ITSM-NG POST User/', () => {
  it('creates one user: 201, {id, message}, Location; password hashed and usable, never returned', async () => {
    const res = await post({ input: { name: 'jane.smith', realname: 'Smith', firstname: 'Jane', password: 'SecurePass123!', password2: 'SecurePass123!', is_active: 1, authtype: 1 } });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.json), ['id', 'message']);
    assert.equal(typeof res.json.id, 'number');
    assert.equal(res.json.message, 'Item successfully added: Smith Jane');
    assert.equal(res.headers.get('location'), `${itsm.api}/User/${res.json.id}`);
    const user = await itsm.call(`User/${res.json.id}`, { session: admin });
    assert.equal(user.json.name, 'jane.smith');
    assert.equal(user.json.is_active, 1);
    assert.equal(user.json.entities_id, 0);
    assert.match(user.json.password_last_update, /^\d{4}-\d{2}-\d{2} /);
    assert.ok(!('password' in user.json) && !('password2' in user.json));
    assert.ok(!user.text.includes('SecurePass123!'));
    await itsm.login('jane.smith', 'SecurePass123!');
  });

  it('gives a new user the default profile (Self-Service) in the active entity, marked dynamic', async () => {
    const res = await post({ input: { name: 'new.person' } });
    const links = await itsm.call(`User/${res.json.id}/Profile_User/`, { session: admin });
    assert.equal(links.status, 200);
    assert.equal(links.json.length, 1);
    const { id: _id, links: _links, ...row } = links.json[0];
    assert.deepEqual(row, { users_id: res.json.id, profiles_id: 1, entities_id: 0, is_recursive: 0, is_dynamic: 1, is_default_profile: 1 });
  });

  it('_profiles_id / _entities_id / _is_recursive choose the first assignment instead', async () => {
    const res = await post({ input: { name: 'tech.person', _profiles_id: 6, _entities_id: 1, _is_recursive: 1 } });
    const links = await itsm.call(`User/${res.json.id}/Profile_User/`, { session: admin });
    assert.deepEqual(
      links.json.map((l: Record<string, number>) => [l.profiles_id, l.entities_id, l.is_recursive, l.is_dynamic]),
      [[6, 1, 1, 0]],
    );
  });

  it('creates emails from _useremails (first one default); a plain email key is ignored', async () => {
    const res = await post({ input: { name: 'mail.person', email: 'ignored@x.example', _useremails: { '-1': 'first@x.example', '-2': 'second@x.example' } } });
    const emails = await itsm.call(`User/${res.json.id}/UserEmail/`, { session: admin });
    assert.deepEqual(emails.json.map((e: { email: string; is_default: number }) => [e.email, e.is_default]), [
      ['first@x.example', 1],
      ['second@x.example', 0],
    ]);
  });

  it('creates several with an input array: 201, list of results, Link header', async () => {
    const res = await post({ input: [{ name: 'bulk.one' }, { name: 'bulk.two' }] });
    assert.equal(res.status, 201);
    assert.equal(res.json.length, 2);
    assert.equal(res.json[0].message, 'Item successfully added: bulk.one');
    assert.equal(res.headers.get('link'), res.json.map((r: { id: number }) => `${itsm.api}/User/${r.id}`).join(','));
    assert.equal(res.headers.get('location'), null);
  });

  it('a partly failing array is 207 ERROR_GLPI_PARTIAL_ADD (the good ones are created); all failing is 400', async () => {
    const before = await count();
    const partial = await post({ input: [{ name: 'mixed.ok' }, { name: 'glpi' }] });
    assert.equal(partial.status, 207);
    assert.equal(partial.json[0], 'ERROR_GLPI_PARTIAL_ADD');
    assert.equal(partial.json[1][0].message, 'Item successfully added: mixed.ok');
    assert.deepEqual(partial.json[1][1], { id: false, message: 'Unable to add. The user already exists.' });
    assert.equal(await count(), before + 1);
    const none = await post({ input: [{ name: 'glpi' }, { name: 'bad<login' }] });
    assert.deepEqual(none.json, [
      'ERROR_GLPI_ADD',
      [
        { id: false, message: 'Unable to add. The user already exists.' },
        { id: false, message: 'The login is not valid. Unable to add the user.' },
      ],
    ]);
    assert.equal(none.status, 400);
    assertError(await post({ input: [] }), 400, 'ERROR_GLPI_ADD');
    assert.deepEqual((await post({ input: [] })).json, ['ERROR_GLPI_ADD', []]);
  });

  it('input missing or not an object/array is 400 ERROR_BAD_ARRAY', async () => {
    assertError(await post({ name: 'x' }), 400, 'ERROR_BAD_ARRAY', 'input parameter must be an array of objects', itsm.api);
    assertError(await post({ input: 'x' }), 400, 'ERROR_BAD_ARRAY');
    assertError(await post({ input: 5 }), 400, 'ERROR_BAD_ARRAY');
  });

  it('validates the login: empty/invalid → not valid; taken (case-insensitively, trash included) → exists', async () => {
    for (const input of [{}, { name: '' }, { name: 'bad<name' }, { name: 'semi;colon' }]) {
      assertError(await post({ input }), 400, 'ERROR_GLPI_ADD', 'The login is not valid. Unable to add the user.');
    }
    assertError(await post({ input: { name: 'GLPI' } }), 400, 'ERROR_GLPI_ADD', 'Unable to add. The user already exists.');
    assert.equal((await post({ input: { name: "o'brien.zoë-x_y@z" } })).status, 201);
    await del('User/3');
    assertError(await post({ input: { name: 'post-only' } }), 400, 'ERROR_GLPI_ADD', 'Unable to add. The user already exists.');
    assert.equal((await post({ input: { name: 'glpi', authtype: 3, auths_id: 1 } })).status, 201, 'same login from another directory');
  });

  it('password rules: mismatch → error; password without password2 is not usable for login', async () => {
    assertError(await post({ input: { name: 'pw.mismatch', password: 'a1', password2: 'b2' } }), 400, 'ERROR_GLPI_ADD', 'Error: the two passwords do not match');
    const res = await post({ input: { name: 'pw.single', password: 'Only1!' } });
    assert.equal(res.status, 201);
    assertError(await itsm.call('initSession?login=pw.single&password=Only1!'), 401, 'ERROR_GLPI_LOGIN', 'Incorrect username or password');
    const empty = await post({ input: { name: 'pw.empty', password: '', password2: '' } });
    assert.equal(empty.status, 201);
  });

  it('escapes < and > in stored text, as the product sanitizes input', async () => {
    const res = await post({ input: { name: 'xss.person', realname: '<b>Bold</b>', comment: 'a > b' } });
    const user = await itsm.call(`User/${res.json.id}`, { session: admin });
    assert.equal(user.json.realname, '&lt;b&gt;Bold&lt;/b&gt;');
    assert.equal(user.json.comment, 'a &gt; b');
  });

  it('rejects values of the wrong type with the database error, leaving the data unchanged', async () => {
    const before = await itsm.call('User/?range=0-999', { session: admin });
    assertError(await post({ input: { name: 'typed.one', is_active: 'abc' } }), 400, 'ERROR_GLPI_ADD', "Incorrect integer value: 'abc' for column 'is_active' at row 1");
    assertError(await post({ input: { name: 'typed.two', phone: { a: 1 } } }), 400, 'ERROR_GLPI_ADD', 'Operand should contain 1 column(s)');
    assertError(await post({ input: { name: 'typed.three', begin_date: 'yesterday' } }), 400, 'ERROR_GLPI_ADD', "Incorrect datetime value: 'yesterday' for column 'begin_date' at row 1");
    assertError(await post({ input: { name: 'typed.four', is_active: null } }), 400, 'ERROR_GLPI_ADD', "Column 'is_active' cannot be null");
    assertError(await post({ input: { name: 'typed.five', phone: 'x'.repeat(300) } }), 400, 'ERROR_GLPI_ADD', "Data too long for column 'phone' at row 1");
    const afterRes = await itsm.call('User/?range=0-999', { session: admin });
    assert.equal(afterRes.text, before.text);
  });

  it('treats __proto__, constructor and prototype keys as plain unknown fields', async () => {
    const raw = '{"input":{"name":"proto.user","__proto__":{"is_active":0},"constructor":{"x":1},"prototype":"y"},"__proto__":{"force_purge":true}}';
    const res = await itsm.call('User/', { method: 'POST', session: admin, raw });
    assert.equal(res.status, 201);
    const user = await itsm.call(`User/${res.json.id}`, { session: admin });
    assert.equal(user.json.is_active, 1);
    assert.equal(({} as Record<string, unknown>).is_active, undefined);
    assert.equal((await itsm.call('User/2', { session: admin })).status, 200, 'the server keeps running');
  });

  it('accepts form-encoded bodies (input[field]=value)', async () => {
    const res = await itsm.call('User/', { method: 'POST', session: admin, raw: 'input[name]=form.person&input[realname]=Form', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 201);
    assert.equal((await itsm.call(`User/${res.json.id}`, { session: admin })).json.realname, 'Form');
    const bulk = await itsm.call('User/', { method: 'POST', session: admin, raw: 'input[0][name]=form.one&input[1][name]=form.two', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(bulk.status, 201);
    assert.equal(bulk.json.length, 2);
  });

  it('a profile without the create right gets the permission failure', async () => {
    const token = await itsm.login('normal', 'normal');
    assertError(await post({ input: { name: 'by.observer' } }, token), 400, 'ERROR_GLPI_ADD', "You don't have permission to perform this action.");
  });
});

describe('ITSM-NG PUT/PATCH User', () => {
  it('updates one user: 200 [{"<id>": true, "message": ""}], the change shows, date_mod moves', async () => {
    const before = await itsm.call('User/7', { session: admin });
    const res = await put('User/7', { input: { phone: '+1-555-9999', email: 'ignored@x.example', unknown_field: 1 } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, [{ '7': true, message: '' }]);
    const user = await itsm.call('User/7', { session: admin });
    assert.equal(user.json.phone, '+1-555-9999');
    assert.notEqual(user.json.date_mod, before.json.date_mod);
    const patch = await itsm.call('User/7', { method: 'PATCH', session: admin, body: { input: { mobile: '+1-555-0000' } } });
    assert.deepEqual(patch.json, [{ '7': true, message: '' }]);
  });

  it('updates several through the collection URL with ids inside input', async () => {
    const res = await put('User/', { input: [{ id: 7, firstname: 'Seven' }, { id: 8, firstname: 'Eight' }] });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, [{ '7': true, message: '' }, { '8': true, message: '' }]);
    assert.equal((await itsm.call('User/8', { session: admin })).json.firstname, 'Eight');
  });

  it('unknown ids: single → 400 [ERROR_GLPI_UPDATE, null]; in a list they are counted but not listed (207)', async () => {
    assert.deepEqual((await put('User/999999', { input: { phone: '1' } })).json, ['ERROR_GLPI_UPDATE', null]);
    const partial = await put('User/', { input: [{ id: 7, phone: '2' }, { id: 999999, phone: '3' }] });
    assert.equal(partial.status, 207);
    assert.deepEqual(partial.json, ['ERROR_GLPI_PARTIAL_UPDATE', [{ '7': true, message: '' }]]);
  });

  it('without input → 400 ERROR_BAD_ARRAY (even before tokens); an object without id → 200 [[]]', async () => {
    assertError(await itsm.call('User/7', { method: 'PUT', body: { phone: 1 }, appToken: null }), 400, 'ERROR_BAD_ARRAY', 'input parameter must be an array of objects', itsm.api);
    const noId = await put('User/', { input: { phone: '1' } });
    assert.equal(noId.status, 200);
    assert.deepEqual(noId.json, [[]]);
  });

  it('renaming to a taken or invalid login answers 200 with the reason and keeps the name', async () => {
    const taken = await put('User/7', { input: { name: 'glpi', phone: '+2' } });
    assert.deepEqual(taken.json, [{ '7': true, message: 'Unable to update login. A user already exists.' }]);
    const invalid = await put('User/7', { input: { name: 'bad<name' } });
    assert.deepEqual(invalid.json, [{ '7': true, message: 'The login is not valid. Unable to update login.' }]);
    const user = await itsm.call('User/7', { session: admin });
    assert.notEqual(user.json.name, 'glpi');
    assert.equal(user.json.phone, '+2');
    const ok = await put('User/7', { input: { name: 'renamed.seven' } });
    assert.deepEqual(ok.json, [{ '7': true, message: '' }]);
    assert.equal((await itsm.call('User/7', { session: admin })).json.name, 'renamed.seven');
  });

  it('changes a password with password+password2; a mismatch fails and changes nothing', async () => {
    const login = (await itsm.call('User/10', { session: admin })).json.name;
    const before = await itsm.call('User/10', { session: admin });
    assertError(await put('User/10', { input: { password: 'New1!', password2: 'Other1!', phone: '+9' } }), 400, 'ERROR_GLPI_UPDATE', 'Error: the two passwords do not match');
    assert.equal((await itsm.call('User/10', { session: admin })).text, before.text);
    const ok = await put('User/10', { input: { password: 'NewSecurePass456!', password2: 'NewSecurePass456!' } });
    assert.deepEqual(ok.json, [{ '10': true, message: '' }]);
    await itsm.login(login, 'NewSecurePass456!');
    assertError(await itsm.call(`initSession?login=${login}&password=${encodeURIComponent(ROSTER_PASSWORD)}`), 401, 'ERROR_GLPI_LOGIN');
    const single = await put('User/10', { input: { password: 'Ignored1!' } });
    assert.equal(single.status, 200);
    await itsm.login(login, 'NewSecurePass456!');
  });

  it('stores preferences equal to the global default as NULL', async () => {
    await put('User/7', { input: { language: 'en_GB', list_limit: 15, date_format: 1 } });
    const user = await itsm.call('User/7', { session: admin });
    assert.equal(user.json.language, null);
    assert.equal(user.json.list_limit, null);
    assert.equal(user.json.date_format, 1);
  });

  it('rejects wrong types with the database error and leaves the row as it was', async () => {
    const before = await itsm.call('User/7', { session: admin });
    assertError(await put('User/7', { input: { phone: '+3', is_active: 'yes' } }), 400, 'ERROR_GLPI_UPDATE', "Incorrect integer value: 'yes' for column 'is_active' at row 1");
    assert.equal((await itsm.call('User/7', { session: admin })).text, before.text);
  });

  it('keeps default profile/entity/group only when the user holds them', async () => {
    await put('User/7', { input: { profiles_id: 4, groups_id: 999 } });
    const user = await itsm.call('User/7', { session: admin });
    assert.equal(user.json.profiles_id, 0);
    assert.notEqual(user.json.groups_id, 999);
  });

  it('updates, adds and deletes addresses through _useremails', async () => {
    const emails = (await itsm.call('User/7/UserEmail/', { session: admin })).json;
    const id = emails[0].id;
    await put('User/7', { input: { _useremails: { [id]: 'changed@x.example', '-1': 'added@x.example' }, _default_email: String(id) } });
    let now = (await itsm.call('User/7/UserEmail/', { session: admin })).json;
    assert.deepEqual(now.map((e: { email: string; is_default: number }) => [e.email, e.is_default]), [
      ['changed@x.example', 1],
      ['added@x.example', 0],
    ]);
    await put('User/7', { input: { _useremails: { [id]: '' } } });
    now = (await itsm.call('User/7/UserEmail/', { session: admin })).json;
    assert.deepEqual(now.map((e: { email: string; is_default: number }) => [e.email, e.is_default]), [['added@x.example', 1]]);
  });

  it('a profile without the update right gets the permission failure', async () => {
    const tech = await itsm.login('tech', 'tech');
    const res = await itsm.call('User/2', { method: 'PUT', session: tech, body: { input: { phone: '+5' } } });
    assertError(res, 400, 'ERROR_GLPI_UPDATE', "You don't have permission to perform this action.");
    assert.equal((await itsm.call('User/2', { session: admin })).json.phone, null);
  });

  it('only someone outranking a user may change their activity: an Admin cannot deactivate the Super-Admin', async () => {
    const admins = (await itsm.call('Profile/3/Profile_User/', { session: admin })).json as Array<{ users_id: number }>;
    let token: string | undefined;
    for (const a of admins) {
      const u = (await itsm.call(`User/${a.users_id}`, { session: admin })).json;
      if (u.is_active === 1) {
        token = await itsm.login(u.name, ROSTER_PASSWORD);
        break;
      }
    }
    assert.ok(token, 'a roster admin');
    // an Admin logs in on their own site; the Super-Admin is reachable from the root entity only
    assertError(await itsm.call('User/2', { method: 'PUT', session: token, body: { input: { phone: '+6' } } }), 400, 'ERROR_GLPI_UPDATE', "You don't have permission to perform this action.");
    await itsm.call('changeActiveEntities', { method: 'POST', session: token, body: { entities_id: 0, is_recursive: true } });
    const res = await itsm.call('User/2', { method: 'PUT', session: token, body: { input: { is_active: 0, phone: '+7' } } });
    assert.deepEqual(res.json, [{ '2': true, message: '' }]);
    const user = (await itsm.call('User/2', { session: admin })).json;
    assert.equal(user.is_active, 1);
    assert.equal(user.phone, '+7');
  });
});

describe('ITSM-NG DELETE User', () => {
  it('trashes by default (force_purge=false): 200 [{"<id>": true, "message": ""}], still readable', async () => {
    const res = await del('User/12?force_purge=false');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, [{ '12': true, message: '' }]);
    const user = await itsm.call('User/12', { session: admin });
    assert.equal(user.status, 200);
    assert.equal(user.json.is_deleted, 1);
    assert.deepEqual((await del('User/12')).json, [{ '12': true, message: '' }], 'trashing again succeeds');
  });

  it('restores with PUT is_deleted=0', async () => {
    await del('User/12');
    assert.deepEqual((await put('User/12', { input: { is_deleted: 0 } })).json, [{ '12': true, message: '' }]);
    assert.equal((await itsm.call('User/12', { session: admin })).json.is_deleted, 0);
  });

  it('purges with force_purge=true, with the user\'s emails, profiles and memberships; ids are not reused', async () => {
    const email = (await itsm.call('User/13/UserEmail/', { session: admin })).json[0].id;
    const pu = (await itsm.call('User/13/Profile_User/', { session: admin })).json[0].id;
    const res = await del('User/13?force_purge=true');
    assert.deepEqual(res.json, [{ '13': true, message: '' }]);
    assertError(await itsm.call('User/13', { session: admin }), 404, 'ERROR_ITEM_NOT_FOUND');
    assertError(await itsm.call(`UserEmail/${email}`, { session: admin }), 404, 'ERROR_ITEM_NOT_FOUND');
    assertError(await itsm.call(`Profile_User/${pu}`, { session: admin }), 404, 'ERROR_ITEM_NOT_FOUND');
    const created = await post({ input: { name: 'after.purge' } });
    const last = await post({ input: { name: 'after.purge2' } });
    await del(`User/${last.json.id}?force_purge=1`);
    const next = await post({ input: { name: 'after.purge3' } });
    assert.ok(next.json.id > last.json.id && last.json.id > created.json.id);
  });

  it('an unknown id is 400 [ERROR_GLPI_DELETE, "Item not found"]; no id at all is ERROR_BAD_ARRAY', async () => {
    assert.deepEqual((await del('User/999999')).json, ['ERROR_GLPI_DELETE', 'Item not found']);
    assert.equal((await del('User/999999')).status, 400);
    assertError(await del('User/'), 400, 'ERROR_BAD_ARRAY');
  });

  it('deletes in bulk from a body: all ok → 200, some → 207, none → 400', async () => {
    const ok = await del('User/', { input: [{ id: 14 }, { id: 15 }], force_purge: true });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, [{ '14': true, message: '' }, { '15': true, message: '' }]);
    const partial = await del('User/', { input: [{ id: 16 }, { id: 999999 }] });
    assert.equal(partial.status, 207);
    assert.deepEqual(partial.json, ['ERROR_GLPI_PARTIAL_DELETE', [{ '16': true, message: '' }, { '999999': false, message: 'Item not found' }]]);
    const none = await del('User/', { input: [{ id: 999998 }] });
    assert.equal(none.status, 400);
    assert.deepEqual(none.json, ['ERROR_GLPI_DELETE', [{ '999998': false, message: 'Item not found' }]]);
  });

  it('a profile without the delete right gets the permission failure and nothing changes', async () => {
    const tech = await itsm.login('tech', 'tech');
    const res = await itsm.call('User/7', { method: 'DELETE', session: tech });
    assertError(res, 400, 'ERROR_GLPI_DELETE', "You don't have permission to perform this action.");
    assert.equal((await itsm.call('User/7', { session: admin })).json.is_deleted, 0);
  });
});

describe('ITSM-NG body size limit', () => {
  it('an oversized body gets the product error and changes nothing', async () => {
    const small = await Itsm.start(['--body-limit', '2048']);
    try {
      const token = await small.login();
      const before = await small.call('User/?range=0-999', { session: token });
      const res = await small.call('User/', { method: 'POST', session: token, body: { input: { name: 'big.one', comment: 'x'.repeat(3000) } } });
      assertError(res, 400, 'ERROR_UPLOAD_FILE_TOO_BIG_POST_MAX_SIZE', 'The file seems too big');
      assert.equal((await small.call('User/?range=0-999', { session: token })).text, before.text);
      assert.equal((await small.call('User/', { method: 'POST', session: token, body: { input: { name: 'small.one' } } })).status, 201);
    } finally {
      await small.stop();
    }
  });
});
