import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startMock, tempDir, type RunningMock } from '../support/mock-process';

/**
 * Nothing acknowledged is ever lost: under 1,000 concurrent writes, across a clean restart, and across
 * SIGKILL in the middle of a write storm. Exercised through ServiceDesk Plus (any product shares the store).
 */
const SDP = { authtoken: 'mock-sdp-authtoken', 'content-type': 'application/x-www-form-urlencoded' };

function send(base: string, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = request(`${base}${path}`, { method, headers: SDP, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve({ status: 0, text }));
    });
    req.on('error', () => resolve({ status: 0, text: '' }));
    if (body) req.write(body);
    req.end();
  });
}

const form = (value: unknown) => `input_data=${encodeURIComponent(JSON.stringify(value))}`;
const create = (base: string, login: string) => send(base, 'POST', '/servicedesk-plus/api/v3/users', form({ user: { name: `Crash ${login}`, login_name: login } }));
const update = (base: string, id: string, phone: string) => send(base, 'PUT', `/servicedesk-plus/api/v3/users/${id}`, form({ user: { phone } }));

async function usersByLogin(base: string, prefix: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let start = 1; ; start += 100) {
    const q = form({ list_info: { start_index: start, row_count: 100, search_criteria: { field: 'login_name', condition: 'starts with', value: prefix } }, fields_required: ['login_name'] });
    const res = await send(base, 'GET', `/servicedesk-plus/api/v3/users?${q}`);
    const body = JSON.parse(res.text);
    for (const u of body.users) counts.set(u.login_name, (counts.get(u.login_name) ?? 0) + 1);
    if (!body.list_info.has_more_rows) return counts;
  }
}

/** Every data file parses as JSON (snapshots and log segments alike). */
async function assertFilesParse(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await assertFilesParse(path);
    else if (entry.name.endsWith('.json') && !entry.name.startsWith('.')) JSON.parse(await readFile(path, 'utf8'));
  }
}

describe('durability', () => {
  it('keeps every one of 1,000 concurrent creates and updates across a restart, none duplicated', async () => {
    const dir = await tempDir();
    let mock: RunningMock | undefined;
    try {
      mock = await startMock(['--port', '0', '--data', dir.path, '--users', '50']);
      const base = mock.baseUrl;
      const existing = JSON.parse((await send(base, 'GET', `/servicedesk-plus/api/v3/users?${form({ list_info: { row_count: 100 }, fields_required: ['name'] })}`)).text).users.map((u: { id: string }) => u.id) as string[];
      const results = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          i % 2 === 0 ? create(base, `conc${i}`).then((r) => ({ kind: 'create' as const, i, r })) : update(base, existing[i % existing.length], `+1 555 ${i}`).then((r) => ({ kind: 'update' as const, i, r })),
        ),
      );
      const acked = results.filter((x) => x.r.status === 200);
      assert.equal(acked.length, 1000, 'all 1,000 acknowledged');
      await mock.stop();
      mock = await startMock(['--port', '0', '--data', dir.path]);
      const counts = await usersByLogin(mock.baseUrl, 'conc');
      for (const a of acked.filter((x) => x.kind === 'create')) assert.equal(counts.get(`conc${a.i}`), 1, `conc${a.i} stored exactly once`);
      assert.equal(counts.size, 500);
      const lastPhone = new Map<string, string>();
      for (const a of acked.filter((x) => x.kind === 'update')) lastPhone.set(existing[a.i % existing.length], `+1 555 ${a.i}`);
      for (const [id, phones] of lastPhone) {
        const user = JSON.parse((await send(mock.baseUrl, 'GET', `/servicedesk-plus/api/v3/users/${id}`)).text).user;
        assert.match(user.phone, /^\+1 555 \d+$/, `update of ${id} kept (last write ${phones})`);
      }
    } finally {
      await mock?.stop();
      await dir.remove();
    }
  });

  for (let round = 1; round <= 3; round++) {
    it(`survives SIGKILL during a write storm (round ${round}): files parse, acknowledged writes are there`, async () => {
      const dir = await tempDir();
      let mock: RunningMock | undefined;
      try {
        mock = await startMock(['--port', '0', '--data', dir.path, '--users', '50']);
        const base = mock.baseUrl;
        const acknowledged: string[] = [];
        let stop = false;
        const writer = async (w: number) => {
          for (let n = 0; !stop; n++) {
            const login = `storm${round}w${w}n${n}`;
            const r = await create(base, login);
            if (r.status === 200) acknowledged.push(login);
          }
        };
        const writers = Array.from({ length: 16 }, (_, w) => writer(w));
        await new Promise((r) => setTimeout(r, 300 + round * 250));
        const killed = mock.stop('SIGKILL');
        stop = true;
        assert.deepEqual(await killed, { code: null, signal: 'SIGKILL' });
        await Promise.all(writers);
        assert.ok(acknowledged.length > 20, `${acknowledged.length} writes acknowledged before the kill`);
        await assertFilesParse(dir.path);
        mock = await startMock(['--port', '0', '--data', dir.path]);
        const counts = await usersByLogin(mock.baseUrl, `storm${round}`);
        for (const login of acknowledged) assert.equal(counts.get(login), 1, `${login} was acknowledged, so it must be there once`);
      } finally {
        await mock?.stop();
        await dir.remove();
      }
    });
  }
});
