// Drives the real VS Code workbench (code-server + Chromium) the way a user would: activity bar, welcome
// button, tree, webview editor, context menu, command palette, status bar. Screenshots go to VSCH_OUT.
import assert from 'node:assert/strict';
import { join } from 'node:path';

const PRODUCTS = [
  ['itsm-ng', 'Mock ITSM-NG'],
  ['foreman', 'Mock Foreman'],
  ['snipe-it', 'Mock Snipe-IT'],
  ['servicedesk-plus', 'Mock ServiceDesk Plus'],
  ['privacyidea', 'Mock privacyIDEA'],
];

const row = (page, name) => page.getByRole('treeitem', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) }).first();

async function expand(page, name) {
  const item = row(page, name);
  await item.waitFor();
  if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click();
  await page.waitForFunction((n) => [...document.querySelectorAll('[role=treeitem]')].some((e) => e.getAttribute('aria-label')?.startsWith(n) && e.getAttribute('aria-expanded') === 'true'), name);
}

async function collapse(page, name) {
  const item = row(page, name);
  if ((await item.getAttribute('aria-expanded')) === 'true') await item.click();
}

/** The mock server's base URL, read from the status bar item ("Mock :PORT"). */
async function mockBase(page) {
  const item = page.locator('.statusbar-item', { hasText: /Mock :\d+/ }).first();
  await item.waitFor();
  const port = /:(\d+)/.exec(await item.innerText())[1];
  return `http://127.0.0.1:${port}`;
}

/** Takes keyboard focus back from a webview, so workbench keys (F1) reach the workbench. */
async function leaveWebview(page) {
  // a click on an empty, non-focusable spot takes focus away from the webview's iframe
  const bar = await page.locator('.part.statusbar').boundingBox();
  await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2);
}

/** Runs a palette command by clicking its exact row (Enter would take the best fuzzy match). */
async function palette(page, title) {
  await leaveWebview(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first().click();
}

/**
 * Runs an item of the open context menu from the keyboard. A click on it was now and then dropped (the
 * menu stayed open with the item highlighted), so: hover to focus it, wait for the focus, press Enter.
 */
async function menuCommand(page, name) {
  const item = page.getByRole('menuitem', { name });
  await item.hover();
  await page.waitForFunction((el) => el.matches(':focus'), await item.elementHandle());
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'hidden' });
}

/** Switches the colour theme through the palette and waits for the workbench to repaint. */
async function theme(page, vscode, name) {
  await palette(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input[placeholder*="Color Theme"]');
  await input.waitFor();
  await input.fill(name);
  // Enter applies the focused row: wait until the filter has put the wanted theme there
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor();
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  const dark = /dark/i.test(name);
  await page.waitForFunction((d) => document.querySelector('.monaco-workbench')?.classList.contains(d ? 'vs-dark' : 'vs'), dark);
  await page.waitForTimeout(500); // webviews repaint a moment after the workbench
}

export default async function ({ page, vscode, outDir }) {
  await vscode.openViewContainer(/User Directory/);

  // an empty view offers to start the mock server
  const start = page.getByRole('button', { name: 'Start Mock Server and Connect' });
  await start.waitFor();
  await vscode.screenshot('welcome');
  await start.click();
  for (const [, label] of PRODUCTS) await row(page, label).waitFor({ timeout: 60_000 });
  const base = await mockBase(page);
  await page.locator('.statusbar-item', { hasText: /Mock :\d+/ }).first().screenshot({ path: join(outDir, 'status-bar.png') });

  // every product shows its own categories and pages its users
  for (const [product, label] of PRODUCTS) {
    await expand(page, label);
    await expand(page, `Users`);
    const shown = () => page.getByRole('treeitem').filter({ has: page.locator('.codicon-account, .codicon-circle-slash, .codicon-shield, .codicon-tools') }).count();
    const before = await shown();
    await page.getByRole('treeitem', { name: /^Load more…/ }).first().click();
    await page.waitForFunction((n) => [...document.querySelectorAll('[role=treeitem] .codicon-account, [role=treeitem] .codicon-circle-slash, [role=treeitem] .codicon-shield, [role=treeitem] .codicon-tools')].length > n, before);
    await vscode.screenshot(`tree-${product}`);
    await collapse(page, 'Users');
    await collapse(page, label);
  }

  // open a Foreman user, edit in the webview, save with Ctrl+S, verify over HTTP
  await expand(page, 'Mock Foreman');
  await expand(page, 'Users');
  const users = page.getByRole('treeitem').filter({ has: page.locator('.codicon-account') });
  await users.first().click();
  const web = vscode.webview();
  const description = web.locator('.control[data-key="description"] textarea');
  await description.waitFor({ timeout: 30_000 });
  const login = (await web.locator('.control[data-key="login"] input').inputValue()).trim();
  await description.fill('Edited in a real VS Code by the UI test');
  await theme(page, vscode, 'Dark Modern');
  await vscode.screenshot('editor-dark');
  await description.press('Control+s');
  await web.getByText(/^Saved .+ on Mock Foreman\.$/).first().waitFor({ timeout: 30_000 });
  const auth = { Authorization: `Basic ${Buffer.from('admin:changeme').toString('base64')}` };
  const wire = await (await fetch(`${base}/foreman/api/users/${encodeURIComponent(login)}`, { headers: auth })).json();
  assert.equal(wire.description, 'Edited in a real VS Code by the UI test');

  // the same editor in a light theme
  await theme(page, vscode, 'Light Modern');
  await vscode.screenshot('editor-light');

  // a context-menu action: disable the second user, verified over HTTP
  const second = users.nth(1);
  const secondLabel = (await second.getAttribute('aria-label')) ?? '';
  await second.click({ button: 'right' });
  await menuCommand(page, 'Disable User');
  await page.waitForFunction(
    (l) => [...document.querySelectorAll('[role=treeitem]')].some((e) => e.getAttribute('aria-label')?.startsWith(l.split(',')[0]) && /disabled/.test(e.textContent ?? '')),
    secondLabel,
    { timeout: 30_000 },
  );
  const disabled = await (await fetch(`${base}/foreman/api/users?search=disabled%20%3D%20true&per_page=1000`, { headers: auth })).json();
  assert.ok(disabled.results.length > 0, 'a disabled user on the server');

  // the command palette: search users of a connection
  await palette(page, 'User Directory: Search Users…');
  const choose = page.locator('.quick-input-widget input[placeholder="Choose a connection"]');
  await choose.waitFor();
  await choose.fill('Mock ITSM-NG');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Mock ITSM-NG' }).first().click();
  const query = page.locator('.quick-input-widget input[placeholder*="Login, last name"]');
  await query.waitFor();
  await query.fill('an');
  await query.press('Enter');
  await page.getByRole('treeitem', { name: /^Search: an/ }).waitFor({ timeout: 30_000 });
  await vscode.screenshot('search');

  // stop the mock server from the palette; the status bar follows
  await palette(page, 'User Directory: Stop Mock Server');
  await page.locator('.statusbar-item', { hasText: 'Mock: stopped' }).first().waitFor({ timeout: 30_000 });
}
