import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseCommandLine } from '../../../mock-server/src/args';
import type { MockConfig } from '../../../mock-server/src/config';
import { servicedeskPlus } from '../../../mock-server/src/products/servicedesk-plus/index';
import { createModel, type Model, type UserRow } from '../../../mock-server/src/products/servicedesk-plus/model';
import { UserJson } from '../../../mock-server/src/products/servicedesk-plus/render';
import { SUCCESS, SUCCESS_TEXT } from '../../../mock-server/src/products/servicedesk-plus/errors';
import { Serializer } from '../../../mock-server/src/products/servicedesk-plus/serialize';
import { Store } from '../../../mock-server/src/store';

/**
 * The compiled user renderer (render.ts) must give exactly the bytes `JSON.stringify` gives for the
 * reference shapes (serialize.ts), in both forms, for every seeded user and for rows with unusual values.
 */

function config(users: number): MockConfig {
  const parsed = parseCommandLine(['--in-memory', '--users', String(users)], {});
  if (parsed.kind !== 'run') throw new Error('bad test arguments');
  return parsed.config;
}

const ODD: Array<Partial<UserRow>> = [
  { name: 'Zoë "Zed" O\'Brien', first: 'line\nbreak\ttab \u2028 \u0001 😀', last: '\\<b>&amp;</b>', email: undefined, description: '\ud800 lone' },
  { first: undefined, last: undefined, middle: 'M', login: 'ÄÖÜ.ß', sms: 'İstanbul', title: 'ǅemal', phone: '+1 (555) 0100', mobile: '' },
  { emails2: ['a@x.org', 'b"q@x.org'], cost: 12.345, poLimit: 1e6, vip: true, srApprover: true, poApprover: true, inactive: true },
  { cost: 0.005, poLimit: 0, dept: 999, domain: 999, projectRole: 999, manager: 999_999, roles: [] },
  { dept: 1, domain: 2, projectRole: 3, manager: 4, roles: [108, 29, 12345] },
  { udf: { udf_long_3: '929', udf_date_4: '1569519360000', udf_pick_2: 'Pick "x"', udf_sline_1: 'line' } },
  { ciDefault: { udf_pick_165: 'p', udf_pickref_1: 2, udf_sline_164: 's' }, ciUser: { udf_pickref_160: 601, udf_pickref_161: 4, udf_pickref_159: 5, udf_sline_158: 'x' } },
  { ciDefault: { udf_pickref_1: 9 }, ciUser: { udf_pickref_160: 9, udf_pickref_161: 999_999, udf_pickref_159: 999 }, udf: {} },
  { created: -1000 },
  { created: Date.UTC(9999, 11, 31, 23, 59, 59, 999) },
  { created: Date.UTC(1970, 0, 1, 18, 30) },
  { employeeId: 'E-1', tech: { sites: [-1], groups: [7, 8] }, roles: [108, 60, 58, 94] },
];

describe('ServiceDesk Plus: compiled user shapes equal the reference shapes byte for byte', () => {
  let model: Model;
  let s: Serializer;
  before(async () => {
    const store = await Store.open({ dataDir: undefined, products: [servicedeskPlus], config: config(1500) });
    model = createModel(store.db('servicedesk-plus'));
    s = new Serializer(model);
    const base = model.users.get(10)!;
    ODD.forEach((patch, i) => model.users.apply(100_000 + i, { ...base, id: 100_000 + i, ...patch } as UserRow));
    // a manager without department, e-mail or VIP flag, referred to by another odd row
    model.users.apply(200_000, { id: 200_000, name: 'Plain "Boss"', roles: [], created: 0 });
    model.users.apply(200_001, { ...base, id: 200_001, manager: 200_000 });
  });

  it('renders every user in the read and the write form as the reference does', () => {
    const json = new UserJson(model, s);
    let n = 0;
    for (const u of model.users.values()) {
      for (let pass = 0; pass < 2; pass++) {
        assert.equal(json.read(u), JSON.stringify(s.user(u, 'read')), `read ${u.id}`);
        assert.equal(json.write(u), JSON.stringify(s.user(u, 'write')), `write ${u.id}`);
      }
      n++;
    }
    assert.ok(n > 1000, `only ${n} users rendered`);
  });

  it('follows changes of the referenced tables (a renamed department, role, domain)', () => {
    const json = new UserJson(model, s);
    const u = model.users.get(100_004)!;
    assert.equal(json.read(u), JSON.stringify(s.user(u, 'read')));
    const dept = model.departments.table.get(1)!;
    model.departments.table.apply(1, { ...dept, name: 'Renamed' });
    model.roles.table.apply(108, { ...model.roles.table.get(108)!, name: 'Config "x"' });
    model.domains.apply(2, { id: 2, name: 'ABC2' });
    assert.equal(json.read(u), JSON.stringify(s.user(u, 'read')));
    assert.equal(json.write(u), JSON.stringify(s.user(u, 'write')));
    assert.match(json.read(u), /Renamed/);
  });

  it('keeps GET answers only while the row, its manager and the referenced tables are unchanged', () => {
    const json = new UserJson(model, s);
    const answer = (id: number) => Buffer.from(json.getAnswer(model.users.get(id)!, SUCCESS_TEXT)).toString();
    const expected = (id: number) => JSON.stringify({ response_status: SUCCESS, user: s.user(model.users.get(id)!, 'read') });
    for (const id of [10, 100_004, 100_006, 200_001]) {
      assert.equal(answer(id), expected(id));
      assert.equal(answer(id), expected(id));
    }
    model.users.apply(200_000, { ...model.users.get(200_000)!, name: 'New "Boss"', vip: true });
    assert.equal(answer(200_001), expected(200_001));
    model.users.apply(200_001, { ...model.users.get(200_001)!, phone: '555' });
    assert.equal(answer(200_001), expected(200_001));
    // an additional field naming another user follows that user's name
    model.users.apply(4, { ...model.users.get(4)!, name: 'Chief' });
    assert.equal(answer(100_006), expected(100_006));
    model.sites.table.apply(601, { ...model.sites.table.get(601)!, name: 'Berlin Mitte' });
    for (const id of [10, 100_004, 100_006, 200_001]) assert.equal(answer(id), expected(id));
  });
});
