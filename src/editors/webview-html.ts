/**
 * The HTML shell of the user editor webview. Pure (no vscode import) so it can be tested and served
 * outside VS Code: the webview tests load exactly this page in headless Chromium.
 *
 * The shell carries no data at all: the panel title is the only text from outside, and it is escaped.
 * Everything else arrives by message (`init`) and is rendered by media/src/user-editor as text.
 */
import { randomBytes } from 'node:crypto';

export interface UserEditorHtmlOptions {
  /** `webview.cspSource`: the origin the webview's own resources are served from. */
  cspSource: string;
  /** A fresh nonce per page load (`newNonce()`). */
  nonce: string;
  /** The bundle, dist/media/user-editor.js, as a webview URI. */
  scriptUri: string;
  /** Stylesheets, dist/media/user-editor.css, as webview URIs. */
  styleUris: string[];
  /** dist/media/codicon.css as a webview URI (vscode-icon looks it up by the id below). */
  codiconUri: string;
  /** The document title (the panel's own title is set by the host). */
  title: string;
}

/** A crypto-random nonce for the Content-Security-Policy (base64url, 128 bits). */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** Builds the strict-CSP HTML document of the user editor. */
export function userEditorHtml(o: UserEditorHtmlOptions): string {
  if (!/^[A-Za-z0-9_-]{16,}$/.test(o.nonce)) throw new Error('userEditorHtml: the nonce must be at least 16 base64url characters.');
  const nonce = o.nonce;
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource} 'nonce-${nonce}'`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const styles = o.styleUris.map((href) => `    <link rel="stylesheet" nonce="${nonce}" href="${attr(href)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="stylesheet" id="vscode-codicon-stylesheet" nonce="${nonce}" href="${attr(o.codiconUri)}">
${styles}
    <title>${text(o.title)}</title>
  </head>
  <body>
    <div id="app" class="app" aria-busy="true">
      <p class="app-loading" role="status">Loading…</p>
    </div>
    <script nonce="${nonce}" src="${attr(o.scriptUri)}"></script>
  </body>
</html>
`;
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
