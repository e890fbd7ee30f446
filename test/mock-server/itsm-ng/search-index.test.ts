import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Itsm } from './client';

/**
 * `contains` searches on login, last name, first name and e-mails are narrowed by text indexes (see
 * the README's implementation notes). The field id `01` names option 1 too but is not narrowed, so
 * each question is asked both ways and the answers must be the same bytes — also after writes that
 * the indexes must follow (new users, renames, trashed users, new and removed addresses).
 */

let itsm: Itsm;
let admin: string;

before(async () => {
  itsm = await Itsm.start(['--users', '300']);
  admin = await itsm.login();
});
after(() => itsm.stop());

const fields = (indexed: boolean) => (indexed ? ['1', '34', '9', '5'] : ['01', '034', '09', '05']);

function queries(value: string, indexed: boolean): string[] {
  const v = encodeURIComponent(value);
  const [login, last, first, email] = fields(indexed);
  const or = [login, last, first, email].map((f, i) => `${i ? `criteria[${i}][link]=OR&` : ''}criteria[${i}][field]=${f}&criteria[${i}][searchtype]=contains&criteria[${i}][value]=${v}`).join('&');
  return [
    `criteria[0][field]=${login}&criteria[0][searchtype]=contains&criteria[0][value]=${v}&range=0-49`,
    `criteria[0][field]=${last}&criteria[0][searchtype]=contains&criteria[0][value]=${v}&range=0-9&order=DESC`,
    `criteria[0][field]=${email}&criteria[0][searchtype]=contains&criteria[0][value]=${v}&range=0-999`,
    `${or}&forcedisplay[0]=2&forcedisplay[1]=34&forcedisplay[2]=9&forcedisplay[3]=5&range=0-999&sort=1&order=ASC`,
    `criteria[0][field]=${login}&criteria[0][searchtype]=contains&criteria[0][value]=${v}&criteria[1][link]=AND NOT&criteria[1][field]=${first}&criteria[1][searchtype]=contains&criteria[1][value]=e&range=0-999`,
    `criteria[0][field]=8&criteria[0][searchtype]=equals&criteria[0][value]=0&criteria[1][link]=OR&criteria[1][field]=${login}&criteria[1][searchtype]=contains&criteria[1][value]=${v}&range=0-999`,
  ];
}

/** The canonical field ids in the answer: both spellings name the same option. */
async function answers(value: string, indexed: boolean): Promise<string[]> {
  const out: string[] = [];
  for (const q of queries(value, indexed)) {
    const res = await itsm.call(`search/User/?${q}`, { session: admin });
    out.push(`${res.status} ${res.headers.get('content-range')} ${res.text}`);
  }
  return out;
}

async function assertSame(values: string[], why: string): Promise<void> {
  for (const value of values) assert.deepEqual(await answers(value, true), await answers(value, false), `${why}: "${value}"`);
}

const VALUES = ['mar', 'MAR', 'ann', 'son', '^an', 'er$', 'a%n', 'exa', 'example', '.com', 'zzq', 'mü', 'é', 'ab'];

describe('ITSM-NG indexed contains searches', () => {
  it('answer as the unindexed search does', async () => {
    await assertSame(VALUES, 'seeded data');
  });

  it('follow creates, renames, trashing and e-mail changes', async () => {
    const created = await itsm.call('User/', { method: 'POST', session: admin, body: { input: { name: 'zzqlogin', realname: 'Müllerzzq', firstname: 'Annzzq', _useremails: { 0: 'hidden.zzq@corp.test' } } } });
    assert.equal(created.status, 201);
    const id = created.json.id as number;
    await assertSame(['zzq', 'mül', 'corp.t'], 'after a create');

    assert.equal((await itsm.call(`User/${id}`, { method: 'PUT', session: admin, body: { input: { name: 'renamedqqx', realname: 'Otherqqx' } } })).status, 200);
    await assertSame(['zzq', 'qqx', 'renamed'], 'after a rename');

    assert.equal((await itsm.call('UserEmail/', { method: 'POST', session: admin, body: { input: { users_id: 2, email: 'extra.wwk@corp.test' } } })).status, 201);
    await assertSame(['wwk', 'corp.t'], 'after an added address');

    assert.equal((await itsm.call(`User/${id}`, { method: 'DELETE', session: admin })).status, 200);
    await assertSame(['qqx', 'corp.t'], 'after trashing');
  });

  it('a repeated read is answered again after the data changed', async () => {
    const q = 'search/User/?criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]=rptx';
    assert.equal((await itsm.call(q, { session: admin })).json.totalcount, 0);
    assert.equal((await itsm.call(q, { session: admin })).json.totalcount, 0);
    assert.equal((await itsm.call('User/', { method: 'POST', session: admin, body: { input: { name: 'rptx.user' } } })).status, 201);
    assert.equal((await itsm.call(q, { session: admin })).json.totalcount, 1);
    await itsm.call('killSession', { session: admin });
    assert.equal((await itsm.call(q, { session: admin })).status, 401, 'a killed session is not answered from the kept response');
    admin = await itsm.login();
  });
});
