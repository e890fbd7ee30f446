import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Directory } from '../../../mock-server/src/products/privacyidea/directory';
import { ParamsByQuery } from '../../../mock-server/src/products/privacyidea/params';
import { UserListQueries, userListQuery } from '../../../mock-server/src/products/privacyidea/user-list-query';
import { Store } from '../../../mock-server/src/store';
import { defaultConfig } from '../../../mock-server/src/config';
import { PRODUCTS } from '../../../mock-server/src/products/registry';

describe('privacyIDEA: parameters kept by query string', () => {
  it('gives the same parameters for the same query and unquoting, read as privacyIDEA reads them', () => {
    const byQuery = new ParamsByQuery(8);
    const p = byQuery.of('username=a%2541&username=b&realm=x', true);
    assert.deepEqual([...p], [['username', 'aA'], ['realm', 'x']]);
    assert.equal(byQuery.of('username=a%2541&username=b&realm=x', true), p);
    const raw = byQuery.of('username=a%2541&username=b&realm=x', false);
    assert.notEqual(raw, p);
    assert.deepEqual([...raw], [['username', 'a%41'], ['realm', 'x']]);
    assert.deepEqual([...byQuery.of('', true)], []);
  });

  it('keeps at most its bound, then starts again', () => {
    const byQuery = new ParamsByQuery(3);
    const first = byQuery.of('q=0', true);
    byQuery.of('q=1', true);
    byQuery.of('q=2', true);
    assert.equal(byQuery.of('q=0', true), first);
    byQuery.of('q=3', true);
    const again = byQuery.of('q=0', true);
    assert.notEqual(again, first);
    assert.deepEqual([...again], [...first]);
  });
});

describe('privacyIDEA: GET /user/ queries by their parameters', () => {
  it('reads each parameter object once, the same as a fresh reading', async () => {
    const store = await Store.open({ dataDir: undefined, products: PRODUCTS, config: { ...defaultConfig(), users: 10 } });
    after(() => store.close());
    const dir = new Directory(store.db('privacyidea'));
    const queries = new UserListQueries(dir);
    const params = new ParamsByQuery(8).of('resolver=local-sql&username=a*&attributes=email,resolver', true);
    const q = queries.of(params);
    assert.equal(queries.of(params), q);
    assert.deepEqual(q, userListQuery(params, dir));
    assert.deepEqual(q.resolvers.map((r) => r.name), ['local-sql']);
    assert.deepEqual(q.filters, [['username', 'a*']]);
    assert.deepEqual(q.attributes, ['email']);
    assert.equal(q.withResolver, true);
    assert.equal(q.withEditable, false);
    const other = queries.of(new Map<string, unknown>([['username', 'a*'], ['email', 5]]));
    assert.equal(other.key, '', 'a filter value that is not text is not kept in the reply cache');
    assert.notEqual(other, q);
  });
});
