import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSnapshot } from '../../mock-server/src/store/snapshot';
import { firstLayoutText } from '../support/first-layout';
import { runMock, startMock, tempDir } from '../support/mock-process';

async function hashDir(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith('.json')) continue;
    out[name] = createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
  }
  return out;
}

async function seedInto(dir: string, args: string[]): Promise<Record<string, string>> {
  const mock = await startMock(['--port', '0', '--data', dir, ...args]);
  await mock.stop();
  return hashDir(dir);
}

/** Seeds a data directory, puts `edit` of one product's file in its place, and runs the server on it. */
async function startOnEditedFile(product: string, edit: (text: string) => string) {
  const dir = await tempDir();
  try {
    await seedInto(dir.path, ['--users', '10']);
    const file = join(dir.path, `${product}.json`);
    const text = edit(await readFile(file, 'utf8'));
    assert.notEqual(text, await readFile(file, 'utf8'));
    await writeFile(file, text);
    const run = await runMock(['--port', '0', '--data', dir.path]);
    return { file, run, untouched: (await readFile(file, 'utf8')) === text };
  } finally {
    await dir.remove();
  }
}

describe('seed data', () => {
  it('is byte-identical for the same --seed and --users, and differs for another seed', async () => {
    const [a, b, c] = await Promise.all([tempDir(), tempDir(), tempDir()]);
    try {
      const ha = await seedInto(a.path, ['--seed', '7', '--users', '300']);
      const hb = await seedInto(b.path, ['--seed', '7', '--users', '300']);
      const hc = await seedInto(c.path, ['--seed', '8', '--users', '300']);
      assert.deepEqual(Object.keys(ha), ['foreman.json', 'itsm-ng.json', 'privacyidea.json', 'servicedesk-plus.json', 'snipe-it.json']);
      assert.deepEqual(ha, hb);
      assert.notDeepEqual(ha, hc);
    } finally {
      await Promise.all([a.remove(), b.remove(), c.remove()]);
    }
  });

  it('writes one parseable lowdb JSON file per product, recording the seed', async () => {
    const dir = await tempDir();
    try {
      await seedInto(dir.path, ['--seed', '3', '--users', '50']);
      for (const product of ['itsm-ng', 'foreman', 'snipe-it', 'servicedesk-plus', 'privacyidea']) {
        const data = JSON.parse(await readFile(join(dir.path, `${product}.json`), 'utf8'));
        assert.equal(data.product, product);
        assert.deepEqual(data.seed, { seed: 3, users: 50 });
        assert.equal(typeof data.tables, 'object');
      }
    } finally {
      await dir.remove();
    }
  });
});

describe('data directory', () => {
  it('keeps existing data on restart (a different --seed does not reseed)', async () => {
    const dir = await tempDir();
    try {
      const first = await seedInto(dir.path, ['--seed', '5', '--users', '40']);
      const mock = await startMock(['--port', '0', '--data', dir.path, '--seed', '6']);
      assert.match(mock.output(), /existing data, seeded with seed 5, 40 users/);
      await mock.stop();
      assert.deepEqual(await hashDir(dir.path), first);
    } finally {
      await dir.remove();
    }
  });

  it('refuses a corrupt data file with a one-line error naming it, and leaves it untouched', async () => {
    const { file, run, untouched } = await startOnEditedFile('foreman', () => '{"format": "user-directory-mock/1", truncated');
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')} is not valid JSON`));
    assert.match(run.stderr, /move it away/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.ok(untouched);
  });

  it('loads data files of the first layout (rows as objects), and writes the current one from then on', async () => {
    const dir = await tempDir();
    const products = ['itsm-ng', 'foreman', 'snipe-it', 'servicedesk-plus', 'privacyidea'];
    const answers = async () => {
      const mock = await startMock(['--port', '0', '--data', dir.path]);
      try {
        // answers that make no writes (a Foreman login records its time), with the port left out
        const get = async (path: string, headers: Record<string, string>) =>
          (await (await fetch(`${mock.baseUrl}${path}`, { headers })).text()).replaceAll(mock.baseUrl.replaceAll('/', '\\/'), '');
        return [
          await get('/_mock/stats', {}),
          await get('/snipe-it/api/v1/users?limit=100', { authorization: 'Bearer mock-snipe-it-token', accept: 'application/json' }),
          await get('/snipe-it/api/v1/groups', { authorization: 'Bearer mock-snipe-it-token', accept: 'application/json' }),
        ];
      } finally {
        await mock.stop();
      }
    };
    try {
      const seeded = await seedInto(dir.path, ['--seed', '4', '--users', '40']);
      const before = await answers();
      assert.match(before[1], /^\{"total":41,"rows":\[\{"id":/);
      for (const product of products) {
        const file = join(dir.path, `${product}.json`);
        await writeFile(file, firstLayoutText(parseSnapshot(await readFile(file))));
        assert.match(await readFile(file, 'utf8'), /^\{"format":"user-directory-mock\/1",/);
      }
      assert.deepEqual(await answers(), before);
      const mock = await startMock(['--port', '0', '--data', dir.path]);
      assert.equal((await fetch(`${mock.baseUrl}/_mock/reset?seed=4&users=40`, { method: 'POST' })).status, 200);
      await mock.stop();
      assert.deepEqual(await hashDir(dir.path), seeded);
    } finally {
      await dir.remove();
    }
  });

  it('refuses a data file whose rows do not match their key sets, and leaves it untouched', async () => {
    const { run, untouched } = await startOnEditedFile('privacyidea', (text) => text.replace(/\n\[0,/, '\n[99,'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /privacyidea\.json is not a User Directory mock data file/);
    assert.ok(untouched);
  });

  it('refuses a data file of a later layout, naming it, and leaves it untouched', async () => {
    const { run, untouched } = await startOnEditedFile('snipe-it', (text) => text.replace('"format":"user-directory-mock/2"', '"format":"user-directory-mock/3"'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /snipe-it\.json is in a layout this version of the mock server does not read \(user-directory-mock\/3, from a later version\)/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.ok(untouched);
  });

  it('refuses a JSON file that is not mock data', async () => {
    const dir = await tempDir();
    try {
      await writeFile(join(dir.path, 'snipe-it.json'), '{"users": []}');
      const r = await runMock(['--port', '0', '--data', dir.path]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /snipe-it\.json is not a User Directory mock data file/);
    } finally {
      await dir.remove();
    }
  });
});

describe('control API', () => {
  it('resets to a new seed (JSON body), and restores the original seed byte for byte', async () => {
    const dir = await tempDir();
    try {
      // the seed files are written in the background after start-up; a stop waits for them
      const original = await seedInto(dir.path, ['--seed', '2', '--users', '30']);
      const mock = await startMock(['--port', '0', '--data', dir.path]);
      let res = await fetch(`${mock.baseUrl}/_mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seed": 9, "users": 12}' });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok', seed: 9, users: 12 });
      const reseeded = JSON.parse(await readFile(join(dir.path, 'itsm-ng.json'), 'utf8'));
      assert.deepEqual(reseeded.seed, { seed: 9, users: 12 });
      res = await fetch(`${mock.baseUrl}/_mock/reset?seed=2&users=30`, { method: 'POST' });
      assert.equal(res.status, 200);
      res = await fetch(`${mock.baseUrl}/_mock/reset`, { method: 'POST' });
      assert.deepEqual(await res.json(), { status: 'ok', seed: 2, users: 30 }, 'a plain reset restores the seed the data came from');
      await mock.stop();
      assert.deepEqual(await hashDir(dir.path), original);
    } finally {
      await dir.remove();
    }
  });

  it('counts every table of every product (/_mock/stats)', async () => {
    const mock = await startMock(['--port', '0', '--in-memory', '--users', '25', '--seed', '4']);
    try {
      const stats = await (await fetch(`${mock.baseUrl}/_mock/stats`)).json();
      assert.deepEqual(stats.seed, { seed: 4, users: 25 });
      assert.deepEqual(Object.keys(stats.products), ['itsm-ng', 'foreman', 'snipe-it', 'servicedesk-plus', 'privacyidea']);
      for (const tables of Object.values(stats.products) as Array<Record<string, number>>) {
        for (const n of Object.values(tables)) assert.equal(typeof n, 'number');
      }
      assert.ok(stats.products['itsm-ng'].users >= 25);
    } finally {
      await mock.stop();
    }
  });

  it('rejects bad reset input with 400 and keeps serving', async () => {
    const mock = await startMock(['--port', '0', '--in-memory']);
    try {
      for (const body of ['{"seed": -1}', '{"users": "many"}', '{"seed": 1, "colour": "red"}', '{not json']) {
        const res = await fetch(`${mock.baseUrl}/_mock/reset`, { method: 'POST', body });
        assert.equal(res.status, 400, body);
        assert.equal(typeof (await res.json()).error, 'string');
      }
      assert.equal((await fetch(`${mock.baseUrl}/_mock/health`)).status, 200);
    } finally {
      await mock.stop();
    }
  });

  it('journals product requests newest first, with secrets redacted, and not its own calls', async () => {
    const mock = await startMock(['--port', '0', '--in-memory']);
    try {
      await fetch(`${mock.baseUrl}/itsm-ng/apirest.php/initSession?app_token=very-secret-app&login=glpi&password=hunter2`, {
        headers: { Authorization: 'Basic Z2xwaTpnbHBp', 'App-Token': 'very-secret-app', 'Session-Token': 'sess-123' },
      });
      await fetch(`${mock.baseUrl}/snipe-it/api/v1/users`, { headers: { Authorization: 'Bearer snipe-secret', Accept: 'application/json' } });
      await fetch(`${mock.baseUrl}/_mock/health`);
      const res = await fetch(`${mock.baseUrl}/_mock/requests?limit=10`);
      assert.equal(res.status, 200);
      const { requests } = await res.json();
      assert.equal(requests.length, 2);
      assert.equal(requests[0].product, 'snipe-it');
      assert.equal(requests[0].method, 'GET');
      assert.equal(requests[0].path, '/snipe-it/api/v1/users');
      assert.equal(typeof requests[0].status, 'number');
      assert.equal(typeof requests[0].durationMs, 'number');
      assert.equal(requests[0].headers.authorization, 'Bearer [REDACTED]');
      assert.equal(requests[1].product, 'itsm-ng');
      assert.equal(requests[1].headers.authorization, 'Basic [REDACTED]');
      assert.equal(requests[1].headers['app-token'], '[REDACTED]');
      assert.equal(requests[1].headers['session-token'], '[REDACTED]');
      assert.match(requests[1].path, /app_token=\[REDACTED\]/);
      assert.match(requests[1].path, /password=\[REDACTED\]/);
      assert.match(requests[1].path, /login=glpi/);
      const text = JSON.stringify(requests);
      for (const secret of ['very-secret-app', 'hunter2', 'Z2xwaTpnbHBp', 'sess-123', 'snipe-secret']) assert.ok(!text.includes(secret), secret);
      assert.equal((await (await fetch(`${mock.baseUrl}/_mock/requests?limit=1`)).json()).requests.length, 1);
      assert.equal((await fetch(`${mock.baseUrl}/_mock/requests?limit=0`)).status, 400);
    } finally {
      await mock.stop();
    }
  });
});
