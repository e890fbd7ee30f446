// The one test command (`npm test`, what CI runs): build, type-check, then every suite —
// unit and black-box HTTP tests (mock server, extension backends against it), the webview in headless
// Chromium, and the extension in a real VS Code (code-server, with a UI script). Each suite installs what
// it needs on first use. `node test/run.mjs <files…>` runs only those node test files.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function run(cmd, args, opts = {}) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n✘ ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ done in ${Math.round((Date.now() - started) / 1000)} s`);
}

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const only = process.argv.slice(2);
run(process.execPath, ['esbuild.js']);
if (only.length) {
  run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...only]);
} else {
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--noEmit']);
  const files = ['test/mock-server', 'test/extension', 'test/webview', 'test/support'].flatMap((d) => testFiles(d));
  run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files]);
  run(process.execPath, ['test/integration/run-in-code-server.mjs']);
}
