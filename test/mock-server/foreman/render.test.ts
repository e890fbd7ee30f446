import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCommandLine } from '../../../mock-server/src/args';
import type { MockConfig } from '../../../mock-server/src/config';
import { foreman } from '../../../mock-server/src/products/foreman/index';
import { ForemanModel, type UserRow } from '../../../mock-server/src/products/foreman/model';
import { userMain, userShow, viewTime } from '../../../mock-server/src/products/foreman/serialize';
import { compileSearch } from '../../../mock-server/src/products/foreman/search';
import { timeJson, UserJson } from '../../../mock-server/src/products/foreman/user-json';
import { userSearch } from '../../../mock-server/src/products/foreman/users';
import { Store } from '../../../mock-server/src/store';
import { startMock, type RunningMock } from '../../support/mock-process';
import { ADMIN, basic } from './foreman';

/**
 * The compiled user renderer must give exactly the bytes `JSON.stringify` gives for the reference views
 * (serialize.ts), for every seeded user and for rows with unusual values.
 */

function config(users: number): MockConfig {
  const parsed = parseCommandLine(['--in-memory', '--users', String(users)], {});
  if (parsed.kind !== 'run') throw new Error('bad test arguments');
  return parsed.config;
}

const ODD: Array<Partial<UserRow>> = [
  { firstname: 'Zoë "Zed"', lastname: 'O\'Brien\\<b>&amp;</b>', mail: null, description: 'line\nbreak\ttab \u2028 \u0001 😀' },
  { firstname: null, lastname: null, mail: 'x@y.z', disabled: null as unknown as boolean, mailEnabled: null as unknown as boolean },
  { timezone: 'Europe/Berlin', locale: 'de_DE', admin: true, lastLogin: null },
  { lastLogin: -1000, created: Date.UTC(500, 1, 29, 23, 59, 59, 999), updated: Date.UTC(9999, 11, 31, 23, 59, 59, 999) },
  { created: Date.UTC(10000, 0, 1), updated: Date.UTC(1969, 11, 31, 23, 59, 59, 500) },
  { authSource: 99, defLoc: 999, defOrg: null, locs: [999, 8, 2, 8], orgs: [1, 3] },
  { groups: [7, 1, 7, 42], roles: [1, 11, 2, 2, 99] },
  { groups: [9], admin: false },
  { groups: [], roles: [], locs: [], orgs: [], defLoc: 2, defOrg: 1 },
  { authSource: 2 },
  { authSource: 3, login: 'ÄÖÜ.ß', firstname: 'İstanbul', lastname: 'ǅemal' },
];

describe('Foreman: compiled user views equal the reference views byte for byte', () => {
  let model: ForemanModel;
  before(async () => {
    const cfg = config(1500);
    const store = await Store.open({ dataDir: undefined, products: [foreman], config: cfg });
    model = new ForemanModel(store.db('foreman'));
    const base = model.user(10)!;
    ODD.forEach((patch, i) => model.users.apply(100_000 + i, { ...base, id: 100_000 + i, ...patch } as UserRow));
  });

  it('renders every user (list item and show view) as the reference does', () => {
    const json = new UserJson(model);
    let n = 0;
    for (const u of model.users.values()) {
      assert.equal(json.main(u), JSON.stringify(userMain(model, u)), `main ${u.id}`);
      assert.equal(json.show(u), JSON.stringify(userShow(model, u)), `show ${u.id}`);
      // a second time, from the fragment caches, and as the kept body (from the show cache the second time)
      assert.equal(json.main(u), JSON.stringify(userMain(model, u)), `main again ${u.id}`);
      assert.equal(Buffer.from(json.showBody(u)).toString(), JSON.stringify(userShow(model, u)), `show body ${u.id}`);
      assert.equal(Buffer.from(json.showBody(u)).toString(), JSON.stringify(userShow(model, u)), `show body again ${u.id}`);
      n++;
    }
    assert.ok(n > 1400);
  });

  it('follows changes to user groups, roles and taxonomies', () => {
    const json = new UserJson(model);
    const member = [...model.users.values()].find((u) => (u.groups ?? []).length > 0 && !u.admin)!;
    json.showBody(member);
    const g = model.usergroups.get(member.groups![0])!;
    model.usergroups.apply(g.id, { ...g, name: 'Renamed "group"', admin: !g.admin });
    assert.equal(Buffer.from(json.showBody(member)).toString(), JSON.stringify(userShow(model, member)));
    assert.equal(json.main(member), JSON.stringify(userMain(model, member)));
    const t = model.taxonomies.get(member.locs![0])!;
    model.taxonomies.apply(t.id, { ...t, name: 'Elsewhere', description: 'moved' });
    assert.equal(json.show(member), JSON.stringify(userShow(model, member)));
    assert.equal(json.main(member), JSON.stringify(userMain(model, member)));
    const changed = { ...member, lastname: 'Changed' };
    model.users.apply(member.id, changed);
    assert.equal(Buffer.from(json.showBody(changed)).toString(), JSON.stringify(userShow(model, changed)));
  });

  it('pins the bytes of one seeded user', () => {
    const json = new UserJson(model);
    const u = model.user(5)!;
    assert.equal(json.main(u), JSON.stringify(userMain(model, u)));
    assert.match(json.show(u), /^\{"firstname":"[^"]+","lastname":"[^"]+","mail":"[^"]+","mail_enabled":(true|false),"admin":(true|false),"auth_source_id":\d,"disabled":(true|false),"auth_source_name":"[^"]+","timezone":/);
  });

  it('formats view times as toISOString does, across the whole range', () => {
    const samples = [0, 999, 1000, 86_399_999, 951_782_400_000, 1_709_164_800_000, 4_107_542_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, null];
    for (let i = 0; i < 20_000; i++) samples.push(Math.floor(Math.random() * 253_402_300_800_000));
    for (const ms of samples) assert.equal(timeJson(ms), JSON.stringify(viewTime(ms)), String(ms));
  });
});

describe('Foreman: the server answers the reference bytes (list items, show views, envelope)', () => {
  let mock: RunningMock;
  let model: ForemanModel;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '120']);
    // the same seed, in process: the reference renderer over the same rows
    const store = await Store.open({ dataDir: undefined, products: [foreman], config: config(120) });
    model = new ForemanModel(store.db('foreman'));
  });
  after(async () => {
    await mock.stop();
  });
  const fetchText = async (path: string) => {
    const res = await fetch(`${mock.baseUrl}/foreman/api${path}`, { headers: { Authorization: basic(...ADMIN), Accept: 'application/json;version=2' } });
    assert.equal(res.status, 200, path);
    return res.text();
  };

  it('lists every user as JSON.stringify(userMain) gives it, in the index layout', async () => {
    // the admin's own row changes as it logs in (last_login_on): compared apart
    const visible = model.usersByFirstname.all();
    const text = await fetchText('/users?per_page=all');
    const expected =
      `{\n  "total": ${visible.length},\n  "subtotal": ${visible.length},\n  "page": 1,\n  "per_page": ${visible.length},\n  "search": null,\n` +
      `  "sort": {\n    "by": null,\n    "order": null\n  },\n  "results": [${visible.map((u) => JSON.stringify(userMain(model, u))).join(',')}]\n}\n`;
    const mask = (t: string) => t.replace(/"last_login_on":"[^"]*"(,"created_at":"[^"]*","updated_at":"[^"]*","id":4,)/, '"last_login_on":null$1');
    assert.equal(mask(text), mask(expected));
    const again = await fetchText('/users?per_page=all');
    assert.equal(again, text, 'a repeated list answers the same bytes');
  });

  it('shows users as JSON.stringify(userShow) gives it, first rendered and then from the cache', async () => {
    for (const u of model.usersByFirstname.all().slice(0, 60)) {
      if (u.id === 4) continue;
      const expected = JSON.stringify(userShow(model, u));
      assert.equal(await fetchText(`/users/${u.id}`), expected, `user ${u.id}`);
      assert.equal(await fetchText(`/users/${u.id}`), expected, `user ${u.id} again`);
    }
  });

  it('searches (through the index) answer the rows and bytes of the reference', async () => {
    const def = userSearch(model);
    for (const q of ['login ~ mar', 'ann', 'mail ~ acme', 'login ~ zzz']) {
      const matcher = compileSearch(def, q, Date.now())!;
      const rows = model.usersByFirstname.all().filter((u) => u.id !== 4 && matcher(u));
      const text = await fetchText(`/users?per_page=all&search=${encodeURIComponent(q)}`);
      const body = JSON.parse(text);
      assert.deepEqual(body.results.map((u: { id: number }) => u.id).filter((id: number) => id !== 4), rows.map((u) => u.id), q);
      for (const u of rows) assert.ok(text.includes(JSON.stringify(userMain(model, u))), `${q}: user ${u.id}`);
    }
  });
});
