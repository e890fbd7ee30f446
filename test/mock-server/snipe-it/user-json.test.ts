import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseCommandLine } from '../../../mock-server/src/args';
import type { MockConfig } from '../../../mock-server/src/config';
import { Caller } from '../../../mock-server/src/products/snipe-it/auth';
import { snipeIt } from '../../../mock-server/src/products/snipe-it/index';
import { SnipeModel, type UserRow } from '../../../mock-server/src/products/snipe-it/model';
import { e, phpJson } from '../../../mock-server/src/products/snipe-it/php';
import { transformUser, type RenderContext } from '../../../mock-server/src/products/snipe-it/serialize';
import { phpString, userJson } from '../../../mock-server/src/products/snipe-it/user-json';
import { Store } from '../../../mock-server/src/store';

/**
 * The compiled user renderer (user-json.ts) must give exactly the bytes `phpJson(transformUser())`
 * gives (serialize.ts, the reference), for every seeded user, every caller kind and unusual rows.
 */

function config(users: number): MockConfig {
  const parsed = parseCommandLine(['--in-memory', '--users', String(users)], {});
  if (parsed.kind !== 'run') throw new Error('bad test arguments');
  return parsed.config;
}

const ODD: Array<Partial<UserRow>> = [
  { first_name: 'Zoë "Zed"', last_name: "O'Brien\\<b>&amp;</b>", notes: 'see **bold** https://example.com/a/b?x=1&y=2 \u2028 😀', email: null },
  { last_name: null, display_name: '0', employee_num: '0', locale: null, website: 'http://x.test/path/', avatar: 'me/pic.png' },
  { avatar: 'https://cdn.test/a.png', locale: 'de-DE', remote: 1, vip: 1, ldap_import: 1, autoassign_licenses: 0 },
  { permissions: { 'users.view': 1, 'a/b': -1, 'ünï': 0, '12': 1 }, groups: [999, 1, 3] },
  { permissions: {}, groups: [], manager_id: 999_999, department_id: 999, location_id: 999, company_id: 999, created_by: 999_999 },
  { deleted_at: '2024-02-29 00:00:00', start_date: '2020-01-01', end_date: '2030-12-31', last_login: '2024-01-01 12:30:00' },
  { created_at: '2023-05-06 00:05:00', updated_at: '2023-05-06 23:59:59', last_login: null, start_date: null },
  { first_name: 'İstanbul', last_name: 'ǅemal', username: 'ÄÖÜ.ß/x', city: '東京', zip: '<1>', state: "O'H", address: 'a\u0000b\tc' },
];

describe('Snipe-IT: compiled user JSON equals the reference transformer byte for byte', () => {
  let model: SnipeModel;
  let contexts: RenderContext[];
  before(async () => {
    const store = await Store.open({ dataDir: undefined, products: [snipeIt], config: config(1200) });
    model = new SnipeModel(store.db('snipe-it'));
    const base = model.users.get(10)!;
    ODD.forEach((patch, i) => model.users.apply(100_000 + i, { ...base, id: 100_000 + i, ...patch } as UserRow));
    // a manager of an odd row, soft-deleted, and one live
    model.users.apply(100_100, { ...base, id: 100_100, manager_id: 100_005 } as UserRow);
    model.users.apply(100_101, { ...base, id: 100_101, manager_id: 100_000 } as UserRow);
    const now = new Date('2025-01-01T00:00:00Z');
    const callerFor = (u: UserRow) => new Caller(u, model);
    const plain = [...model.users.values()].find((u) => !u.deleted_at && !(u.groups ?? []).length && !u.permissions && u.id !== 1)!;
    const member = [...model.users.values()].find((u) => !u.deleted_at && (u.groups ?? []).length > 0 && !(u.groups ?? []).includes(1))!;
    contexts = [model.users.get(1)!, plain, member].map((u) => {
      const caller = callerFor(u);
      return { model, caller, appUrl: 'http://127.0.0.1:3000/snipe-it', now };
    });
  });

  it('renders every user, with and without counts, for every caller', () => {
    let n = 0;
    for (const ctx of contexts) {
      for (const u of model.users.values()) {
        assert.equal(userJson(ctx, u, true), phpJson(transformUser(ctx, u, true)), `with counts ${u.id}`);
        assert.equal(userJson(ctx, u, false), phpJson(transformUser(ctx, u, false)), `without counts ${u.id}`);
        n++;
      }
    }
    assert.ok(n > 3000);
  });

  it('follows renamed relations', () => {
    const member = [...model.users.values()].find((u) => (u.groups ?? []).length > 0 && u.department_id && u.company_id)!;
    const g = model.groups.get(member.groups![0])!;
    model.groups.apply(g.id, { ...g, name: 'Renamed "group" / ü' });
    const d = model.departments.get(member.department_id!)!;
    model.departments.apply(d.id, { ...d, name: 'R&D <new>' });
    for (const ctx of contexts) assert.equal(userJson(ctx, member, true), phpJson(transformUser(ctx, member, true)));
  });

  it('encodes strings as json_encode does', () => {
    for (const s of ['', 'a/b', 'é', '😀', '\u2028', '"\\\n', '\ud800', 'plain text 123', 'a\u007fb']) assert.equal(phpString(s), phpJson(s));
    // every character of the first 256 and a few beyond, alone and within plain text
    for (const c of [...Array.from({ length: 256 }, (_, i) => i), 0x2028, 0xd800, 0xfffe]) {
      const ch = String.fromCharCode(c);
      for (const s of [ch, `ab${ch}cd`]) assert.equal(phpString(s), phpJson(s), `U+${c.toString(16)}`);
    }
  });

  it("escapes as Blade's e() does, and leaves text without special characters as it is", () => {
    assert.equal(e(`<a href="x">Tom & Jerry's</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#039;s&lt;/a&gt;');
    assert.equal(e('&amp;'), '&amp;amp;');
    assert.equal(e(null), '');
    assert.equal(e(undefined), '');
    assert.equal(e(0), '0');
    for (let c = 0; c < 256; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      assert.equal(e(s), '&<>"\''.includes(s[1]) ? s.replace(s[1], { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' }[s[1]]!) : s);
    }
  });
});
