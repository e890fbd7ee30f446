import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { assertError, Itsm } from './client';

/** Groups, profiles, entities, locations, and the links between users and them. */

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

const get = (path: string) => itsm.call(path, { session: admin });
const post = (path: string, input: unknown) => itsm.call(path, { method: 'POST', session: admin, body: { input } });

describe('ITSM-NG groups', () => {
  it('lists the groups with their tree columns and links; nested groups have complete names', async () => {
    const res = await get('Group/?range=0-49');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-range'), '0-9/10');
    assert.equal(res.headers.get('accept-range'), 'Group 1000');
    const helpdesk = res.json.find((g: { name: string }) => g.name === 'Helpdesk');
    assert.deepEqual(Object.keys(helpdesk).slice(0, 13), ['id', 'entities_id', 'is_recursive', 'name', 'comment', 'ldap_field', 'ldap_value', 'ldap_group_dn', 'date_mod', 'groups_id', 'completename', 'level', 'ancestors_cache']);
    assert.equal(helpdesk.completename, 'Helpdesk');
    assert.equal(helpdesk.level, 1);
    assert.equal(helpdesk.is_recursive, 1);
    const field = res.json.find((g: { name: string }) => g.name === 'Field Support');
    assert.equal(field.completename, 'Helpdesk > Field Support');
    assert.equal(field.level, 2);
    assert.equal(field.groups_id, helpdesk.id);
    assert.deepEqual(field.links, [
      { rel: 'Entity', href: `${itsm.api}/Entity/0` },
      { rel: 'Group', href: `${itsm.api}/Group/${helpdesk.id}` },
    ]);
  });

  it('sorts groups by name, and lists a group\'s members (Group/:id/Group_User)', async () => {
    const sorted = await get('Group/?sort=name&order=ASC&range=0-49');
    const names = sorted.json.map((g: { name: string }) => g.name);
    assert.deepEqual(names, [...names].sort((a: string, b: string) => a.localeCompare(b)));
    const members = await get('Group/1/Group_User/?range=0-999');
    assert.equal(members.status, 200);
    assert.ok(members.json.length > 0);
    for (const m of members.json) {
      assert.equal(m.groups_id, 1);
      assert.deepEqual(Object.keys(m), ['id', 'users_id', 'groups_id', 'is_dynamic', 'is_manager', 'is_userdelegate', 'links']);
      assert.deepEqual(m.links.map((l: { rel: string }) => l.rel), ['User', 'Group']);
    }
    const search = await get('search/User/?criteria[0][field]=13&criteria[0][searchtype]=equals&criteria[0][value]=1&range=0-999&forcedisplay[0]=2');
    assert.deepEqual(
      search.json.data.map((r: Record<string, number>) => r['2']).sort((a: number, b: number) => a - b),
      members.json.map((m: { users_id: number }) => m.users_id).sort((a: number, b: number) => a - b),
    );
  });

  it('creates, renames (complete names follow) and purges a group', async () => {
    const add = await post('Group/', { name: 'Night Shift', groups_id: 1, comment: 'after hours' });
    assert.equal(add.status, 201);
    assert.equal(add.json.message, 'Item successfully added: Night Shift');
    assert.equal(add.headers.get('location'), `${itsm.api}/Group/${add.json.id}`);
    assert.equal((await get(`Group/${add.json.id}`)).json.completename, 'Helpdesk > Night Shift');
    const rename = await itsm.call('Group/1', { method: 'PUT', session: admin, body: { input: { name: 'Service Desk' } } });
    assert.deepEqual(rename.json, [{ '1': true, message: '' }]);
    assert.equal((await get(`Group/${add.json.id}`)).json.completename, 'Service Desk > Night Shift');
    const member = await post('Group_User/', { users_id: 7, groups_id: add.json.id });
    assert.equal(member.status, 201);
    assert.deepEqual((await itsm.call(`Group/${add.json.id}`, { method: 'DELETE', session: admin })).json, [{ [add.json.id]: true, message: '' }]);
    assertError(await get(`Group/${add.json.id}`), 404, 'ERROR_ITEM_NOT_FOUND');
    assertError(await get(`Group_User/${member.json.id}`), 404, 'ERROR_ITEM_NOT_FOUND');
  });

  it('purging a parent group moves its children up', async () => {
    const field = (await get('Group/?range=0-49')).json.find((g: { name: string }) => g.name === 'Field Support');
    await itsm.call(`Group/${field.groups_id}`, { method: 'DELETE', session: admin });
    const after = await get(`Group/${field.id}`);
    assert.equal(after.json.groups_id, 0);
    assert.equal(after.json.completename, 'Field Support');
  });
});

describe('ITSM-NG profiles, entities and locations', () => {
  it('lists the eight default profiles with their fixed ids', async () => {
    const res = await get('Profile/?range=0-49');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.json.map((p: { id: number; name: string }) => [p.id, p.name]),
      [
        [1, 'Self-Service'],
        [2, 'Observer'],
        [3, 'Admin'],
        [4, 'Super-Admin'],
        [5, 'Hotliner'],
        [6, 'Technician'],
        [7, 'Supervisor'],
        [8, 'Read-Only'],
      ],
    );
    const self = res.json[0];
    assert.equal(self.interface, 'helpdesk');
    assert.equal(self.is_default, 1);
    assert.equal(res.json[3].interface, 'central');
  });

  it('lists a profile\'s assignments (Profile/:id/Profile_User)', async () => {
    const res = await get('Profile/4/Profile_User/');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.map((p: { users_id: number }) => p.users_id), [2]);
    assert.deepEqual(Object.keys(res.json[0]), ['id', 'users_id', 'profiles_id', 'entities_id', 'is_recursive', 'is_dynamic', 'is_default_profile', 'links']);
  });

  it('the mock does not create profiles or entities (permission failure)', async () => {
    assertError(await post('Profile/', { name: 'Custom' }), 400, 'ERROR_GLPI_ADD', "You don't have permission to perform this action.");
    assertError(await post('Entity/', { name: 'Tokyo' }), 400, 'ERROR_GLPI_ADD', "You don't have permission to perform this action.");
  });

  it('entity 0 is the root; Entity/0 reads it; sub-entities have complete names', async () => {
    const root = await get('Entity/0');
    assert.equal(root.status, 200);
    assert.equal(root.json.name, 'Root entity');
    assert.equal(root.json.completename, 'Root entity');
    assert.equal(root.json.entities_id, -1);
    const list = await get('Entity/?range=0-49');
    assert.equal(list.json.length, 6);
    assert.equal(list.json[1].completename, 'Root entity > Berlin');
    assert.equal(list.json[1].level, 2);
  });

  it('locations form a site > floor tree', async () => {
    const res = await get('Location/?range=0-99&sort=completename');
    assert.ok(res.json.some((l: { completename: string }) => l.completename === 'Berlin > Floor 1'));
    assert.ok(res.json.some((l: { completename: string; level: number }) => l.completename === 'Paris' && l.level === 1));
  });

  it('sub-items follow foreign keys both ways (Group/:id/User lists users whose default group it is)', async () => {
    const users = await get('Group/1/User/?range=0-999');
    assert.equal(users.status, users.json.length > 20 ? 206 : 200);
    for (const u of users.json) assert.equal(u.groups_id, 1);
    const loc = await get('User/7/Location/');
    assert.equal(loc.json.length, 1);
    assert.equal(loc.json[0].id, (await get('User/7')).json.locations_id);
  });

  it('a sub-item list of an unknown parent is 404', async () => {
    assertError(await get('User/999999/Group_User/'), 404, 'ERROR_ITEM_NOT_FOUND');
    assertError(await get('User/abc/Group_User/'), 404, 'ERROR_ITEM_NOT_FOUND');
  });
});

describe('ITSM-NG user links', () => {
  it('User/:id/Group_User, Profile_User and UserEmail list that user\'s rows with ints and links', async () => {
    const groups = await get('User/7/Group_User/');
    assert.equal(groups.status, 200);
    for (const g of groups.json) assert.equal(g.users_id, 7);
    const profiles = await get('User/7/Profile_User/');
    assert.equal(profiles.json.length, 1);
    assert.equal(typeof profiles.json[0].profiles_id, 'number');
    const emails = await get('User/7/UserEmail/');
    assert.deepEqual(Object.keys(emails.json[0]), ['id', 'users_id', 'is_default', 'is_dynamic', 'email', 'links']);
    assert.equal(emails.json[0].is_default, 1);
    assert.match(emails.json[0].email, /^[a-z0-9.]+@[a-z.]+$/);
    assert.equal(emails.headers.get('accept-range'), 'UserEmail 1000');
  });

  it('POST Group_User adds a membership (201, empty message); the same pair twice is a DB duplicate', async () => {
    const group = (await get('User/7/Group_User/')).json.map((g: { groups_id: number }) => g.groups_id);
    const target = [1, 2, 3, 4].find((g) => !group.includes(g))!;
    const res = await post('Group_User/', { users_id: 7, groups_id: target });
    assert.equal(res.status, 201);
    assert.deepEqual(res.json, { id: res.json.id, message: '' });
    assert.equal(res.headers.get('location'), `${itsm.api}/Group_User/${res.json.id}`);
    assert.ok((await get(`Group/${target}/Group_User/?range=0-999`)).json.some((m: { users_id: number }) => m.users_id === 7));
    assertError(await post('Group_User/', { users_id: 7, groups_id: target }), 400, 'ERROR_GLPI_ADD', `Duplicate entry '7-${target}' for key 'unicity'`);
  });

  it('POST Group_User / Profile_User with an unknown user, group or profile is a permission failure', async () => {
    assertError(await post('Group_User/', { users_id: 999999, groups_id: 1 }), 400, 'ERROR_GLPI_ADD', "You don't have permission to perform this action.");
    assertError(await post('Group_User/', { users_id: 7, groups_id: 999 }), 400, 'ERROR_GLPI_ADD', "You don't have permission to perform this action.");
    assertError(await post('Profile_User/', { users_id: 7, profiles_id: 99, entities_id: 0 }), 400, 'ERROR_GLPI_ADD', "You don't have permission to perform this action.");
  });

  it('POST Profile_User assigns a profile (duplicates allowed; entity defaults to the active one)', async () => {
    const a = await post('Profile_User/', { users_id: 7, profiles_id: 4, entities_id: 0, is_recursive: 1 });
    assert.equal(a.status, 201);
    const b = await post('Profile_User/', { users_id: 7, profiles_id: 4 });
    assert.equal(b.status, 201);
    const rows = (await get('User/7/Profile_User/')).json.filter((p: { profiles_id: number }) => p.profiles_id === 4);
    assert.deepEqual(rows.map((p: { entities_id: number; is_recursive: number }) => [p.entities_id, p.is_recursive]), [
      [0, 1],
      [0, 0],
    ]);
  });

  it('DELETE Profile_User / Group_User / UserEmail purge the link: 200 [{"<id>": true, "message": ""}]', async () => {
    const gu = (await get('User/7/Group_User/')).json[0];
    const pu = (await get('User/7/Profile_User/')).json[0];
    const ue = (await get('User/7/UserEmail/')).json[0];
    for (const [type, id] of [['Group_User', gu.id], ['Profile_User', pu.id], ['UserEmail', ue.id]] as const) {
      const res = await itsm.call(`${type}/${id}?force_purge=false`, { method: 'DELETE', session: admin });
      assert.equal(res.status, 200, type);
      assert.deepEqual(res.json, [{ [id]: true, message: '' }]);
      assertError(await get(`${type}/${id}`), 404, 'ERROR_ITEM_NOT_FOUND');
    }
    assert.deepEqual((await get('User/7/UserEmail/')).json, []);
  });

  it('UserEmail: add (first is default), invalid and duplicate addresses fail, the default moves on delete', async () => {
    const first = (await get('User/7/UserEmail/')).json[0];
    const added = await post('UserEmail/', { users_id: 7, email: 'second@x.example', is_default: 1 });
    assert.equal(added.status, 201);
    let list = (await get('User/7/UserEmail/')).json;
    assert.deepEqual(list.map((e: { id: number; is_default: number }) => [e.id, e.is_default]), [
      [first.id, 0],
      [added.json.id, 1],
    ]);
    assertError(await post('UserEmail/', { users_id: 7, email: 'not-an-email' }), 400, 'ERROR_GLPI_ADD', 'Invalid email address');
    assertError(await post('UserEmail/', { users_id: 7, email: 'second@x.example' }), 400, 'ERROR_GLPI_ADD', "Duplicate entry '7-second@x.example' for key 'unicity'");
    await itsm.call(`UserEmail/${added.json.id}`, { method: 'DELETE', session: admin });
    list = (await get('User/7/UserEmail/')).json;
    assert.deepEqual(list.map((e: { id: number; is_default: number }) => [e.id, e.is_default]), [[first.id, 1]]);
  });

  it('records link changes in the user history (User/:id/Log)', async () => {
    const mine = (await get('User/7/Group_User/')).json.map((g: { groups_id: number }) => g.groups_id);
    const added = await post('Group_User/', { users_id: 7, groups_id: [1, 2, 3, 4].find((g) => !mine.includes(g)) });
    assert.equal(added.status, 201);
    const logs = await get('User/7/Log/');
    assert.equal(logs.status, 200);
    assert.ok(logs.json.some((l: { linked_action: number; itemtype_link: string }) => l.linked_action === 15 && l.itemtype_link === 'Group'));
  });
});
