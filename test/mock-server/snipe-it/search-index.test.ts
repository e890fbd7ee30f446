import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseCommandLine } from '../../../mock-server/src/args';
import type { MockConfig } from '../../../mock-server/src/config';
import { snipeIt } from '../../../mock-server/src/products/snipe-it/index';
import { SnipeModel, type UserRow } from '../../../mock-server/src/products/snipe-it/model';
import { UserSearch } from '../../../mock-server/src/products/snipe-it/user-search';
import type { UserList } from '../../../mock-server/src/products/snipe-it/user-list';
import { UserQuery } from '../../../mock-server/src/products/snipe-it/users-query';
import { Store } from '../../../mock-server/src/store';

/**
 * `GET /users?search=` answered through the trigram index must list exactly the rows, in the same
 * order, that reading every row finds (`UserQuery` with `indexed: false`), for every kind of term and
 * list option, and after creates, updates, deletes and changes to related records.
 */

function config(users: number): MockConfig {
  const parsed = parseCommandLine(['--in-memory', '--users', String(users)], {});
  if (parsed.kind !== 'run') throw new Error('bad test arguments');
  return parsed.config;
}

/** List options the search is combined with: scopes, plain and derived orders, filters. */
const OPTIONS: Array<Record<string, string>> = [
  {},
  { deleted: 'true' },
  { all: 'true' },
  { sort: 'last_name', order: 'asc' },
  { sort: 'location' },
  { sort: 'id', order: 'asc', company_id: '1' },
  { group_id: '2' },
];

/** Three-letter pieces and longer runs of a text, as clients type them. */
function pieces(text: string | null | undefined): string[] {
  if (!text) return [];
  return [text.slice(0, 3), text.slice(1, 5), text.slice(-3), text];
}

describe('Snipe-IT: indexed user searches equal full scans', () => {
  let model: SnipeModel;
  let indexed: UserQuery;
  let scanned: UserQuery;
  before(async () => {
    const store = await Store.open({ dataDir: undefined, products: [snipeIt], config: config(1500) });
    model = new SnipeModel(store.db('snipe-it'));
    indexed = new UserQuery(model);
    scanned = new UserQuery(model, { indexed: false });
  });

  /** A few hundred terms: pieces of users' own columns, related records' names, wildcards, short, OR, unicode. */
  function terms(): string[] {
    const out = new Set<string>();
    const users = [...model.users.values()];
    for (let i = 0; i < users.length; i += 37) {
      const u = users[i];
      for (const t of [...pieces(u.first_name), ...pieces(u.last_name), ...pieces(u.username), ...pieces(u.phone), u.email ?? '']) out.add(t);
      out.add(`${u.first_name} ${u.last_name ?? ''}`.trim());
      out.add(u.first_name.toUpperCase());
    }
    for (const l of model.locations.values()) for (const t of [l.name, l.address, l.city, l.zip]) if (t) out.add(t);
    for (const r of [...model.departments.values(), ...model.groups.values(), ...model.companies.values()]) out.add(r.name).add(r.name.slice(2, 6));
    const managers = users.filter((u) => model.activeByManager.count(u.id) > 0).slice(0, 5);
    for (const boss of managers) out.add(boss.username).add(boss.last_name ?? boss.first_name);
    for (const t of [
      'a%son', 'j_hn', 'ma%', '%', '_', '__', 'a_a_a', '\\%', 'ma\\_', '\\', 'ann\\', '%an%ne%', 'son_', 'e.c', '@acme', '.example', '+49',
      'a', 'e', 'ma', 'zz', '', ' ', 'xyzzy', 'qqq',
      'ann OR son', 'mar OR zz', 'Helpdesk OR ber', 'Berlin OR London', ' OR ', 'ada OR ', 'ada OR  OR mar',
      'ÁNG', 'ángel', 'AnG', 'STRASSE', 'straße', 'Straße', 'ß', 'é', 'İst', 'ǅem', 'ı', 'x\u0001y', 'a\u0001', 'ΣΑΣ',
    ]) out.add(t);
    return [...out];
  }

  const idsOf = (list: UserList) => Array.from({ length: list.length }, (_, i) => list.row(i).id);

  function compare(label: string, list = terms()): void {
    assert.ok(list.length >= 200, `only ${list.length} terms`);
    for (const search of list) {
      for (const options of OPTIONS) {
        const input = { ...options, search };
        const got = indexed.run(input);
        const want = scanned.run(input);
        assert.deepEqual(idsOf(got), idsOf(want), `${label}: ${JSON.stringify(input)}`);
      }
    }
  }

  it('is used for terms holding three literal characters, not for shorter ones', () => {
    const search = new UserSearch(model, true);
    assert.ok(search.match('mar').found);
    assert.ok(search.match('a%son OR ber').found);
    assert.equal(search.match('ma').found, undefined);
    assert.equal(search.match('ann OR j_hn').found, undefined);
  });

  it('answers as a scan does on the seeded data', () => {
    compare('seeded');
  });

  it('answers as a scan does after creates, updates, deletes and renamed related records', () => {
    const base = model.users.get(10)!;
    const odd: Array<Partial<UserRow>> = [
      { first_name: 'Zoë', last_name: 'Straße', username: 'zoe.strasse', email: 'ZOE@EXAMPLE.ORG', city: 'München' },
      { first_name: 'İstanbul', last_name: null, username: 'ist', email: null, notes: 'x\u0001y 100% sure_' },
      { first_name: 'Ada', last_name: 'Annson', username: 'ada.annson', location_id: 2, groups: [3], manager_id: 5 },
      { first_name: 'Gone', last_name: 'Person', username: 'gone.person', deleted_at: '2024-01-01 00:00:00', location_id: 1 },
    ];
    for (const patch of odd) model.users.put({ ...base, id: model.users.nextId(), ...patch } as UserRow);
    const was = model.users.get(12)!;
    model.users.put({ ...was, first_name: 'Renamed', last_name: 'Marlow', username: 'renamed.marlow', email: null, phone: null, mobile: null, department_id: 3 });
    model.users.put({ ...model.users.get(14)!, deleted_at: '2024-02-02 00:00:00' });
    model.users.put({ ...model.users.get(16)!, manager_id: 20 });
    model.users.delete(13);
    model.locations.put({ ...model.locations.get(1)!, name: 'Zanzibar Annex' });
    model.groups.put({ ...model.groups.get(2)!, name: 'Quokka Crew' });
    // the replaced row's old values must no longer find it
    const old = [was.username, was.email ?? '', was.phone ?? '', ...pieces(was.username), ...pieces(was.phone), ...pieces(was.mobile)];
    compare('after writes', [...terms(), ...old, 'zanzibar', 'annex', 'quokka', 'marlow', 'renamed', 'strasse', 'münchen', 'sure_', '100\\%']);
  });

  it('answers as a scan does once enough writes have made it rebuild', () => {
    for (let i = 0; i < 1100; i++) {
      const u = model.users.get(20 + (i % 1000))!;
      if (u) model.users.put({ ...u, jobtitle: `Rebuilt ${i % 7} Quartermaster` });
    }
    compare('after many writes', [...terms(), 'quartermaster', 'rebuilt 3']);
  });
});
