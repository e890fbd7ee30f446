import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newNonce, userEditorHtml } from '../../src/editors/webview-html';

const base = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/user-editor.js',
  styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/user-editor.css'],
  codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/codicon.css',
  title: 'Ada Lovelace — ITSM-NG',
};

function csp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'a CSP meta tag');
  return m[1].replace(/&#39;/g, "'");
}

describe('user editor HTML shell', () => {
  it('has a strict CSP with the nonce, and nothing else may run or load', () => {
    const nonce = newNonce();
    const html = userEditorHtml({ ...base, nonce });
    const directives = Object.fromEntries(csp(html).split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    assert.deepEqual(directives, {
      'default-src': "'none'",
      'img-src': `${base.cspSource} data:`,
      'style-src': `${base.cspSource} 'nonce-${nonce}'`,
      'font-src': base.cspSource,
      'script-src': `'nonce-${nonce}'`,
      'base-uri': "'none'",
      'form-action': "'none'",
    });
    assert.doesNotMatch(csp(html), /unsafe-inline|unsafe-eval|\*/);
  });

  it('loads exactly one script, with the nonce, and styles with the nonce; no inline code or style', () => {
    const nonce = newNonce();
    const html = userEditorHtml({ ...base, nonce });
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][1].trim(), `nonce="${nonce}" src="${base.scriptUri}"`);
    assert.equal(scripts[0][2], '', 'no inline script');
    assert.doesNotMatch(html, /<style\b|\sstyle=|\son[a-z]+=/i);
    const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(links.length, 2);
    assert.ok(links.every((l) => l.includes(`nonce="${nonce}"`)));
    assert.ok(links.some((l) => l.includes('id="vscode-codicon-stylesheet"') && l.includes(base.codiconUri)), 'vscode-icon finds the codicon stylesheet by this id');
    assert.ok(links.some((l) => l.includes(base.styleUris[0])));
  });

  it('escapes the title and URIs (the title holds a user name)', () => {
    const html = userEditorHtml({ ...base, nonce: newNonce(), title: '<img src=x onerror=alert(1)> & "Ada"', scriptUri: 'https://x/a.js?"><script>' });
    assert.match(html, /<title>&lt;img src=x onerror=alert\(1\)&gt; &amp; "Ada"<\/title>/);
    assert.doesNotMatch(html, /<img/);
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
    assert.match(html, /src="https:\/\/x\/a\.js\?&quot;&gt;&lt;script&gt;"/);
  });

  it('makes crypto-random nonces and refuses weak ones', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => newNonce()));
    assert.equal(nonces.size, 200);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9_-]{22}$/);
    assert.throws(() => userEditorHtml({ ...base, nonce: 'abc' }), /nonce/);
    assert.throws(() => userEditorHtml({ ...base, nonce: `${newNonce()}' 'unsafe-inline` }), /nonce/);
  });
});
