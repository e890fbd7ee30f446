/**
 * Screenshots of the editor for each product in VS Code's light and dark themes, with one unsaved
 * edit so the dirty state shows. Written to test-results/screenshots/ (artefacts; the README's pictures in
 * media/screenshots/ are chosen from them by hand, so a test run never changes tracked files).
 */
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PRODUCT_IDS, type ProductId } from '../../src/model';
import { fixture } from './fixtures';
import { Harness } from './harness';
import { fill } from './page-helpers';
import { THEMES, type ThemeName } from './themes';

const ROOT = resolve(__dirname, '../..');
const RESULTS = join(ROOT, 'test-results/screenshots');

/** The edit each screenshot shows. */
const EDITS: Record<ProductId, [string, string]> = {
  'itsm-ng': ['phone2', '+44 20 7946 0959'],
  foreman: ['timezone', 'Pacific Time (US & Canada)'],
  'snipe-it': ['mobile', '+1 757 555 0142'],
  'servicedesk-plus': ['jobtitle', 'Director, Apollo Flight Software'],
  privacyidea: ['phone', '+43 1 555 1914'],
};

let h: Harness;
before(async () => {
  h = await Harness.start();
  mkdirSync(RESULTS, { recursive: true });
});
after(async () => {
  await h?.stop();
});

describe('user editor screenshots', { concurrency: 2 }, () => {
  for (const product of PRODUCT_IDS) {
    for (const theme of ['light', 'dark'] as ThemeName[]) {
      it(`${product} (${theme})`, async () => {
        const ep = await h.open(fixture(product), { theme, viewport: { width: 1280, height: 860 } });
        try {
          const [key, value] = EDITS[product];
          await fill(ep, key, value);
          await ep.page.locator('h1.user-name').click(); // no focus ring, no caret in the picture
          await ep.settle();
          const bg = await ep.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
          assert.equal(bg, hexToRgb(THEMES[theme].vars['--vscode-editor-background']), 'the theme is applied');
          const fg = await ep.page.evaluate(() => getComputedStyle(document.querySelector('h1.user-name')!).color);
          assert.equal(fg, hexToRgb(THEMES[theme].vars['--vscode-foreground']));
          assert.equal(await ep.page.locator('.dirty-indicator').isVisible(), true);
          assert.deepEqual(await ep.violations(), []);
          const name = `editor-${product}-${theme}.png`;
          await ep.page.screenshot({ path: join(RESULTS, name), fullPage: true, animations: 'disabled' });
          assert.ok(statSync(join(RESULTS, name)).size > 20_000, `${name} has content`);
        } finally {
          await ep.close();
        }
      });
    }
  }
});

function hexToRgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
