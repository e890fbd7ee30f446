// Bundles the extension, the mock server and the webview front-ends into dist/.
//   node esbuild.js               development build (sourcemaps, not minified)
//   node esbuild.js --production  minified, no sourcemaps (what the VSIX ships)
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also the real-VS-Code test suites into out/test/integration
const esbuild = require('esbuild');
const { chmodSync, cpSync, mkdirSync, rmSync } = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Prints errors the way VS Code's esbuild problem matcher expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log(`[watch] build started (${build.initialOptions.outfile ?? build.initialOptions.outdir})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  plugins: watch ? [problemMatcher] : [],
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['mock-server/src/cli.ts'],
    outfile: 'dist/mock-server.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    // The user editor's script and its stylesheet (dist/media/user-editor.js + user-editor.css).
    entryPoints: [
      { in: 'media/src/user-editor/main.ts', out: 'user-editor' },
      { in: 'media/src/user-editor/styles.css', out: 'user-editor' },
    ],
    outdir: 'dist/media',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    loader: { '.css': 'css' },
  },
];

if (tests) {
  for (const dir of ['test/integration', 'bench/vscode']) {
    targets.push({
      ...common,
      entryPoints: require('node:fs')
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${dir}/${f}`),
      outdir: `out/${dir}`,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: ['vscode', 'mocha'],
    });
  }
}

/** Static assets the webviews load: the codicon font and its stylesheet, the editor tab icon. */
function copyAssets() {
  const codicons = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  mkdirSync('dist/media', { recursive: true });
  cpSync(path.join(codicons, 'codicon.css'), 'dist/media/codicon.css');
  cpSync(path.join(codicons, 'codicon.ttf'), 'dist/media/codicon.ttf');
  cpSync('media/user-editor-icon.svg', 'dist/media/user-editor-icon.svg');
}

async function main() {
  // a production build starts clean, so no development source map ends up in the VSIX
  if (production) rmSync('dist', { recursive: true, force: true });
  copyAssets();
  if (watch) {
    const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(targets.map((t) => esbuild.build(t)));
  chmodSync('dist/mock-server.js', 0o755);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
