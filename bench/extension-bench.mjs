// Extension figures: bundle size, and — in a real VS Code (code-server harness) — activation time and
// the first page of the tree against the benchmark's mock server at full size.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHarness } from '../test/support/harness-run.mjs';

function findHarness(root) {
  const found = spawnSync(process.execPath, [join(root, 'test/integration/run-in-code-server.mjs'), '--where'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export async function measureExtension(root, users, dataDir) {
  const result = { bundleKb: Math.round(statSync(join(root, 'dist', 'extension.js')).size / 1024) };
  const harness = findHarness(root);
  if (process.env.BENCH_VSCODE === '0' || !harness) return { ...result, note: harness ? 'skipped (BENCH_VSCODE=0)' : 'no VS Code harness found' };
  const built = spawnSync(process.execPath, ['esbuild.js', '--production', '--tests'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) return { ...result, note: 'build failed' };
  const mock = spawn(process.execPath, ['dist/mock-server.js', '--port', '0', '--data', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((done) => {
    let out = '';
    mock.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)[\s\S]*Control API/.exec(out);
      if (m) done(m[1]);
    });
  });
  const resultFile = join(mkdtempSync(join(tmpdir(), 'udm-ext-')), 'timing.json');
  const status = await runHarness(harness, ['test', '.', 'out/bench/vscode/extension-timing.js'], {
    cwd: root,
    env: { ...process.env, BENCH_MOCK_URL: url, BENCH_RESULT_FILE: resultFile },
  });
  mock.kill('SIGTERM');
  if (status !== 0 || !existsSync(resultFile)) return { ...result, note: 'the VS Code run failed' };
  return { ...result, ...JSON.parse(readFileSync(resultFile, 'utf8')), users };
}
