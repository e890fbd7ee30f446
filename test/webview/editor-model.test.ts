/** The editor's model (media/src/user-editor/state.ts) on its own: no DOM, no browser. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EditorModel, panelKey } from '../../media/src/user-editor/state';
import { fixture } from './fixtures';

describe('editor model', () => {
  it('drops password values from whatever the host sends, and reference numbers become option strings', () => {
    const init = fixture('snipe-it');
    init.values.password = 'from-host';
    init.values.company_id = 2 as unknown as string;
    const m = new EditorModel(init);
    assert.equal('password' in m.original, false);
    assert.equal(m.current.company_id, '2');
    assert.equal(m.dirty, false);
  });

  it('an untouched or re-ticked checkbox is not a change; a blank one equals an unticked one', () => {
    const init = fixture('snipe-it');
    delete init.values.vip;
    const m = new EditorModel(init);
    m.set('vip', true);
    assert.deepEqual(m.changes(), { vip: true });
    m.set('vip', false);
    assert.deepEqual(m.changes(), {});
  });

  it('editing validates only changed fields and their confirmations; creating validates all', () => {
    const init = fixture('foreman');
    init.values.mail = ''; // already blank on the server: not this edit's business
    const m = new EditorModel(init);
    assert.deepEqual(m.invalidKeys(), []);
    m.set('password', 'new-secret');
    assert.deepEqual(m.invalidKeys(), ['password_confirmation']);
    m.set('password_confirmation', 'new-secret');
    assert.deepEqual(m.invalidKeys(), []);
    assert.equal(m.canSubmit, true);
    const c = new EditorModel(fixture('foreman', 'create'));
    assert.deepEqual(c.invalidKeys(), ['login', 'mail', 'auth_source_id']);
    assert.equal(c.canSubmit, false);
  });

  it('keeps drafts without passwords and under a per-user key', () => {
    const m = new EditorModel(fixture('itsm-ng'));
    m.set('phone', '1');
    m.set('password', 'x');
    m.set('password2', 'x');
    assert.deepEqual(m.draftEdits(), { phone: '1' });
    assert.equal(panelKey(m.init), 'itsm-prod/7');
    assert.equal(panelKey(fixture('itsm-ng', 'create')), 'itsm-prod/new');
  });

  it('server field errors show until the field is edited; own messages once it was touched', () => {
    const m = new EditorModel(fixture('itsm-ng'));
    m.serverErrors = { email: ['Taken.'] };
    m.current.email = 'bad';
    assert.deepEqual(m.visibleProblems('email'), ['Taken.']);
    m.set('email', 'still bad');
    assert.deepEqual(m.visibleProblems('email'), ['Email is not a valid e-mail address.']);
    assert.deepEqual(m.changedOnServer({ ...m.init.values, email: 'other@example.org', comment: 'x' }), ['Email', 'Comments']);
  });
});
