import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Itsm, ROSTER_PASSWORD } from './client';

/**
 * Repeated reads are answered from a cache (see the README's implementation notes): these pin that a
 * cached answer is never served once the data, the session's profile or the question changed.
 */

let itsm: Itsm;
let admin: string;

before(async () => {
  itsm = await Itsm.start();
  admin = await itsm.login();
});
after(() => itsm.stop());

describe('ITSM-NG repeated reads', () => {
  it('an item, a page and a search read again after a change show the change', async () => {
    const item = () => itsm.call('User/2', { session: admin });
    const page = () => itsm.call('User/?range=0-4', { session: admin });
    const search = () => itsm.call('search/User/?criteria[0][field]=34&criteria[0][searchtype]=contains&criteria[0][value]=Cached&forcedisplay[0]=34', { session: admin });
    const [item1, page1, search1] = [await item(), await page(), await search()];
    assert.deepEqual([(await item()).text, (await page()).text, (await search()).text], [item1.text, page1.text, search1.text], 'the same question, the same bytes');
    assert.equal(search1.json.totalcount, 0);

    const put = await itsm.call('User/2', { method: 'PUT', session: admin, body: { input: { realname: 'Cached' } } });
    assert.equal(put.status, 200);
    assert.equal((await item()).json.realname, 'Cached');
    assert.equal((await page()).json.find((u: { id: number }) => u.id === 2).realname, 'Cached');
    assert.equal((await search()).json.totalcount, 1);
    assert.notEqual((await itsm.call('User/2?expand_dropdowns=true', { session: admin })).text, (await item()).text, 'other parameters, another answer');
  });

  it('the same session asking again after changeActiveProfile gets the new profile\'s answer', async () => {
    const found = await itsm.call('search/User/?criteria[0][field]=20&criteria[0][searchtype]=equals&criteria[0][value]=1&criteria[1][field]=8&criteria[1][searchtype]=equals&criteria[1][value]=1&criteria[2][field]=1&criteria[2][searchtype]=notequals&criteria[2][value]=no.profile&forcedisplay[0]=2&range=0-0', { session: admin });
    const user = { id: found.json.data[0]['2'], login: found.json.data[0]['1'] };
    assert.equal((await itsm.call('Profile_User/', { method: 'POST', session: admin, body: { input: { users_id: user.id, profiles_id: 6, entities_id: 0, is_recursive: 1 } } })).status, 201);
    const token = await itsm.login(user.login, ROSTER_PASSWORD);
    const as = async (profile: number) => {
      assert.equal((await itsm.call('changeActiveProfile', { method: 'POST', session: token, body: { profiles_id: profile } })).status, 200);
      return itsm.call('User/?range=0-4', { session: token });
    };
    assert.equal((await as(6)).status, 206, 'a Technician reads users');
    assert.equal((await as(1)).status, 403, 'the same question as Self-Service is refused, not answered from the cache');
    assert.equal((await as(6)).status, 206);
  });
});
