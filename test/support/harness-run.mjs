// Runs the workplace's VS Code harness (run-in-code-server.sh) once per suite, its output shown as it comes.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The harness checks the server's process group right after starting it in the background, and can look
 * before `setsid` has run (measured here: 5 of 200 starts of an idle shell). It then stops that server and
 * exits 2 before any test ran, so that one failure is retried; every other result stands.
 */
export const STARTUP_RACE = 'code-server did not get its own process group';
export const STARTUP_ATTEMPTS = 3;

/** One run: resolves to its exit code and whether it stopped at the process-group check. */
function runOnce(harness, args, options) {
  return new Promise((done, fail) => {
    const child = spawn('bash', [harness, ...args], { cwd: options.cwd, env: options.env, stdio: ['inherit', 'inherit', 'pipe'] });
    let raced = false;
    let tail = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-4096);
      if (tail.includes(STARTUP_RACE)) raced = true;
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ status: code ?? (signal ? 1 : 0), raced }));
  });
}

/**
 * Runs `bash harness ...args` (from a private copy of the script, as the harness asks, with its cache in
 * ~/.cache/vscode-harness unless VSCH_CACHE says otherwise) until it passes, fails for real, or hits the
 * start-up race STARTUP_ATTEMPTS times; resolves to its last exit code.
 */
export async function runHarness(harness, args, options = {}) {
  const copy = join(mkdtempSync(join(tmpdir(), 'vsch-')), 'run-in-code-server.sh');
  copyFileSync(harness, copy);
  const env = options.env ?? process.env;
  const run = { cwd: options.cwd, env: { ...env, VSCH_CACHE: env.VSCH_CACHE ?? join(homedir(), '.cache', 'vscode-harness') } };
  for (let attempt = 1; ; attempt++) {
    console.log(`\n$ run-in-code-server.sh ${args.join(' ')}`);
    const { status, raced } = await runOnce(copy, args, run);
    if (status !== 2 || !raced || attempt >= STARTUP_ATTEMPTS) return status;
    console.error(`run-in-code-server: the harness stopped at its process-group check before any test ran; starting again (attempt ${attempt + 1} of ${STARTUP_ATTEMPTS})`);
  }
}
