import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertError, Itsm } from './client';

/** search/User with criteria, columns, paging and sorting, and listSearchOptions. */

let itsm: Itsm;
let admin: string;
const TOTAL = 54;

interface Person {
  id: number;
  name: string;
  realname: string | null;
  firstname: string | null;
  is_active: number;
  last_login: string | null;
  locations_id: number;
}
let people: Person[];

/** Runs a search and returns the body (asserting the answer's invariants on the way). */
async function search(query: string): Promise<any> {
  const res = await itsm.call(`search/User/?${query}`, { session: admin });
  assert.ok(res.status === 200 || res.status === 206, res.text);
  const body = res.json;
  assert.equal(res.headers.get('accept-range'), 'User 1000');
  assert.equal(body.count, body.data ? (Array.isArray(body.data) ? body.data.length : Object.keys(body.data).length) : 0);
  assert.equal(res.status, body.count >= body.totalcount ? 200 : 206);
  assert.equal(res.headers.get('content-range'), body.totalcount > 0 ? body['content-range'] : null);
  return body;
}

/** Ids (option 2) of every match. */
async function ids(criteria: string): Promise<number[]> {
  const body = await search(`${criteria}&forcedisplay[0]=2&range=0-999`);
  return (body.data ?? []).map((r: Record<string, number>) => r['2']).sort((a: number, b: number) => a - b);
}

const idsOf = (list: Person[]) => list.map((p) => p.id).sort((a, b) => a - b);
/** The comparison the product's collation makes: case and accents ignored. */
const folded = (s: string | null) => (s ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

before(async () => {
  itsm = await Itsm.start();
  admin = await itsm.login();
  people = (await itsm.call('User/?range=0-999', { session: admin })).json;
});
after(() => itsm.stop());

describe('ITSM-NG listSearchOptions', () => {
  it('lists User options in the product order, "common" header first, with the real ids', async () => {
    const res = await itsm.call('listSearchOptions/User', { session: admin });
    assert.equal(res.status, 200);
    assert.ok(res.text.startsWith('{"common":"Characteristics","1":{'));
    const order = ['"1":', '"2":', '"34":', '"9":', '"5":', '"150":', '"28":', '"3":', '"8":', '"6":', '"13":', '"14":', '"20":', '"80":'];
    const positions = order.map((k) => res.text.indexOf(k));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    assert.deepEqual(res.json['1'], {
      name: 'Login',
      table: 'glpi_users',
      field: 'name',
      datatype: 'itemlink',
      nosearch: false,
      nodisplay: false,
      available_searchtypes: ['contains', 'notcontains', 'equals', 'notequals'],
      uid: 'User.name',
    });
    assert.equal(res.json['2'].field, 'id');
    assert.equal(res.json['34'].field, 'realname');
    assert.equal(res.json['9'].field, 'firstname');
    assert.equal(res.json['5'].uid, 'User.UserEmail.email');
    assert.equal(res.json['8'].field, 'is_active');
    assert.equal(res.json['13'].uid, 'User.Group_User.Group.completename');
    assert.deepEqual(res.json['13'].available_searchtypes, ['contains', 'notcontains', 'equals', 'notequals', 'under', 'notunder']);
    assert.equal(res.json['150'].nosearch, true);
    assert.deepEqual(res.json['14'].available_searchtypes, ['equals', 'notequals', 'lessthan', 'morethan', 'contains', 'notcontains']);
  });

  it('needs an itemtype (ERROR_RESOURCE_MISSING), a known one, and a session', async () => {
    assertError(await itsm.call('listSearchOptions/', { session: admin }), 400, 'ERROR_RESOURCE_MISSING', 'missing resource', itsm.api);
    assertError(await itsm.call('listSearchOptions/Nope', { session: admin }), 400, 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM');
    assertError(await itsm.call('listSearchOptions/User'), 400, 'ERROR_SESSION_TOKEN_MISSING');
  });
});

describe('ITSM-NG search/User answers', () => {
  it('without parameters: login order, list_limit rows, default columns 1,34,5,6,3,8, sort "1"', async () => {
    const res = await itsm.call('search/User/', { session: admin });
    assert.equal(res.status, 206);
    const body = res.json;
    assert.deepEqual(Object.keys(body), ['totalcount', 'count', 'sort', 'order', 'data', 'content-range']);
    assert.equal(body.totalcount, TOTAL);
    assert.equal(body.count, 20);
    assert.equal(body.sort, '1');
    assert.equal(body.order, 'ASC');
    assert.equal(body['content-range'], `0-20/${TOTAL}`);
    assert.equal(res.headers.get('content-range'), `0-20/${TOTAL}`);
    assert.ok(res.text.includes('"data":[{"1":'));
    const firstRow = res.text.slice(res.text.indexOf('"data":[{') + 8, res.text.indexOf('}', res.text.indexOf('"data":[{')));
    assert.deepEqual([...firstRow.matchAll(/"(\d+)":/g)].map((m) => m[1]), ['1', '34', '5', '6', '3', '8']);
    const collator = new Intl.Collator('en', { sensitivity: 'base' });
    const logins = body.data.map((r: Record<string, string>) => r['1']);
    assert.deepEqual(logins, [...people.map((p) => p.name)].sort(collator.compare).slice(0, 20));
    assert.equal(typeof body.data[0]['8'], 'number');
  });

  it('range pages, 200 when complete, and the range errors', async () => {
    const page = await search('range=10-14');
    assert.equal(page.count, 5);
    assert.equal(page['content-range'], `10-14/${TOTAL}`);
    const full = await search('range=0-999');
    assert.equal(full.count, TOTAL);
    assert.equal(full['content-range'], `0-${TOTAL - 1}/${TOTAL}`);
    const edge = await search(`range=${TOTAL}-${TOTAL + 5}`);
    assert.equal(edge.count, 0);
    assert.equal(edge.data, undefined);
    assertError(await itsm.call(`search/User/?range=${TOTAL + 1}-${TOTAL + 5}`, { session: admin }), 400, 'ERROR_RANGE_EXCEED_TOTAL', `Provided range exceed total count of data: ${TOTAL}`, itsm.api);
    assertError(await itsm.call('search/User/?range=x-1', { session: admin }), 400, 'ERROR', 'range must be in format : [start-end] with integers', itsm.api);
  });

  it('no match: totalcount 0, no data key, content-range "0--1/0", no Content-Range header, 200', async () => {
    const res = await itsm.call('search/User/?criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]=zzzzzz', { session: admin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { totalcount: 0, count: 0, sort: '1', order: 'ASC', 'content-range': '0--1/0' });
    assert.equal(res.headers.get('content-range'), null);
  });

  it('sorts by an option id, ASC or DESC; the answer echoes sort as an integer', async () => {
    const body = await search('sort=34&order=DESC&range=0-999&forcedisplay[0]=34');
    assert.equal(body.sort, 34);
    assert.equal(body.order, 'DESC');
    const reals = body.data.map((r: Record<string, string | null>) => r['34']);
    const collator = new Intl.Collator('en', { sensitivity: 'base' });
    const nonNull = reals.filter((r: string | null) => r !== null);
    assert.deepEqual(nonNull, [...nonNull].sort(collator.compare).reverse());
    assert.deepEqual(reals.slice(-4), [null, null, null, null], 'NULLs last when descending');
    assert.equal((await search('order=sideways&range=0-0')).order, 'ASC');
  });

  it('forcedisplay replaces the default columns: 1, the forced ones, criteria fields, the sort field', async () => {
    const res = await itsm.call('search/User/?forcedisplay[0]=2&forcedisplay[1]=9&criteria[0][field]=14&criteria[0][searchtype]=contains&criteria[0][value]=20&sort=19&range=0-0', { session: admin });
    const row = res.text.slice(res.text.indexOf('"data":[{') + 8);
    assert.deepEqual([...row.slice(0, row.indexOf('}')).matchAll(/"(\d+)":/g)].map((m) => m[1]), ['1', '2', '9', '14', '19']);
    assert.equal(typeof res.json.data[0]['2'], 'number');
  });

  it('uid_cols keys columns by uid; withindexes keys rows by item id', async () => {
    const uid = await search('uid_cols=true&forcedisplay[0]=2&range=0-0');
    assert.deepEqual(Object.keys(uid.data[0]).sort(), ['User.id', 'User.name']);
    const indexed = await search('withindexes=true&forcedisplay[0]=2&range=0-2');
    for (const [key, row] of Object.entries(indexed.data as Record<string, Record<string, number>>)) assert.equal(Number(key), row['2']);
  });

  it('shows several values of a many-valued column as a list', async () => {
    await itsm.call('UserEmail/', { method: 'POST', session: admin, body: { input: { users_id: 7, email: 'zz-second@x.example' } } });
    const body = await search('criteria[0][field]=2&criteria[0][searchtype]=contains&criteria[0][value]=7&forcedisplay[0]=5');
    const row = body.data.find((r: Record<string, unknown>) => Array.isArray(r['5']));
    assert.ok(row);
    assert.equal(row['5'].length, 2);
    assert.ok(row['5'].includes('zz-second@x.example'));
  });
});

describe('ITSM-NG search criteria', () => {
  it('contains is a case- and accent-insensitive substring; ^ and $ anchor', async () => {
    assert.deepEqual(await ids('criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]=AN'), idsOf(people.filter((p) => p.name.includes('an'))));
    const first = people.find((p) => p.id > 5)!;
    assert.deepEqual(await ids(`criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]=${encodeURIComponent(`^${first.name}$`)}`), [first.id]);
    const accented = people.find((p) => /[^\x00-\x7f]/.test(p.firstname ?? ''));
    if (accented) {
      const plain = accented.firstname!.normalize('NFD').replace(/\p{M}/gu, '');
      assert.ok((await ids(`criteria[0][field]=9&criteria[0][searchtype]=contains&criteria[0][value]=${encodeURIComponent(plain)}`)).includes(accented.id));
    }
  });

  it('equals / notequals on a user column compare the value', async () => {
    assert.deepEqual(await ids('criteria[0][field]=8&criteria[0][searchtype]=equals&criteria[0][value]=0'), idsOf(people.filter((p) => p.is_active === 0)));
    assert.deepEqual(await ids('criteria[0][field]=8&criteria[0][searchtype]=notequals&criteria[0][value]=0'), idsOf(people.filter((p) => p.is_active === 1)));
    assert.deepEqual(await ids('criteria[0][field]=1&criteria[0][searchtype]=equals&criteria[0][value]=TECH'), [4]);
  });

  it('equals on a linked dropdown compares the linked id; under includes the sub-tree', async () => {
    const loc = people.find((p) => p.locations_id > 0)!.locations_id;
    assert.deepEqual(await ids(`criteria[0][field]=3&criteria[0][searchtype]=equals&criteria[0][value]=${loc}`), idsOf(people.filter((p) => p.locations_id === loc)));
    const building = (await itsm.call(`Location/${loc}`, { session: admin })).json.locations_id;
    const floors = (await itsm.call('Location/?range=0-99', { session: admin })).json.filter((l: { locations_id: number; id: number }) => l.locations_id === building || l.id === building).map((l: { id: number }) => l.id);
    assert.deepEqual(await ids(`criteria[0][field]=3&criteria[0][searchtype]=under&criteria[0][value]=${building}`), idsOf(people.filter((p) => floors.includes(p.locations_id))));
    assert.deepEqual(await ids(`criteria[0][field]=3&criteria[0][searchtype]=notunder&criteria[0][value]=${building}`), idsOf(people.filter((p) => !floors.includes(p.locations_id))));
    const helpdesk = await ids('criteria[0][field]=13&criteria[0][searchtype]=equals&criteria[0][value]=1');
    const tree = await ids('criteria[0][field]=13&criteria[0][searchtype]=under&criteria[0][value]=1');
    const field = await ids('criteria[0][field]=13&criteria[0][searchtype]=equals&criteria[0][value]=6');
    assert.deepEqual(tree, [...new Set([...helpdesk, ...field])].sort((a, b) => a - b));
  });

  it('lessthan / morethan compare dates', async () => {
    const withLogin = people.filter((p) => p.last_login && p.id > 5).map((p) => p.last_login!).sort();
    const pivot = withLogin[Math.floor(withLogin.length / 2)];
    const q = encodeURIComponent(pivot);
    assert.deepEqual(await ids(`criteria[0][field]=14&criteria[0][searchtype]=lessthan&criteria[0][value]=${q}`), idsOf(people.filter((p) => p.last_login !== null && p.last_login < pivot)));
    assert.deepEqual(await ids(`criteria[0][field]=14&criteria[0][searchtype]=morethan&criteria[0][value]=${q}`), idsOf(people.filter((p) => p.last_login !== null && p.last_login > pivot)));
  });

  it('links combine with SQL precedence: AND binds tighter than OR; AND NOT / OR NOT negate', async () => {
    const c = (i: number, field: number, type: string, value: string, link?: string) =>
      `${link ? `criteria[${i}][link]=${encodeURIComponent(link)}&` : ''}criteria[${i}][field]=${field}&criteria[${i}][searchtype]=${type}&criteria[${i}][value]=${encodeURIComponent(value)}`;
    const a = (p: Person) => p.name.includes('a');
    const e = (p: Person) => p.name.includes('e');
    const inactive = (p: Person) => p.is_active === 0;
    assert.deepEqual(await ids(`${c(0, 1, 'contains', 'a')}&${c(1, 1, 'contains', 'e', 'AND')}`), idsOf(people.filter((p) => a(p) && e(p))));
    assert.deepEqual(await ids(`${c(0, 1, 'contains', 'a')}&${c(1, 1, 'contains', 'e', 'OR')}`), idsOf(people.filter((p) => a(p) || e(p))));
    assert.deepEqual(await ids(`${c(0, 1, 'contains', 'a')}&${c(1, 1, 'contains', 'e', 'AND NOT')}`), idsOf(people.filter((p) => a(p) && !e(p))));
    assert.deepEqual(
      await ids(`${c(0, 8, 'equals', '0')}&${c(1, 1, 'contains', 'a', 'OR')}&${c(2, 1, 'contains', 'e', 'AND')}`),
      idsOf(people.filter((p) => inactive(p) || (a(p) && e(p)))),
    );
    assert.deepEqual(await ids(`${c(0, 1, 'contains', 'a', 'AND NOT')}`), idsOf(people.filter((p) => !a(p))), 'NOT on the first criterion');
    assert.deepEqual(await ids(`${c(0, 8, 'equals', '0')}&${c(1, 1, 'contains', 'a', 'OR NOT')}`), idsOf(people.filter((p) => inactive(p) || !a(p))));
  });

  it('nested criteria groups are evaluated as one term', async () => {
    const q =
      'criteria[0][field]=8&criteria[0][searchtype]=equals&criteria[0][value]=1' +
      '&criteria[1][link]=AND&criteria[1][criteria][0][field]=1&criteria[1][criteria][0][searchtype]=contains&criteria[1][criteria][0][value]=a' +
      '&criteria[1][criteria][1][link]=OR&criteria[1][criteria][1][field]=1&criteria[1][criteria][1][searchtype]=contains&criteria[1][criteria][1][value]=e';
    assert.deepEqual(await ids(q), idsOf(people.filter((p) => p.is_active === 1 && (p.name.includes('a') || p.name.includes('e')))));
  });

  it('an empty value is no restriction; notcontains also matches empty (NULL) columns', async () => {
    assert.equal((await ids('criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]=')).length, TOTAL);
    assert.deepEqual(await ids('criteria[0][field]=34&criteria[0][searchtype]=notcontains&criteria[0][value]=a'), idsOf(people.filter((p) => !folded(p.realname).includes('a'))));
    assert.deepEqual(await ids('criteria[0][field]=34&criteria[0][searchtype]=contains&criteria[0][value]=NULL'), [2, 3, 4, 5]);
  });

  it('searches the trash with is_deleted=1', async () => {
    await itsm.call('User/11', { method: 'DELETE', session: admin });
    try {
      assert.deepEqual(await ids('is_deleted=1'), [11]);
      assert.ok(!(await ids('criteria[0][field]=2&criteria[0][searchtype]=contains&criteria[0][value]=11')).includes(11));
    } finally {
      await itsm.call('User/11', { method: 'PUT', session: admin, body: { input: { is_deleted: 0 } } });
    }
  });

  it('validates criteria: malformed, bad field id, forbidden field', async () => {
    const bad = async (q: string, message: string) => assertError(await itsm.call(`search/User/?${q}`, { session: admin }), 400, 'ERROR', message, itsm.api);
    await bad('criteria[0][field]=1&criteria[0][searchtype]=contains', 'Malformed search criteria');
    await bad('criteria[0][searchtype]=contains&criteria[0][value]=x', 'Malformed search criteria');
    await bad('criteria[0]=x', 'Malformed search criteria');
    await bad('criteria[0][field]=all&criteria[0][searchtype]=contains&criteria[0][value]=x', 'Bad field ID in search criteria');
    await bad('criteria[0][field]=9999&criteria[0][searchtype]=contains&criteria[0][value]=x', 'Bad field ID in search criteria');
    await bad('criteria[0][field]=150&criteria[0][searchtype]=contains&criteria[0][value]=x', 'Forbidden field ID in search criteria');
  });

  it('searches other itemtypes too (groups by name)', async () => {
    const res = await itsm.call('search/Group/?criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]=support&range=0-9', { session: admin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data.map((r: Record<string, string>) => r['1']), ['Helpdesk > Field Support']);
  });
});
