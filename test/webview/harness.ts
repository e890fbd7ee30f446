/**
 * Serves the bundled user editor the way VS Code would (the real HTML shell from userEditorHtml,
 * its strict CSP, dist/media) and drives it in headless Chromium with a stub acquireVsCodeApi.
 *
 * The stub is a nonce'd inline script placed before the bundle. It records posted messages in
 * `window.__posted`, keeps setState in `window.__state`, and applies a VS Code theme's variables to
 * <html> (with CSSOM, as VS Code does — a style attribute would be refused by the CSP). Host
 * messages are sent with window.postMessage.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../src/editors/protocol';
import { newNonce, userEditorHtml } from '../../src/editors/webview-html';
import { launchChromium } from '../support/chromium';
import { THEMES, type ThemeName } from './themes';

export type InitMessage = Extract<HostMessage, { type: 'init' }>;

const ROOT = resolve(__dirname, '../..');
const MEDIA = join(ROOT, 'dist/media');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.map': 'application/json' };

export interface OpenOptions {
  theme?: ThemeName;
  viewport?: { width: number; height: number };
  /** What getState() returns at start (a page shown again after being hidden). */
  initialState?: unknown;
  /** Serve the page without its CSP (used to prove that data could not run even without it). */
  bypassCSP?: boolean;
  /** Skip sending `init` (tests that look at the page before it). */
  noInit?: boolean;
}

export interface EditorPage {
  page: Page;
  context: BrowserContext;
  /** Alerts/confirms/prompts the page opened. */
  dialogs: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  send(message: HostMessage): Promise<void>;
  posted(): Promise<WebviewMessage[]>;
  /** Posted messages of one type. */
  postedOf<T extends WebviewMessage['type']>(type: T): Promise<Extract<WebviewMessage, { type: T }>[]>;
  clearPosted(): Promise<void>;
  /** Waits until a message of this type has been posted (count: how many in total). */
  waitPosted<T extends WebviewMessage['type']>(type: T, count?: number): Promise<Extract<WebviewMessage, { type: T }>>;
  state(): Promise<unknown>;
  violations(): Promise<{ directive: string; blocked: string; sample: string }[]>;
  /** Lets Lit elements render (two animation frames). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export class Harness {
  private constructor(
    readonly browser: Browser,
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<Harness> {
    const browser = await launchChromium();
    const server = createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname === '/editor') {
          const theme = (url.searchParams.get('theme') ?? 'light') as ThemeName;
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(pageHtml(origin, theme));
          return;
        }
        if (url.pathname === '/favicon.ico') {
          res.writeHead(204).end();
          return;
        }
        if (url.pathname.startsWith('/media/')) {
          const file = normalize(join(MEDIA, url.pathname.slice('/media/'.length)));
          if (!file.startsWith(MEDIA)) throw new Error('outside media');
          const body = await readFile(file);
          res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
          res.end(body);
          return;
        }
        res.writeHead(404).end();
      })().catch(() => {
        if (!res.headersSent) res.writeHead(404);
        res.end();
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new Harness(browser, server, origin);
  }

  async open(init: InitMessage | undefined, o: OpenOptions = {}): Promise<EditorPage> {
    const context = await this.browser.newContext({ viewport: o.viewport ?? { width: 1280, height: 900 }, bypassCSP: o.bypassCSP ?? false, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // Test instrumentation (not part of the page): CSP violations from the very first byte.
    await page.addInitScript((state) => {
      const w = window as unknown as Record<string, unknown>;
      w.__violations = [];
      w.__initialState = state;
      document.addEventListener('securitypolicyviolation', (e) => {
        (w.__violations as unknown[]).push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
      });
    }, o.initialState ?? null);
    await page.goto(`${this.origin}/editor?theme=${o.theme ?? 'light'}`);
    const ep: EditorPage = {
      page,
      context,
      dialogs,
      errors,
      send: async (message) => {
        await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
        await ep.settle();
      },
      posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted),
      postedOf: async (type) => (await ep.posted()).filter((m) => m.type === type) as never,
      clearPosted: () => page.evaluate(() => void ((window as unknown as { __posted: unknown[] }).__posted.length = 0)),
      waitPosted: async (type, count = 1) => {
        await page.waitForFunction(([t, n]) => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === t).length >= (n as number), [type, count] as const, { timeout: 5000 });
        return (await ep.postedOf(type)).at(-1) as never;
      },
      state: () => page.evaluate(() => (window as unknown as { __state: unknown }).__state),
      violations: () => page.evaluate(() => (window as unknown as { __violations: never[] }).__violations),
      settle: () => page.evaluate(() => new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok())))),
      close: () => context.close(),
    };
    await ep.waitPosted('ready');
    if (init && !o.noInit) {
      await ep.send(init);
      await page.waitForSelector('.editor');
      await page.evaluate(async () => {
        await document.fonts.ready;
        const els = [...document.querySelectorAll('*')].filter((e) => e.tagName.startsWith('VSCODE-')) as unknown as { updateComplete?: Promise<unknown> }[];
        await Promise.all(els.map((e) => e.updateComplete));
      });
      await ep.settle();
    }
    return ep;
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}

/** The real shell, with the stub API injected as a nonce'd script right before the bundle. */
function pageHtml(origin: string, themeName: ThemeName): string {
  const nonce = newNonce();
  const html = userEditorHtml({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/media/user-editor.js`,
    styleUris: [`${origin}/media/user-editor.css`],
    codiconUri: `${origin}/media/codicon.css`,
    title: 'User editor',
  });
  const theme = THEMES[themeName];
  const stub = `
(() => {
  const theme = ${JSON.stringify(theme)};
  for (const [k, v] of Object.entries(theme.vars)) document.documentElement.style.setProperty(k, v);
  document.body.classList.add(theme.bodyClass);
  document.body.dataset.vscodeThemeKind = theme.bodyClass;
  window.__posted = [];
  let state = window.__initialState ?? undefined;
  window.__state = state;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return Object.freeze({
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => state,
      setState: (s) => { state = JSON.parse(JSON.stringify(s)); window.__state = state; return s; },
    });
  };
})();`;
  const bundleTag = `<script nonce="${nonce}" src="${origin}/media/user-editor.js"></script>`;
  if (!html.includes(bundleTag)) throw new Error('the shell no longer has the expected script tag');
  return html.replace(bundleTag, `<script nonce="${nonce}">${stub}</script>\n    ${bundleTag}`);
}

/** Counts <img> elements in the document and in every open shadow root. */
export async function countImages(page: Page): Promise<{ count: number; sources: string[] }> {
  // A string, not a function: tsx's name-keeping helpers do not exist in the page.
  return page.evaluate(`(() => {
    const sources = [];
    const walk = (root) => {
      for (const e of root.querySelectorAll('*')) {
        if (e.tagName === 'IMG') sources.push(e.getAttribute('src') ?? '');
        if (e.shadowRoot) walk(e.shadowRoot);
      }
    };
    walk(document);
    return { count: sources.length, sources };
  })()`);
}
