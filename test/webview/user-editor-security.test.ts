/**
 * Data is text, never markup: a user named `<img src=x onerror=…>` (and the same in a field value,
 * a membership, an enum label, a held item, an error) renders as those characters. The page is
 * loaded WITHOUT its CSP for this (bypassCSP), so an injection would really run: the assertions
 * then fail on the created <img>, the fired dialog or the flag the handler sets. A second test
 * checks that the CSP itself is in force.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixture } from './fixtures';
import { countImages, Harness } from './harness';
import { banner, choose, control, valueOf } from './page-helpers';

const ALERT = '<img src=x onerror=alert(1)>';
const FLAG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';

let h: Harness;
before(async () => {
  h = await Harness.start();
});
after(async () => {
  await h?.stop();
});

describe('user editor: no script injection from data', () => {
  it('renders a hostile display name, field value, membership, enum label, help, held item and error as text', async () => {
    const init = fixture('snipe-it');
    init.user!.displayName = ALERT;
    init.user!.login = FLAG;
    init.connectionLabel = SCRIPT;
    init.values.first_name = ALERT;
    init.values.notes = `${FLAG}\n${SCRIPT}`;
    init.values.company_id = '9';
    init.fields.find((f) => f.key === 'company_id')!.options!.push({ value: '9', label: ALERT });
    init.fields.find((f) => f.key === 'jobtitle')!.help = FLAG;
    init.memberships![0].targetName = ALERT;
    init.memberships![1].detail = FLAG;
    init.heldItems![0].rows[0][1] = ALERT;
    init.heldItems![0].columns[3] = FLAG;

    const ep = await h.open(init, { bypassCSP: true });
    try {
      const pwned = () => ep.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
      // The header, subtitle, field values, membership, table and help show the characters.
      assert.equal(await ep.page.locator('h1.user-name').textContent(), ALERT);
      assert.equal(await ep.page.locator('h1.user-name').isVisible(), true);
      assert.equal(await ep.page.getByText(ALERT, { exact: true }).first().isVisible(), true);
      assert.ok((await ep.page.locator('.subtitle').textContent())?.includes(FLAG));
      assert.ok((await ep.page.locator('.subtitle').textContent())?.includes(SCRIPT));
      assert.equal(await valueOf(ep, 'first_name'), ALERT);
      assert.equal(await control(ep, 'first_name').locator('input').inputValue(), ALERT);
      assert.equal(await valueOf(ep, 'notes'), `${FLAG}\n${SCRIPT}`);
      assert.equal(await ep.page.locator('.membership-name').first().textContent(), ALERT);
      assert.equal(await ep.page.locator('.membership-detail').first().textContent(), FLAG);
      assert.equal(await ep.page.locator('.held-table td').nth(1).textContent(), ALERT);
      assert.equal(await ep.page.locator('.held-table th').nth(3).textContent(), FLAG);
      assert.equal(await ep.page.locator('.field[data-field="jobtitle"] .field-help').textContent(), FLAG);
      // The enum label, in the closed select and in its open list.
      assert.equal(await valueOf(ep, 'company_id'), '9');
      assert.equal(await control(ep, 'company_id').locator('vscode-option[value="9"]').textContent(), ALERT);
      await control(ep, 'company_id').click();
      await ep.settle();
      assert.equal(await control(ep, 'company_id').locator('li[role="option"]', { hasText: 'onerror' }).textContent().then((t) => t?.trim()), ALERT);
      await ep.page.keyboard.press('Escape');
      await ep.settle();
      await choose(ep, 'company_id', 'NASA Langley');
      assert.equal(await valueOf(ep, 'company_id'), '1');

      // The product's error and its field messages, too.
      await ep.send({ type: 'saveFailed', error: { message: ALERT, code: FLAG, status: 422, fields: { first_name: [FLAG], [ALERT]: [SCRIPT] } } });
      const text = (await banner(ep, 'error').textContent()) ?? '';
      assert.ok(text.includes(ALERT) && text.includes(FLAG) && text.includes(SCRIPT));
      assert.equal(await ep.page.locator('.field[data-field="first_name"] .field-message').textContent(), FLAG);
      await ep.send({ type: 'notice', message: FLAG, level: 'warning' });
      await ep.send({ type: 'memberships', memberships: [{ kind: 'group', id: '1', targetId: '1', targetName: FLAG, detail: ALERT, removable: true }] });
      assert.equal(await ep.page.locator('.membership-name').textContent(), FLAG);

      await new Promise((r) => setTimeout(r, 150)); // time for an image error handler to fire, were there one
      const images = await countImages(ep.page);
      assert.deepEqual(images, { count: 0, sources: [] }, 'no <img> was created from data');
      assert.equal(await ep.page.locator('script:not([src])').count(), 1, 'only the harness stub is an inline script');
      assert.deepEqual(ep.dialogs, [], 'no dialog fired');
      assert.equal(await pwned(), undefined, 'no handler ran');
      assert.deepEqual(ep.errors, []);
    } finally {
      await ep.close();
    }
  });

  it('does not let a picture be anything but an image data: URI', async () => {
    const init = fixture('itsm-ng');
    init.picture = 'javascript:alert(1)';
    const ep = await h.open(init, { bypassCSP: true });
    try {
      assert.deepEqual(await countImages(ep.page), { count: 0, sources: [] });
      assert.equal(await ep.page.locator('.avatar-icon').count(), 1);
    } finally {
      await ep.close();
    }
  });

  it('runs under the strict CSP with no violation, and the CSP does block injected code', async () => {
    const ep = await h.open(fixture('foreman'));
    try {
      // Everything the editor needs (bundle, stylesheet, codicon font, vscode-elements' shadow styles) loads under the CSP.
      assert.deepEqual(await ep.violations(), []);
      assert.equal(await ep.page.evaluate(() => getComputedStyle(document.querySelector('.topbar')!).position), 'sticky', 'the stylesheet applied');
      assert.equal(await ep.page.evaluate(() => document.fonts.check('16px codicon')), true, 'the codicon font loaded');
      // Injected code, were there a way to inject it, would not run:
      await ep.page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = 3';
        document.body.appendChild(s);
        const d = document.createElement('div');
        d.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__pwned=4" onload="window.__pwned=4">';
        document.body.appendChild(d);
        const x = document.createElement('img');
        x.src = 'https://example.invalid/track.png';
        document.body.appendChild(x);
      });
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(await ep.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      const directives = (await ep.violations()).map((v) => v.directive).sort();
      assert.deepEqual([...new Set(directives)], ['img-src', 'script-src-attr', 'script-src-elem']);
    } finally {
      await ep.close();
    }
  });
});
