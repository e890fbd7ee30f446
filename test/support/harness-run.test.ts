import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runHarness, STARTUP_ATTEMPTS, STARTUP_RACE } from './harness-run.mjs';

/**
 * A stand-in for the workplace harness: each run appends a line to a count file, then prints and exits as
 * told for that attempt (the last instruction repeats).
 */
async function fakeHarness(dir: string, name: string, attempts: Array<{ stderr: string; status: number }>): Promise<{ path: string; runs(): Promise<number> }> {
  const count = join(dir, `${name}.count`);
  const cases = attempts
    .map((a, i) => `  ${i + 1}) printf '%s\\n' ${JSON.stringify(a.stderr)} >&2; exit ${a.status};;`)
    .join('\n');
  const last = attempts[attempts.length - 1]!;
  const script = `echo run >> ${JSON.stringify(count)}\nn=$(wc -l < ${JSON.stringify(count)})\ncase $n in\n${cases}\n  *) printf '%s\\n' ${JSON.stringify(last.stderr)} >&2; exit ${last.status};;\nesac\n`;
  const path = join(dir, `${name}.sh`);
  await writeFile(path, script);
  return { path, runs: async () => (await readFile(count, 'utf8').catch(() => '')).split('\n').filter(Boolean).length };
}

const raced = { stderr: `[vscode-harness] error: ${STARTUP_RACE}`, status: 2 };

describe('runHarness: the VS Code harness runner', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'harness-run-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('passes the arguments and returns 0 after one run when the harness passes', async () => {
    const fake = await fakeHarness(dir, 'pass', [{ stderr: 'ok', status: 0 }]);
    assert.equal(await runHarness(fake.path, ['test', '.']), 0);
    assert.equal(await fake.runs(), 1);
  });

  it('starts again after the process-group race, and returns the next run’s result', async () => {
    const fake = await fakeHarness(dir, 'race-then-pass', [raced, { stderr: 'ok', status: 0 }]);
    assert.equal(await runHarness(fake.path, ['test']), 0);
    assert.equal(await fake.runs(), 2);
    const fails = await fakeHarness(dir, 'race-then-fail', [raced, { stderr: '1 failing', status: 1 }]);
    assert.equal(await runHarness(fails.path, ['test']), 1);
    assert.equal(await fails.runs(), 2);
  });

  it(`gives up after ${STARTUP_ATTEMPTS} races with the harness’s exit code`, async () => {
    const fake = await fakeHarness(dir, 'always-race', [raced]);
    assert.equal(await runHarness(fake.path, ['ui']), 2);
    assert.equal(await fake.runs(), STARTUP_ATTEMPTS);
  });

  it('never repeats failed tests, a timeout or any other harness error', async () => {
    for (const [name, outcome] of [
      ['tests-failed', { stderr: `${STARTUP_RACE}? no: 3 failing`, status: 1 }],
      ['timed-out', { stderr: 'timed out', status: 124 }],
      ['other-error', { stderr: '[vscode-harness] error: code-server exited during start', status: 2 }],
    ] as const) {
      const fake = await fakeHarness(dir, name, [outcome, { stderr: 'ok', status: 0 }]);
      assert.equal(await runHarness(fake.path, ['test']), outcome.status, name);
      assert.equal(await fake.runs(), 1, name);
    }
  });
});
