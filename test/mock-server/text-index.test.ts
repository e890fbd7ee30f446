import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactAll } from '../../mock-server/src/caches';
import { Table } from '../../mock-server/src/store/table';
import { TextIndex } from '../../mock-server/src/store/text-index';

interface P {
  id: number;
  login: string;
  gone?: boolean;
}

function table(logins: string[]): Table<P> {
  const t = new Table<P>('people', () => undefined);
  t.replaceAll(logins.map((login, i) => ({ id: i + 1, login })));
  return t;
}

/** What a scan would answer: the reference the index must agree with. */
const scan = (t: Table<P>, needle: string, filter = (_: P) => true) => [...t.values()].filter((r) => filter(r) && r.login.toLowerCase().includes(needle.toLowerCase()));

describe('TextIndex', () => {
  const logins = ['ada.lovelace', 'alan.turing', 'grace.hopper', 'Margaret.Hamilton', 'mary.jackson', 'marie.curie', 'Émilie.du-chatelet', 'ma', 'katherine.johnson'];

  it('answers exactly what a scan answers, for short and long needles, case-insensitively', () => {
    const t = table(logins);
    const ix = new TextIndex(t, { text: (r) => r.login });
    for (const needle of ['mar', 'MAR', 'a', 'ma', 'ace', 'hopper', 'e.j', 'zzz', 'émi', 'lovelace.x', 'n']) {
      assert.deepEqual(ix.contains(needle).map((r) => r.id), scan(t, needle).map((r) => r.id), needle);
    }
  });

  it('stays exact as rows are added, replaced and removed', () => {
    const t = table(logins);
    const ix = new TextIndex(t, { text: (r) => r.login });
    ix.contains('mar');
    t.put({ id: 100, login: 'marvin.minsky' });
    t.put({ id: 3, login: 'grace.marsh' });
    t.delete(5);
    for (const needle of ['mar', 'gra', 'jackson', 'mi']) assert.deepEqual(ix.contains(needle).map((r) => r.id).sort(), scan(t, needle).map((r) => r.id).sort(), needle);
  });

  it('answers the current row object after an update that keeps the text, and drops rows an update filters out', () => {
    type Q = P & { note?: string; rank?: number };
    const t = table(logins) as Table<Q>;
    const byRank = (a: Q, b: Q) => (a.rank ?? 0) - (b.rank ?? 0) || a.id - b.id;
    const view = t.sorted(byRank, (r) => !r.gone);
    const ix = new TextIndex(t, { text: (r) => r.login, order: view, compare: byRank, filter: (r) => !r.gone });
    assert.deepEqual(ix.contains('mar').map((r) => r.id), [4, 5, 6]);
    const predecessor = t.get(5);
    t.put({ id: 5, login: 'mary.jackson', note: 'same text' });
    const found = ix.contains('mar').find((r) => r.id === 5);
    assert.equal(found, t.get(5), 'the row the table holds now');
    assert.notEqual(found, predecessor, 'the new row, not its predecessor');
    assert.equal(found?.note, 'same text');
    // same text, but it now sorts first: it must move, not keep its slot
    t.put({ id: 6, login: 'marie.curie', rank: -1 });
    assert.deepEqual(ix.contains('mar').map((r) => r.id), [6, 4, 5]);
    t.put({ id: 4, login: 'Margaret.Hamilton', gone: true });
    assert.deepEqual(ix.contains('mar').map((r) => r.id), [6, 5]);
    t.put({ id: 4, login: 'Margaret.Hamilton' });
    assert.deepEqual(ix.contains('mar').map((r) => r.id), [6, 4, 5]);
  });

  it('returns matches in a view order, merging rows added since the build', () => {
    const t = table(logins);
    const byLogin = (a: P, b: P) => a.login.toLowerCase().localeCompare(b.login.toLowerCase());
    const view = t.sorted(byLogin, (r) => !r.gone);
    const ix = new TextIndex(t, { text: (r) => r.login, order: view, compare: byLogin, filter: (r) => !r.gone });
    assert.deepEqual(ix.contains('ma').map((r) => r.login), ['ma', 'Margaret.Hamilton', 'marie.curie', 'mary.jackson']);
    t.put({ id: 200, login: 'maa' });
    t.put({ id: 201, login: 'mb.ma' });
    t.put({ id: 202, login: 'mab', gone: true });
    assert.deepEqual(ix.contains('ma').map((r) => r.login), ['ma', 'maa', 'Margaret.Hamilton', 'marie.curie', 'mary.jackson', 'mb.ma']);
  });

  it('answers the same once the lists of rows added since the build are compacted (the idle collection), and after more changes', () => {
    const t = table(logins);
    const byLogin = (a: P, b: P) => a.login.toLowerCase().localeCompare(b.login.toLowerCase()) || a.id - b.id;
    const view = t.sorted(byLogin, (r) => !r.gone);
    const ix = new TextIndex(t, { text: (r) => r.login, order: view, compare: byLogin, filter: (r) => !r.gone });
    const needles = ['ma', 'mar', 'ada', 'son', 'zz.', 'new', 'lovelace'];
    const answers = () => needles.map((n) => ix.contains(n).map((r) => `${r.id}:${r.login}`));
    // what a scan of the view answers
    const expected = () => needles.map((n) => view.all().filter((r) => r.login.toLowerCase().includes(n)).map((r) => `${r.id}:${r.login}`));
    ix.contains('ma');
    t.put({ id: 200, login: 'maa' });
    t.put({ id: 201, login: 'mb.ma' });
    t.put({ id: 202, login: 'new.marsh' });
    t.put({ id: 203, login: 'zz.only' });
    t.put({ id: 2, login: 'alan.newman' });
    t.delete(5);
    const before = answers();
    assert.deepEqual(before, expected());
    assert.deepEqual(before[0], ['2:alan.newman', '8:ma', '200:maa', '4:Margaret.Hamilton', '6:marie.curie', '201:mb.ma', '202:new.marsh']);
    compactAll();
    assert.deepEqual(answers(), before);
    t.put({ id: 204, login: 'mac.new' });
    t.put({ id: 200, login: 'maa', gone: true });
    t.delete(203);
    assert.deepEqual(answers(), expected());
    compactAll();
    assert.deepEqual(answers(), expected());
  });

  it('rebuilds after many removals and after a reset', () => {
    const t = table(Array.from({ length: 3000 }, (_, i) => `user${i}`));
    const ix = new TextIndex(t, { text: (r) => r.login });
    assert.equal(ix.contains('user1').length, scan(t, 'user1').length);
    for (let id = 1; id <= 1500; id++) t.delete(id);
    assert.equal(ix.contains('user1').length, scan(t, 'user1').length);
    t.replaceAll([{ id: 1, login: 'fresh' }]);
    assert.deepEqual(ix.contains('res').map((r) => r.login), ['fresh']);
  });
});
