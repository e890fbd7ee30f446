import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseCommandLine } from '../../../mock-server/src/args';
import type { MockConfig } from '../../../mock-server/src/config';
import { foreman } from '../../../mock-server/src/products/foreman/index';
import { ForemanModel, isHidden, type UserRow } from '../../../mock-server/src/products/foreman/model';
import { compileSearch } from '../../../mock-server/src/products/foreman/search';
import { SearchPlanner } from '../../../mock-server/src/products/foreman/search-plan';
import { foldChar, foldText } from '../../../mock-server/src/products/foreman/user-text-index';
import { userSearch } from '../../../mock-server/src/products/foreman/users';
import { Store } from '../../../mock-server/src/store';

/**
 * The search index only narrows which rows the exact predicate is applied to: every search must answer
 * what testing every row answers, in the same order, before and after writes.
 */

function config(users: number): MockConfig {
  const parsed = parseCommandLine(['--in-memory', '--users', String(users)], {});
  if (parsed.kind !== 'run') throw new Error('bad test arguments');
  return parsed.config;
}

const QUERIES = [
  'login ~ mar', 'login ~ MAR', 'login ~ ada', 'login ~ an', 'login ~ a', 'login ~ "ann"', 'login ~ mar*', 'login ~ m_r', 'login = admin',
  'firstname ~ ann', 'lastname ~ son', 'mail ~ acme', 'mail ~ exa', 'description ~ rotation', 'mail = beatriz.klein@acme.example',
  'mar', 'MAR', 'ann', 'ana', 'ook', 'man', 'view', 'help', 'team', 'ldap', 'inter', 'sup', 'field sup', 'zzq', 'ma',
  'mar or ann', 'mar and ann', 'login ~ mar and admin = false', 'login ~ mar or firstname ~ ann', 'not login ~ mar', 'login ~ mar or admin',
  '= mar', '~ ann', 'login ~ ıst', 'login ~ İst', 'istanbul', 'straße', 'STRASSE', 'ſtr', 'σος', 'ΟΔΟΣ', 'kelvin', 'ǆem', 'ǅem', 'émi', 'EMI',
  'login ~ 😀x', 'login ~ \ud800ab',
];

const ODD: Array<Partial<UserRow>> = [
  { login: 'istanbul.user', firstname: 'İstanbul', lastname: 'Işık' },
  { login: 'strasse', firstname: 'Straße', lastname: 'GROSSE' },
  { login: 'long.s', firstname: 'ſtraight', lastname: 'Kelvin' },
  { login: 'greek', firstname: 'ΟΔΟΣ', lastname: 'οδος' },
  { login: 'digraph', firstname: 'ǅemal', lastname: 'ǆemo' },
  { login: 'emilie', firstname: 'Émilie', lastname: 'EMIL' },
  { login: 'emoji', firstname: '😀xyz', lastname: null },
  { login: 'nullish', firstname: null, lastname: null, mail: null },
];

describe('Foreman: indexed user search answers what a scan answers', () => {
  let model: ForemanModel;
  let planner: SearchPlanner;
  const def = () => userSearch(model);
  before(async () => {
    const store = await Store.open({ dataDir: undefined, products: [foreman], config: config(3000) });
    model = new ForemanModel(store.db('foreman'));
    const base = model.user(10)!;
    ODD.forEach((patch, i) => model.users.apply(200_000 + i, { ...base, id: 200_000 + i, ...patch } as UserRow));
    planner = new SearchPlanner(model, def());
  });

  const check = (label: string) => {
    const d = def();
    const scope = model.usersByFirstname.all();
    let narrowed = 0;
    for (const q of QUERIES) {
      const matcher = compileSearch(d, q, Date.now());
      const expected = matcher ? scope.filter(matcher).map((u) => u.id) : scope.map((u) => u.id);
      const candidates = planner.candidates(q);
      if (!candidates) continue;
      const got = matcher ? candidates.filter(matcher).map((u) => u.id) : candidates.map((u) => u.id);
      assert.deepEqual(got, expected, `${label}: ${q}`);
      narrowed++;
    }
    // the comparison means something only if most searches went through the index
    assert.ok(narrowed >= 35, `${label}: only ${narrowed} searches used the index`);
  };

  it('on the data as loaded', () => check('fresh'));

  it('after rows are added, replaced and removed (tail and dead rows), and after a rebuild', () => {
    const users = [...model.users.values()].filter((u) => !isHidden(u));
    for (let i = 0; i < 300; i++) {
      const u = users[(i * 7) % users.length];
      model.users.put({ ...u, login: `${u.login}.mar${i}`, firstname: i % 2 ? 'Ann-Marie' : u.firstname });
    }
    for (let i = 0; i < 200; i++) model.users.put({ ...users[0], id: 300_000 + i, login: `new.ada${i}`, firstname: i % 3 ? 'Zoë' : 'Ada', lastname: 'Ολα' });
    for (let i = 0; i < 100; i++) model.users.delete(users[(i * 13 + 5) % users.length].id);
    check('after writes');
    for (let i = 0; i < 1500; i++) model.users.put({ ...users[0], id: 400_000 + i, login: `bulk${i}`, firstname: `Bulk ${i % 50}`, mail: `bulk${i}@example.com` });
    check('after many writes');
  });

  it('folds characters alike when a case-insensitive RegExp takes them as equal', () => {
    const single = (s: string) => [...s].length === 1;
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    for (let cp = 0; cp < 0x20000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      const related = [c.toLowerCase(), c.toUpperCase(), c.toUpperCase().toLowerCase(), c.toLowerCase().toUpperCase()].filter((r) => single(r) && r !== c);
      if (!related.length) continue;
      const re = new RegExp(`^${escape(c)}$`, 'iu');
      for (const r of related) if (re.test(r)) assert.equal(foldChar(r), foldChar(c), `U+${cp.toString(16)} ~ ${r}`);
    }
    assert.equal(foldText('ΟΔΟΣ'), foldText('οδος'));
    assert.equal(foldText('ſ'), 's');
  });
});
