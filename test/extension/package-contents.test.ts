import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

/** What `npm run package` puts in the VSIX, as vsce computes it from .vscodeignore. */
describe('VSIX contents', () => {
  const files = execFileSync(process.execPath, [resolve('node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

  it('carries the bundles, the webview assets, the icon and the documents', () => {
    for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', 'dist/mock-server.js', 'dist/media/user-editor.js', 'dist/media/user-editor.css', 'dist/media/codicon.css', 'dist/media/codicon.ttf', 'media/icon.png', 'media/activity-bar.svg']) {
      assert.ok(files.includes(f), `${f} is packaged`);
    }
  });

  it('carries no sources, tests, source maps or dependencies', () => {
    const unwanted = files.filter((f) => /^(src|test|mock-server|bench|node_modules|out|\.ci)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts') || f.startsWith('media/src/') || f.startsWith('media/screenshots/'));
    assert.deepEqual(unwanted, []);
  });
});
