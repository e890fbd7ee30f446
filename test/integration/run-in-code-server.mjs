// Runs the real-VS-Code suites in VS Code 1.100 served by code-server, driven by Debian's Chromium:
// the extension-host tests (test/integration/*.test.ts) and the UI scripts (test/ui/*.mjs), which
// save screenshots into test-results/screenshots. Installs what it needs (idempotent, cached).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHarness } from '../support/harness-run.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The workplace's harness: VSCH_SCRIPT, or shared/vscode-harness beside the checkout or one of its parent
 * folders — or beside the repository this one was cloned from, when that is a local path.
 */
function findHarness() {
  if (process.env.VSCH_SCRIPT) return resolve(process.env.VSCH_SCRIPT);
  const starts = [root];
  const origin = spawnSync('git', ['remote', 'get-url', 'origin'], { cwd: root, encoding: 'utf8' }).stdout?.trim();
  if (origin && !/^[a-z+]+:\/\//i.test(origin) && !/^[^/]+@[^:]+:/.test(origin) && existsSync(origin)) starts.push(resolve(root, origin));
  for (const start of starts) {
    for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
      const candidate = join(dir, '..', 'shared', 'vscode-harness', 'run-in-code-server.sh');
      if (existsSync(candidate)) return resolve(candidate);
    }
  }
  return undefined;
}

const found = findHarness();
if (process.argv[2] === '--where') {
  if (found) console.log(found);
  process.exit(found ? 0 : 1);
}
if (!found) {
  console.error('run-in-code-server: the vscode harness (shared/vscode-harness/run-in-code-server.sh) was not found; set VSCH_SCRIPT to its path, or run `npm run test:electron` where VS Code can be downloaded.');
  process.exit(1);
}
async function run(args, extraEnv = {}) {
  const status = await runHarness(found, args, { cwd: root, env: { ...process.env, ...extraEnv } });
  if (status !== 0) process.exit(status);
}

const build = spawnSync(process.execPath, ['esbuild.js', '--tests'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const only = process.argv[2];
if (!only || only === 'tests') await run(['test', '.', 'out/test/integration/index.js']);
if (!only || only === 'ui') {
  for (const script of readdirSync(join(root, 'test/ui')).filter((f) => f.endsWith('.mjs')).sort()) {
    // the UI scripts' settings: the harness's quiet defaults plus a small page size and dark theme
    await run(['ui', '.', `test/ui/${script}`], { VSCH_OUT: join(root, 'test-results', 'screenshots'), VSCH_SETTINGS: join(root, 'test/ui/settings.json') });
  }
}
