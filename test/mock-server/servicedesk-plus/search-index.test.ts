import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseCommandLine } from '../../../mock-server/src/args';
import type { MockConfig } from '../../../mock-server/src/config';
import { createDeps, type Deps } from '../../../mock-server/src/products/servicedesk-plus/deps';
import { servicedeskPlus } from '../../../mock-server/src/products/servicedesk-plus/index';
import type { JsonObject } from '../../../mock-server/src/products/servicedesk-plus/lenient-json';
import { ListRunner, parseListInput } from '../../../mock-server/src/products/servicedesk-plus/list';
import type { UserRow } from '../../../mock-server/src/products/servicedesk-plus/model';
import type { ProductEnv } from '../../../mock-server/src/products/product';
import { Store } from '../../../mock-server/src/store';

/**
 * `contains` searches answered from the substring indexes must list exactly the rows (and totals) the
 * predicate finds by scanning every user, including after writes and for characters that fold to ASCII.
 */

function config(users: number): MockConfig {
  const parsed = parseCommandLine(['--in-memory', '--users', String(users)], {});
  if (parsed.kind !== 'run') throw new Error('bad test arguments');
  return parsed.config;
}

const NEEDLES = ['mar', 'MAR', 'son', 'ann', 'kel', 'ssa', 'xyz', 'a.b', '@ex', 'e m', 'ark', 'ADM', 'gue', '.co', 'ann m'];

describe('ServiceDesk Plus: indexed contains searches equal full scans', () => {
  let d: Deps;
  before(async () => {
    const cfg = config(1500);
    const store = await Store.open({ dataDir: undefined, products: [servicedeskPlus], config: cfg });
    const env = { db: store.db('servicedesk-plus'), config: cfg, clock: () => new Date(), warm: () => {} } as unknown as ProductEnv;
    d = createDeps(env);
  });

  function compare(listInfo: JsonObject, label: string): void {
    const q = parseListInput({ list_info: { row_count: 100, get_total_count: true, ...listInfo } } as JsonObject, d.users);
    const scanned = new ListRunner().run({ ...q, candidates: undefined }, d.users);
    const indexed = new ListRunner().run(q, d.users);
    assert.deepEqual(indexed.rows.map((r) => r.id), scanned.rows.map((r) => r.id), label);
    assert.equal(indexed.total, scanned.total, label);
  }

  function all(label: string): void {
    for (const field of ['name', 'email_id', 'login_name']) {
      for (const value of NEEDLES) {
        compare({ search_criteria: { field, condition: 'contains', value } }, `${label} criteria ${field} ${value}`);
        compare({ search_criteria: [{ field, condition: ' Contains ', value }], sort_order: 'desc', start_index: 3 }, `${label} desc ${field} ${value}`);
        compare({ search_fields: { [field]: value, is_vipuser: false } }, `${label} fields ${field} ${value}`);
        compare({ search_fields: { [field]: value }, search_criteria: { field: 'status', condition: 'is', value: 'ACTIVE' } }, `${label} both ${field} ${value}`);
      }
    }
  }

  it('answers as a scan does, before and after writes', () => {
    all('seeded');
    const base = d.m.users.get(10)!;
    const odd: Array<Partial<UserRow>> = [
      { name: 'Mark \u212Aelvin', login: 'ma\u017F\u017Fa', email: 'MAR@EX.COM' },
      { name: 'İstanbul Marşı', login: 'ANN M', email: undefined },
      { name: 'ǅemal ann', login: undefined, email: 'a.b@ex.org' },
    ];
    odd.forEach((patch) => d.m.users.put({ ...base, id: d.m.users.nextId(), ...patch } as UserRow));
    d.m.users.put({ ...d.m.users.get(12)!, name: 'Renamed Marlow' });
    d.m.users.delete(13);
    all('after writes');
  });

  it('is used for the workloads a client sends (one contains item, or search_fields)', () => {
    const q = parseListInput({ list_info: { search_criteria: { field: 'name', condition: 'contains', value: 'mar' } } } as JsonObject, d.users);
    assert.ok(q.candidates);
    const sorted = parseListInput({ list_info: { sort_field: 'name', search_criteria: { field: 'name', condition: 'contains', value: 'mar' } } } as JsonObject, d.users);
    assert.equal(sorted.candidates, undefined);
    const unicode = parseListInput({ list_info: { search_fields: { name: 'ış' } } } as JsonObject, d.users);
    assert.equal(unicode.candidates, undefined);
  });
});
