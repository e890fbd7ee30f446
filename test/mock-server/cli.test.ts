import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runMock, startMock, tempDir } from '../support/mock-process';

const PRODUCTS = ['itsm-ng', 'foreman', 'snipe-it', 'servicedesk-plus', 'privacyidea'];

describe('mock server command line', () => {
  it('prints the listening line first, then one line per product, and answers /_mock/health (--port 0)', async () => {
    const mock = await startMock(['--port', '0', '--in-memory']);
    try {
      const lines = mock.output().split('\n');
      assert.match(lines[0], /^Mock server listening on http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(mock.port, 0);
      assert.match(mock.output(), new RegExp(`${mock.baseUrl}/itsm-ng/apirest\\.php .*App-Token mock-app-token`));
      assert.match(mock.output(), new RegExp(`${mock.baseUrl}/foreman/api .*admin/changeme`));
      assert.match(mock.output(), new RegExp(`${mock.baseUrl}/snipe-it/api/v1 .*Bearer mock-snipe-it-token`));
      assert.match(mock.output(), new RegExp(`${mock.baseUrl}/servicedesk-plus/api/v3 .*authtoken: mock-sdp-authtoken`));
      assert.match(mock.output(), new RegExp(`${mock.baseUrl}/privacyidea .*admin/admin`));
      const res = await fetch(`${mock.baseUrl}/_mock/health`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok', products: PRODUCTS });
    } finally {
      await mock.stop();
    }
  });

  it('documents every flag in --help and exits 0', async () => {
    const r = await runMock(['--help']);
    assert.equal(r.code, 0);
    for (const flag of ['--host', '--port', '--data', '--in-memory', '--seed', '--users', '--body-limit', '--latency', '--idle-collect', '--fault', '--itsm-app-token', '--foreman-password', '--snipe-it-token', '--sdp-authtoken', '--sdp-oauthtoken', '--privacyidea-password', '--help']) {
      assert.ok(r.stdout.includes(flag), `--help mentions ${flag}`);
    }
  });

  const bad: Array<[string[], RegExp]> = [
    [['--bogus'], /unknown flag --bogus/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be between 0 and 65535/],
    [['--users', '-3'], /--users/],
    [['--seed', '1.5'], /--seed must be a whole number/],
    [['--data', 'x', '--in-memory'], /either --data DIR or --in-memory/],
    [['--port'], /--port needs a value/],
    [['--latency', 'slow'], /--latency must be MS or MIN-MAX/],
    [['--idle-collect', 'soon'], /--idle-collect must be a whole number/],
    [['--fault', 'product=nope'], /--fault/],
    [['extra'], /unexpected argument extra/],
  ];
  for (const [args, message] of bad) {
    it(`exits 2 with a one-line reason for ${args.join(' ')}`, async () => {
      const r = await runMock(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.equal(r.stdout, '');
    });
  }

  it('overrides credentials from flags and environment, and prints them', async () => {
    const mock = await startMock(['--port', '0', '--in-memory', '--foreman-password', 'flag-secret'], {
      USER_DIRECTORY_MOCK_SNIPE_IT_TOKEN: 'env-token',
    });
    try {
      assert.match(mock.output(), /admin\/flag-secret/);
      assert.match(mock.output(), /Bearer env-token/);
    } finally {
      await mock.stop();
    }
  });

  it('warns when bound to a non-loopback address', async () => {
    const mock = await startMock(['--port', '0', '--in-memory', '--host', '0.0.0.0']);
    try {
      assert.match(mock.errors(), /warning: listening on 0\.0\.0\.0/);
    } finally {
      await mock.stop();
    }
  });

  it('says which port is taken when it cannot listen', async () => {
    const first = await startMock(['--port', '0', '--in-memory']);
    try {
      const r = await runMock(['--port', String(first.port), '--in-memory']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`port ${first.port} .* already in use`));
    } finally {
      await first.stop();
    }
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`exits 0 on ${signal}`, async () => {
      const dir = await tempDir();
      try {
        const mock = await startMock(['--port', '0', '--data', dir.path]);
        const exit = await mock.stop(signal);
        assert.deepEqual(exit, { code: 0, signal: null });
      } finally {
        await dir.remove();
      }
    });
  }

  it('refuses an unusable data directory with a one-line error naming it', async () => {
    const r = await runMock(['--port', '0', '--data', '/dev/null/data']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /data directory \/dev\/null\/data is not usable/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
