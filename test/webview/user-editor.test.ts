/**
 * The user editor webview in real headless Chromium: the bundled page (dist/media/user-editor.js)
 * under its strict CSP, driven through a stub acquireVsCodeApi. Run `node esbuild.js` first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EditorUser } from '../../src/editors/protocol';
import { PRODUCT_IDS, type FieldValues, type ProductId } from '../../src/model';
import { FIXTURES, fixture } from './fixtures';
import { Harness, type EditorPage } from './harness';
import { actionButton, banner, choose, command, control, fill, focused, isDisabled, messagesOf, row, toggle, valueOf } from './page-helpers';

const GROUP_ORDER = ['identity', 'contact', 'organisation', 'security', 'product'];

let h: Harness;
before(async () => {
  h = await Harness.start();
});
after(async () => {
  await h?.stop();
});

/** Opens, runs, and closes; fails on page errors or CSP violations. */
async function withEditor(init: Parameters<Harness['open']>[0], run: (ep: EditorPage) => Promise<void>, opts: Parameters<Harness['open']>[1] = {}): Promise<void> {
  const ep = await h.open(init, opts);
  try {
    await run(ep);
    assert.deepEqual(await ep.violations(), [], 'no Content-Security-Policy violations');
    assert.deepEqual(ep.errors, [], 'no page errors');
  } finally {
    await ep.close();
  }
}

const EXPECTED_ACTIONS: Record<ProductId, string[]> = {
  'itsm-ng': ['disable', 'delete', 'copyJson', 'openInWebUi'],
  foreman: ['disable', 'delete', 'copyJson', 'openInWebUi'],
  'snipe-it': ['disable', 'delete', 'copyJson', 'openInWebUi'],
  'servicedesk-plus': ['changeToTechnician', 'delete', 'copyJson', 'openInWebUi'],
  privacyidea: ['delete', 'copyJson', 'openInWebUi'],
};

describe('user editor: rendering', { concurrency: 2 }, () => {
  for (const product of PRODUCT_IDS) {
    it(`renders the ${product} form from its FieldSpecs: sections, labels bound to controls, required markers, help, values`, async () => {
      const init = fixture(product);
      await withEditor(init, async (ep) => {
        const visible = init.fields.filter((f) => f.only !== 'create');
        const expectedOrder = GROUP_ORDER.flatMap((g) => visible.filter((f) => f.group === g).map((f) => f.key));
        const rows = await ep.page.locator('.field[data-field]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.field));
        assert.deepEqual(rows, expectedOrder, 'one row per visible field, grouped identity → contact → organisation → security → product');
        for (const hidden of init.fields.filter((f) => f.only === 'create')) assert.equal(await row(ep, hidden.key).count(), 0, `${hidden.key} is create-only`);

        const titles: Record<string, string> = { identity: 'Identity', contact: 'Contact', organisation: 'Organisation', security: 'Security and sign-in', product: `${init.productTitle} specifics` };
        const sections = await ep.page.locator('.form-section .section-title').allTextContents();
        assert.deepEqual(sections, GROUP_ORDER.filter((g) => visible.some((f) => f.group === g)).map((g) => titles[g]));

        for (const spec of visible) {
          const info = await control(ep, spec.key).evaluate((c) => {
            const id = c.id;
            const label = document.querySelector(`vscode-label[for="${id}"]`);
            const described = (c.getAttribute('aria-describedby') ?? '').split(' ').map((i) => document.getElementById(i)?.textContent ?? '');
            return {
              id,
              tag: c.tagName.toLowerCase(),
              labelText: label ? [...label.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('') : null,
              labelRequired: label?.hasAttribute('required') ?? false,
              ariaLabel: (c as unknown as { label?: string }).label ?? null,
              ariaRequired: c.getAttribute('aria-required'),
              described,
            };
          });
          const required = !!spec.required && !spec.readOnly && !(spec.type === 'password');
          if (spec.type === 'boolean' && !spec.readOnly) {
            assert.equal(info.tag, 'vscode-checkbox', spec.key);
            assert.equal(info.ariaLabel, spec.label, `${spec.key}: the checkbox carries its label`);
          } else {
            assert.ok(info.id, `${spec.key} has an id`);
            assert.equal(info.labelText, spec.label, `${spec.key}: <vscode-label for=${info.id}>`);
            assert.equal(info.labelRequired, required, `${spec.key}: required marker`);
            assert.equal(await row(ep, spec.key).locator('vscode-label .visually-hidden').count(), required ? 1 : 0, `${spec.key}: "(required)" for screen readers`);
            assert.ok(info.ariaLabel?.startsWith(spec.label), `${spec.key}: the inner input is named by its label`);
          }
          assert.equal(info.ariaRequired, required ? 'true' : null, `${spec.key}: aria-required`);
          if (spec.help) assert.ok(info.described.includes(spec.help), `${spec.key}: help text is linked with aria-describedby`);
          const expectedTag = spec.readOnly ? 'vscode-textfield' : { enum: 'vscode-single-select', 'multi-enum': 'vscode-multi-select', boolean: 'vscode-checkbox', text: 'vscode-textarea' }[spec.type as string] ?? 'vscode-textfield';
          assert.equal(info.tag, expectedTag, `${spec.key}: ${spec.type} control`);

          const v = init.values[spec.key];
          const shown = await valueOf(ep, spec.key);
          if (spec.type === 'password') assert.equal(shown, '');
          else if (spec.type === 'boolean') assert.equal(shown, v === true);
          else if (spec.type === 'multi-enum') assert.deepEqual(shown, v ?? []);
          else if (spec.readOnly || spec.type !== 'enum') assert.equal(shown, v === null || v === undefined ? '' : String(v), spec.key);
          else assert.equal(shown, String(v ?? ''), spec.key);
        }

        assert.equal(await ep.page.locator('h1.user-name').textContent(), init.user?.displayName);
        const subtitle = await ep.page.locator('.subtitle').textContent();
        for (const part of [init.user?.login, init.connectionLabel, init.productTitle]) assert.ok(subtitle?.includes(part ?? ''), `subtitle shows ${part}`);
        const actions = await ep.page.locator('vscode-button[data-action]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action));
        assert.deepEqual(actions, EXPECTED_ACTIONS[product]);
        assert.equal(await command(ep, 'save').count(), 1);
        assert.equal(await isDisabled(command(ep, 'save')), true, 'Save is disabled until something changes');
      });
    });
  }

  it('shows product extras: ITSM-NG picture, Snipe-IT held items, Foreman admin badge and read-only auth source', async () => {
    await withEditor(fixture('itsm-ng'), async (ep) => {
      const src = await ep.page.locator('img.avatar-picture').getAttribute('src');
      assert.equal(src, FIXTURES['itsm-ng'].edit.picture);
      assert.equal(await ep.page.locator('img.avatar-picture').getAttribute('alt'), 'Picture of Ada Lovelace');
      assert.ok(await ep.page.locator('img.avatar-picture').evaluate((i) => (i as HTMLImageElement).naturalWidth > 0), 'the data: picture loads under the CSP');
    });
    await withEditor(fixture('snipe-it'), async (ep) => {
      const tables = ep.page.locator('.held');
      assert.deepEqual((await tables.locator('h2').allTextContents()).map((t) => t.replace(/\d+$/, '')), ['Assets', 'Licenses', 'Accessories']);
      assert.deepEqual(await tables.nth(0).locator('th[scope="col"]').allTextContents(), ['Asset tag', 'Name', 'Model', 'Serial']);
      assert.deepEqual(await tables.nth(0).locator('tbody tr').nth(1).locator('td').allTextContents(), ['LRC-00917', 'Travel laptop', 'ThinkPad X1 Carbon', 'PF3KL9ZB']);
      assert.equal(await tables.nth(2).locator('.empty').textContent(), 'No accessories.');
      assert.equal(await ep.page.locator('img').count(), 0, 'no picture without one');
    });
    await withEditor(fixture('foreman'), async (ep) => {
      assert.deepEqual(await ep.page.locator('.badge').allTextContents(), ['Active', 'Administrator']);
      assert.equal(await control(ep, 'auth_source_name').getAttribute('readonly'), '');
      assert.equal(await valueOf(ep, 'auth_source_name'), 'Internal');
      assert.equal(await control(ep, 'locale').getAttribute('combobox'), '', 'long option lists get a filter box');
    });
  });
  it('shows a blank choice by its label (Foreman "Browser locale"), not as an empty select', async () => {
    const init = fixture('foreman');
    init.values.locale = '';
    await withEditor(init, async (ep) => {
      const shown = await control(ep, 'locale').evaluate((c) => ({ index: (c as unknown as { selectedIndex: number }).selectedIndex, value: (c as unknown as { value: string }).value }));
      assert.deepEqual(shown, { index: 0, value: '' }, 'the blank option is the selected one');
      assert.equal(await control(ep, 'locale').locator('vscode-option').first().textContent(), 'Browser locale');
    });
  });
});

describe('user editor: editing and saving', { concurrency: 2 }, () => {
  it('editing makes the editor dirty (posted once per flip), Save posts exactly the changed fields with baseVersion, saved resets', async () => {
    const init = fixture('itsm-ng');
    await withEditor(init, async (ep) => {
      await fill(ep, 'phone', '+44 20 7946 0000');
      assert.deepEqual(await ep.postedOf('dirty'), [{ type: 'dirty', dirty: true }]);
      assert.equal(await ep.page.locator('.dirty-indicator').textContent(), '● Unsaved changes');
      assert.equal(await isDisabled(command(ep, 'save')), false);
      await toggle(ep, 'is_active');
      await fill(ep, 'comment', 'Line one\nLine two');
      await fill(ep, 'mobile', '+44 7700 900124');
      await fill(ep, 'mobile', '+44 7700 900123'); // back to the original: not a change
      assert.equal((await ep.postedOf('dirty')).length, 1, 'dirty is posted only when it flips');

      await command(ep, 'save').click();
      const save = await ep.waitPosted('save');
      assert.deepEqual(save, { type: 'save', changes: { phone: '+44 20 7946 0000', is_active: false, comment: 'Line one\nLine two' }, baseVersion: '2025-06-02 09:14:33', overwrite: false });
      assert.equal(await ep.page.locator('.form').evaluate((f) => (f as HTMLElement).inert), true, 'the form is disabled while saving');
      assert.equal(await ep.page.locator('vscode-progress-bar').isVisible(), true);
      await command(ep, 'save').click({ force: true });
      assert.equal((await ep.postedOf('save')).length, 1, 'no second save while one is running');

      await ep.send({ type: 'busy', what: 'Saving…' });
      assert.equal(await ep.page.locator('.busy-text').textContent(), 'Saving…');
      const fresh: FieldValues = { ...init.values, phone: '+44 20 7946 0000', is_active: false, comment: 'Line one\nLine two' };
      const user: EditorUser = { ...init.user!, state: { ...init.user!.state, active: false }, version: '2025-06-02 09:20:00' };
      await ep.send({ type: 'saved', values: fresh, user, message: 'Saved Ada Lovelace on ITSM-NG (production).' });
      assert.deepEqual((await ep.postedOf('dirty')).at(-1), { type: 'dirty', dirty: false });
      assert.equal(await ep.page.locator('.dirty-indicator').isVisible(), false);
      assert.equal(await banner(ep, 'success').textContent(), 'Saved Ada Lovelace on ITSM-NG (production).');
      assert.equal(await ep.page.locator('.form').evaluate((f) => (f as HTMLElement).inert), false);
      assert.equal(await ep.page.locator('vscode-progress-bar').isVisible(), false);
      assert.equal(await isDisabled(command(ep, 'save')), true);
      assert.deepEqual(await ep.page.locator('.badge').allTextContents(), ['Disabled'], 'state badges follow the saved user');
      assert.deepEqual(await ep.page.locator('vscode-button[data-action]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action)), ['enable', 'delete', 'copyJson', 'openInWebUi']);

      // The next save is based on the new version.
      await fill(ep, 'phone2', '+44 20 7946 0001');
      await command(ep, 'save').click();
      assert.deepEqual((await ep.waitPosted('save', 2)).baseVersion, '2025-06-02 09:20:00');
      assert.deepEqual((await ep.postedOf('save'))[1].changes, { phone2: '+44 20 7946 0001' });
    });
  });

  it('sends typed values: numbers as numbers, enum and multi-enum choices as option values', async () => {
    await withEditor(fixture('snipe-it'), async (ep) => {
      await fill(ep, 'manager_id', '15');
      await choose(ep, 'department_id', 'Flight Research');
      await command(ep, 'save').click();
      assert.deepEqual((await ep.waitPosted('save')).changes, { manager_id: 15, department_id: '1' });
    });
    await withEditor(fixture('foreman'), async (ep) => {
      await choose(ep, 'default_location_id', 'Boston');
      await choose(ep, 'location_ids', 'Boston');
      await command(ep, 'save').click();
      const { changes } = await ep.waitPosted('save');
      assert.equal(changes.default_location_id, '5');
      assert.deepEqual([...(changes.location_ids as string[])].sort(), ['2', '5', '7']);
    });
  });

  it('Revert restores the loaded values; Reload asks the host and drops the edits', async () => {
    const init = fixture('servicedesk-plus');
    await withEditor(init, async (ep) => {
      await fill(ep, 'jobtitle', 'Chief Engineer');
      await command(ep, 'revert').click();
      await ep.settle();
      assert.equal(await valueOf(ep, 'jobtitle'), 'Director of Software Engineering');
      assert.deepEqual((await ep.postedOf('dirty')).map((m) => m.dirty), [true, false]);
      await fill(ep, 'jobtitle', 'Chief Engineer');
      await command(ep, 'reload').click();
      await ep.waitPosted('reload');
      await ep.send({ type: 'busy', what: 'Loading…' });
      await ep.send(init);
      assert.equal(await valueOf(ep, 'jobtitle'), 'Director of Software Engineering', 'the reloaded values replace the edits');
    });
  });

  it('Ctrl+S and Enter in a single-line field save; neither does anything without changes', async () => {
    await withEditor(fixture('servicedesk-plus'), async (ep) => {
      await control(ep, 'jobtitle').locator('input').focus();
      await ep.page.keyboard.press('Control+s');
      await ep.settle();
      assert.equal((await ep.postedOf('save')).length, 0, 'nothing to save');
      await fill(ep, 'jobtitle', 'Director, Apollo Software');
      await ep.page.keyboard.press('Control+s');
      assert.deepEqual((await ep.waitPosted('save')).changes, { jobtitle: 'Director, Apollo Software' });
    });
    await withEditor(fixture('privacyidea'), async (ep) => {
      await fill(ep, 'mobile', '+43 660 555 0000');
      await control(ep, 'mobile').locator('input').press('Enter');
      assert.deepEqual((await ep.waitPosted('save')).changes, { mobile: '+43 660 555 0000' });
    });
    await withEditor(fixture('privacyidea'), async (ep) => {
      await fill(ep, 'description', 'Line');
      await control(ep, 'description').locator('textarea').press('Enter');
      await ep.settle();
      assert.equal((await ep.postedOf('save')).length, 0, 'Enter in a multi-line field is a new line');
      assert.equal(await valueOf(ep, 'description'), 'Line\n');
    });
  });

  it('invalid input shows the product rule inline and blocks Save, Ctrl+S and Enter; the first invalid field gets focus', async () => {
    await withEditor(fixture('itsm-ng'), async (ep) => {
      await fill(ep, 'email', 'ada.lovelace');
      assert.deepEqual(await messagesOf(ep, 'email'), ['Email is not a valid e-mail address.']);
      assert.equal(await control(ep, 'email').getAttribute('aria-invalid'), 'true');
      assert.equal(await isDisabled(command(ep, 'save')), true);
      await fill(ep, 'name', 'ada<lovelace>');
      assert.deepEqual(await messagesOf(ep, 'name'), ["The login is not valid: use letters, digits, spaces and ' @ . - _ only."]);
      await control(ep, 'phone').locator('input').focus();
      await ep.page.keyboard.press('Control+s');
      await ep.settle();
      assert.equal((await ep.postedOf('save')).length, 0);
      assert.equal(await focused(ep), 'name', 'focus moves to the first invalid field');
      await control(ep, 'email').locator('input').press('Enter');
      await ep.settle();
      assert.equal((await ep.postedOf('save')).length, 0);
      assert.match((await ep.page.locator('.toolbar-status').textContent()) ?? '', /2 fields need attention/);
      await fill(ep, 'name', 'ada.lovelace');
      await fill(ep, 'email', 'ada@example.org');
      assert.deepEqual(await messagesOf(ep, 'email'), []);
      assert.equal(await isDisabled(command(ep, 'save')), false);
      await command(ep, 'save').click();
      assert.deepEqual((await ep.waitPosted('save')).changes, { email: 'ada@example.org' });
    });
  });

  it('a new password must be long enough and confirmed; both fields are sent', async () => {
    await withEditor(fixture('snipe-it'), async (ep) => {
      await fill(ep, 'password', 'short');
      await ep.page.locator('body').click({ position: { x: 5, y: 400 } });
      await ep.settle();
      assert.deepEqual(await messagesOf(ep, 'password'), ['Password must be at least 8 characters.']);
      await fill(ep, 'password', 'Orbital-1962');
      await fill(ep, 'password_confirmation', 'Orbital-1926');
      assert.deepEqual(await messagesOf(ep, 'password_confirmation'), ['Confirm password must match.']);
      assert.equal(await isDisabled(command(ep, 'save')), true);
      await fill(ep, 'password_confirmation', 'Orbital-1962');
      await command(ep, 'save').click();
      assert.deepEqual((await ep.waitPosted('save')).changes, { password: 'Orbital-1962', password_confirmation: 'Orbital-1962' });
    });
  });

  it("saveFailed shows the product's error (message, code, status) and field messages, keeps the edits and focuses the field", async () => {
    await withEditor(fixture('snipe-it'), async (ep) => {
      await fill(ep, 'email', 'taken@example.net');
      await fill(ep, 'jobtitle', 'Senior research mathematician');
      await command(ep, 'save').click();
      await ep.waitPosted('save');
      await ep.send({ type: 'busy', what: undefined });
      await ep.send({
        type: 'saveFailed',
        error: { message: 'The given data was invalid.', code: 'error', status: 200, fields: { email: ['The email has already been taken.'], groups: ['The selected groups is invalid.'] } },
      });
      const text = (await banner(ep, 'error').textContent()) ?? '';
      assert.match(text, /The given data was invalid\./);
      assert.match(text, /Snipe-IT · code error · HTTP 200/);
      assert.match(text, /groups: The selected groups is invalid\./, 'messages for fields not on the form go to the banner');
      assert.equal(await banner(ep, 'error').getAttribute('role'), 'alert');
      assert.deepEqual(await messagesOf(ep, 'email'), ['The email has already been taken.']);
      assert.equal(await valueOf(ep, 'email'), 'taken@example.net', 'the edits are kept');
      assert.equal(await valueOf(ep, 'jobtitle'), 'Senior research mathematician');
      assert.equal(await focused(ep), 'email');
      assert.equal(await ep.page.locator('.dirty-indicator').isVisible(), true);
      assert.deepEqual((await ep.postedOf('dirty')).map((m) => m.dirty), [true]);
      assert.equal(await ep.page.locator('.form').evaluate((f) => (f as HTMLElement).inert), false);
      // Editing the field clears the product's message; saving again is possible.
      await fill(ep, 'email', 'kj@example.net');
      assert.deepEqual(await messagesOf(ep, 'email'), []);
      await command(ep, 'save').click();
      assert.deepEqual((await ep.waitPosted('save', 2)).changes, { email: 'kj@example.net', jobtitle: 'Senior research mathematician' });
      assert.equal(await banner(ep, 'error').count(), 0, 'a new save clears the old error');
    });
  });

  it('conflict: warns that the user changed on the server; Overwrite re-sends with overwrite:true, Reload asks for the server version', async () => {
    const init = fixture('itsm-ng');
    await withEditor(init, async (ep) => {
      await fill(ep, 'phone', '+44 20 7946 1111');
      await command(ep, 'save').click();
      await ep.waitPosted('save');
      await ep.send({ type: 'busy', what: undefined });
      await ep.send({ type: 'conflict', serverValues: { ...init.values, email: 'ada@analytical.example', password: 'leaked?' }, serverVersion: '2025-06-02 10:00:00' });
      const text = (await banner(ep, 'conflict').textContent()) ?? '';
      assert.match(text, /This user was changed on ITSM-NG since you opened it\./);
      assert.match(text, /Changed there: Email\./);
      assert.equal(await valueOf(ep, 'phone'), '+44 20 7946 1111', 'my edits stay');
      await banner(ep, 'conflict').locator('vscode-button[data-banner-action="overwrite"]').click();
      const again = await ep.waitPosted('save', 2);
      assert.deepEqual(again, { type: 'save', changes: { phone: '+44 20 7946 1111' }, baseVersion: '2025-06-02 10:00:00', overwrite: true });
      assert.equal(await banner(ep, 'conflict').count(), 0);

      await ep.send({ type: 'conflict', serverValues: init.values, serverVersion: '2025-06-02 10:05:00' });
      await banner(ep, 'conflict').locator('vscode-button[data-banner-action="reload"]').click();
      await ep.waitPosted('reload');
    });
  });
});

describe('user editor: create mode', { concurrency: 2 }, () => {
  const plans: Record<ProductId, { steps: (ep: EditorPage) => Promise<void>; expect: FieldValues; required: string[] }> = {
    'itsm-ng': {
      required: ['name'],
      steps: async (ep) => {
        await fill(ep, 'name', 'alan.turing');
        await choose(ep, 'authtype', 'ITSM-NG internal database');
        await fill(ep, 'password', 'Enigma-1912');
        await fill(ep, 'password2', 'Enigma-1921');
        assert.deepEqual(await messagesOf(ep, 'password2'), ['Password confirmation must match.']);
        assert.equal(await isDisabled(command(ep, 'create')), true);
        await fill(ep, 'password2', 'Enigma-1912');
      },
      expect: { name: 'alan.turing', authtype: '1', password: 'Enigma-1912', password2: 'Enigma-1912' },
    },
    foreman: {
      required: ['login', 'mail', 'auth_source_id'],
      steps: async (ep) => {
        await fill(ep, 'login', 'alan');
        await fill(ep, 'mail', 'alan@example.com');
        assert.equal(await isDisabled(command(ep, 'create')), true, 'the auth source is still missing');
        await choose(ep, 'auth_source_id', 'Internal (Internal)');
      },
      expect: { login: 'alan', mail: 'alan@example.com', auth_source_id: '1' },
    },
    'snipe-it': {
      required: ['first_name', 'username'],
      steps: async (ep) => {
        await fill(ep, 'first_name', 'Alan');
        assert.equal(await isDisabled(command(ep, 'create')), true);
        await fill(ep, 'username', 'aturing');
        const mixed = () => control(ep, 'activated').evaluate((e) => (e as unknown as { indeterminate: boolean }).indeterminate);
        assert.equal(await mixed(), true, 'an unset checkbox shows "product default", not "off"');
        await toggle(ep, 'activated');
        assert.equal(await mixed(), false);
        assert.equal(await valueOf(ep, 'activated'), true);
      },
      expect: { first_name: 'Alan', username: 'aturing', activated: true },
    },
    'servicedesk-plus': {
      required: ['name'],
      steps: async (ep) => {
        await fill(ep, 'name', 'Alan Turing');
        await fill(ep, 'password', 'Bombe-1939');
      },
      expect: { name: 'Alan Turing', password: 'Bombe-1939' },
    },
    privacyidea: {
      required: ['username', 'resolver'],
      steps: async (ep) => {
        await fill(ep, 'username', 'alan');
        await choose(ep, 'resolver', 'sql-staff');
      },
      expect: { username: 'alan', resolver: 'sql-staff' },
    },
  };

  for (const product of PRODUCT_IDS) {
    it(`${product}: shows the create-only fields, requires the product's required fields, posts create`, async () => {
      const init = fixture(product, 'create');
      const plan = plans[product];
      await withEditor(init, async (ep) => {
        const requiredRows = await ep.page.locator('vscode-label[required]').evaluateAll((els) => els.map((e) => (e.closest('.field') as HTMLElement).dataset.field));
        assert.deepEqual(requiredRows, plan.required);
        for (const f of init.fields.filter((x) => x.only === 'edit')) assert.equal(await row(ep, f.key).count(), 0, `${f.key} is edit-only`);
        assert.equal(await ep.page.locator('vscode-button[data-action]').count(), 0, 'no product actions before the user exists');
        assert.equal(await command(ep, 'save').count(), 0);
        assert.equal(await isDisabled(command(ep, 'create')), true);
        assert.equal(await ep.page.locator('h1.user-name').textContent(), 'New user');
        assert.equal(await focused(ep), init.fields.find((f) => !f.readOnly && f.only !== 'edit')?.key, 'the first field has focus');
        assert.equal(await ep.page.locator('.membership-add').count(), 0);
        await plan.steps(ep);
        await command(ep, 'create').click();
        const create = await ep.waitPosted('create');
        assert.deepEqual(create.values, plan.expect);
        assert.equal(await ep.page.locator('.busy-text').textContent(), 'Creating…');
      });
    });
  }

  it('create mode: Ctrl+S with missing required fields shows them all and focuses the first', async () => {
    await withEditor(fixture('foreman', 'create'), async (ep) => {
      await fill(ep, 'firstname', 'Alan');
      await ep.page.keyboard.press('Control+s');
      await ep.settle();
      assert.equal((await ep.postedOf('create')).length, 0);
      assert.deepEqual(await messagesOf(ep, 'login'), ['Login is required.']);
      assert.deepEqual(await messagesOf(ep, 'mail'), ['Email is required.']);
      assert.deepEqual(await messagesOf(ep, 'auth_source_id'), ['Authorized by is required.']);
      assert.equal(await focused(ep), 'login');
    });
  });
});

describe('user editor: passwords', { concurrency: 2 }, () => {
  it('never pre-fills a password, even when the host sends one, and never keeps one in the webview state', async () => {
    const init = fixture('itsm-ng');
    init.values.password = 'hunter2-from-host';
    init.values.password2 = 'hunter2-from-host';
    await withEditor(init, async (ep) => {
      assert.equal(await valueOf(ep, 'password'), '');
      assert.equal(await valueOf(ep, 'password2'), '');
      assert.equal(await control(ep, 'password').locator('input').inputValue(), '');
      await fill(ep, 'password', 'Typed-Secret-1');
      await fill(ep, 'password2', 'Typed-Secret-1');
      await fill(ep, 'phone', '+44 1');
      const state = JSON.stringify(await ep.state());
      assert.ok(state.includes('+44 1'), 'the draft is kept');
      assert.ok(!state.includes('Typed-Secret-1') && !state.includes('hunter2'), 'but no password');
      await command(ep, 'save').click();
      assert.equal((await ep.waitPosted('save')).changes.password, 'Typed-Secret-1');
      await ep.send({ type: 'saved', values: { ...init.values, phone: '+44 1' }, user: init.user!, message: 'Saved.' });
      assert.equal(await valueOf(ep, 'password'), '', 'cleared after saving, even though the host echoed one');
      assert.equal(await control(ep, 'password').locator('input').inputValue(), '');
    });
  });
});

describe('user editor: memberships and product actions', { concurrency: 2 }, () => {
  it('lists groups and profiles with the product terms; Add… and Remove post messages; the host refreshes the list', async () => {
    const init = fixture('itsm-ng');
    await withEditor(init, async (ep) => {
      assert.deepEqual((await ep.page.locator('.memberships .section-title').allTextContents()).map((t) => t.replace(/\d+$/, '')), ['Groups', 'Profiles']);
      assert.deepEqual(await ep.page.locator('.memberships-group .membership-name').allTextContents(), ['IT Department', 'Analytical Engine']);
      assert.deepEqual(await ep.page.locator('.memberships-profile .membership-detail').allTextContents(), ['Root entity (recursive)', 'Root entity > London']);
      await ep.page.locator('vscode-button[data-add="group"]').click();
      await ep.page.locator('vscode-button[data-add="profile"]').click();
      assert.deepEqual(await ep.postedOf('addMembership'), [
        { type: 'addMembership', kind: 'group' },
        { type: 'addMembership', kind: 'profile' },
      ]);
      await ep.page.locator('.membership[data-membership="32"] vscode-button.membership-remove').click();
      assert.deepEqual(await ep.waitPosted('removeMembership'), { type: 'removeMembership', membership: init.memberships![1] });
      assert.equal(await ep.page.locator('.membership[data-membership="32"] vscode-button').getAttribute('aria-label'), 'Remove from Analytical Engine');
      await ep.send({ type: 'memberships', memberships: [] });
      assert.equal(await ep.page.locator('.memberships-group .empty').textContent(), 'Not a member of any group.');
      assert.equal(await ep.page.locator('.memberships-profile .empty').textContent(), 'No profile assigned.');
      await ep.send({ type: 'memberships', memberships: [init.memberships![0]] });
      assert.deepEqual(await ep.page.locator('.membership-name').allTextContents(), ['IT Department']);
    });
  });

  it('offers Add… and Remove only where the product allows (Foreman groups, privacyIDEA realms)', async () => {
    await withEditor(fixture('foreman'), async (ep) => {
      assert.deepEqual((await ep.page.locator('.memberships .section-title').allTextContents()).map((t) => t.replace(/\d+$/, '')), ['User Groups', 'Roles']);
      assert.equal(await ep.page.locator('vscode-button[data-add="group"]').count(), 0);
      assert.equal(await ep.page.locator('vscode-button[data-add="profile"]').textContent(), 'Add role…');
      assert.equal(await ep.page.locator('.memberships-group vscode-button.membership-remove').count(), 0, 'compiler-team is not removable');
      assert.equal(await ep.page.locator('.memberships-profile vscode-button.membership-remove').count(), 2);
    });
    await withEditor(fixture('privacyidea'), async (ep) => {
      assert.deepEqual((await ep.page.locator('.memberships .section-title').allTextContents()).map((t) => t.replace(/\d+$/, '')), ['Realms']);
      assert.equal(await ep.page.locator('.memberships vscode-button').count(), 0);
      assert.deepEqual(await ep.page.locator('.membership-detail').allTextContents(), ['default realm, via resolver local-users', 'via resolver local-users']);
    });
  });

  it('posts the product actions the capabilities and the user state allow', async () => {
    await withEditor(fixture('servicedesk-plus'), async (ep) => {
      await actionButton(ep, 'changeToTechnician').click();
      await actionButton(ep, 'copyJson').click();
      await actionButton(ep, 'openInWebUi').click();
      assert.deepEqual((await ep.postedOf('action')).map((m) => m.action), ['changeToTechnician', 'copyJson', 'openInWebUi']);
      await ep.send({ type: 'notice', message: 'Copied the user as JSON.', level: 'info' });
      assert.equal(await banner(ep, 'info').textContent(), 'Copied the user as JSON.');
    });
    const deleted = fixture('snipe-it');
    deleted.user!.state.deleted = true;
    await withEditor(deleted, async (ep) => {
      assert.deepEqual(await ep.page.locator('vscode-button[data-action]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action)), ['restore', 'copyJson', 'openInWebUi']);
      assert.ok((await ep.page.locator('.badges').textContent())?.includes('In Deleted Users'));
      await actionButton(ep, 'restore').click();
      assert.deepEqual(await ep.waitPosted('action'), { type: 'action', action: 'restore' });
    });
    const trashed = fixture('itsm-ng');
    trashed.user!.state.deleted = true;
    await withEditor(trashed, async (ep) => {
      assert.deepEqual(await ep.page.locator('vscode-button[data-action]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action)), ['restore', 'purge', 'copyJson', 'openInWebUi']);
      await actionButton(ep, 'purge').click();
      assert.deepEqual(await ep.waitPosted('action'), { type: 'action', action: 'purge' });
    });
    const disabled = fixture('foreman');
    disabled.user!.state.active = false;
    await withEditor(disabled, async (ep) => {
      await actionButton(ep, 'enable').click();
      await actionButton(ep, 'delete').click();
      assert.deepEqual((await ep.postedOf('action')).map((m) => m.action), ['enable', 'delete']);
    });
  });
});

describe('user editor: keyboard, state and loading', { concurrency: 2 }, () => {
  it('Tab reaches Save first, then the other commands and the fields in order; Enter on Save saves; Escape dismisses a banner', async () => {
    await withEditor(fixture('itsm-ng'), async (ep) => {
      await fill(ep, 'phone', '+44 20 0000 0000');
      await ep.page.locator('h1.user-name').click(); // the starting point of sequential focus navigation
      const order: (string | null)[] = [];
      for (let i = 0; i < 9; i++) {
        await ep.page.keyboard.press('Tab');
        order.push(await focused(ep));
      }
      assert.deepEqual(order, ['save', 'revert', 'reload', 'disable', 'delete', 'copyJson', 'openInWebUi', 'name', 'realname']);
      for (let i = 0; i < 8; i++) await ep.page.keyboard.press('Shift+Tab');
      assert.equal(await focused(ep), 'save');
      await ep.page.keyboard.press('Enter');
      await ep.waitPosted('save');
      await ep.send({ type: 'saveFailed', error: { message: 'Session expired.', code: 'ERROR_SESSION_TOKEN_INVALID', status: 401 } });
      assert.equal(await banner(ep, 'error').isVisible(), true);
      await control(ep, 'phone').locator('input').focus();
      await ep.page.keyboard.press('Escape');
      await ep.settle();
      assert.equal(await banner(ep, 'error').count(), 0);
      assert.equal(await focused(ep), 'phone', 'focus stays where it was');
    });
  });

  it('keeps unsaved edits across hide/show through setState, with the version they started from', async () => {
    const init = fixture('foreman');
    let kept: unknown;
    await withEditor(init, async (ep) => {
      await fill(ep, 'timezone', 'Berlin');
      kept = await ep.state();
      assert.deepEqual(kept, {
        connectionId: 'foreman-lab',
        userId: '12',
        panel: init.panel,
        draft: { key: 'foreman-lab/12', baseVersion: init.user!.version, edits: { timezone: 'Berlin' } },
      });
    });
    const newer = fixture('foreman');
    newer.user!.version = '2025-06-03T08:00:00.000Z';
    await withEditor(
      newer,
      async (ep) => {
        assert.equal(await valueOf(ep, 'timezone'), 'Berlin');
        assert.deepEqual(await ep.postedOf('dirty'), [{ type: 'dirty', dirty: true }]);
        await command(ep, 'save').click();
        assert.deepEqual(await ep.waitPosted('save'), { type: 'save', changes: { timezone: 'Berlin' }, baseVersion: init.user!.version, overwrite: false });
      },
      { initialState: kept },
    );
    // A draft for another user is not applied.
    await withEditor(fixture('itsm-ng'), async (ep) => {
      assert.equal(await valueOf(ep, 'phone'), '+44 20 7946 0958');
      assert.equal((await ep.postedOf('dirty')).length, 0);
    }, { initialState: kept });
  });

  it('keeps edits when the host re-sends init after an action (e.g. Disable)', async () => {
    const init = fixture('itsm-ng');
    await withEditor(init, async (ep) => {
      await fill(ep, 'mobile', '+44 7700 900999');
      await actionButton(ep, 'disable').click();
      const after = fixture('itsm-ng');
      after.values.is_active = false;
      after.user!.state.active = false;
      after.user!.version = '2025-06-02 11:11:11';
      await ep.send({ type: 'busy', what: 'Loading…' });
      await ep.send(after);
      assert.equal(await valueOf(ep, 'mobile'), '+44 7700 900999');
      assert.equal(await valueOf(ep, 'is_active'), false);
      await command(ep, 'save').click();
      assert.deepEqual(await ep.waitPosted('save'), { type: 'save', changes: { mobile: '+44 7700 900999' }, baseVersion: '2025-06-02 11:11:11', overwrite: false });
    });
  });

  it('before init: shows the host’s progress, then a load error with Retry', async () => {
    await withEditor(
      undefined,
      async (ep) => {
        assert.deepEqual(await ep.posted(), [{ type: 'ready' }]);
        await ep.send({ type: 'busy', what: 'Loading…' });
        assert.equal(await ep.page.locator('.app-loading').textContent(), 'Loading…');
        await ep.send({ type: 'saveFailed', error: { message: 'Could not reach https://foreman.example.com: connection refused.', code: 'ECONNREFUSED' } });
        assert.match((await ep.page.locator('.load-error').textContent()) ?? '', /connection refused\..*code ECONNREFUSED/);
        await ep.page.locator('vscode-button[data-command="retry"]').click();
        await ep.waitPosted('reload');
        await ep.send(fixture('foreman'));
        assert.equal(await ep.page.locator('h1.user-name').textContent(), 'Grace Hopper');
      },
      { noInit: true },
    );
  });
});
