import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedFields, validateField } from '../../src/editors/protocol';
import type { FieldSpec } from '../../src/model';

describe('editor protocol helpers', () => {
  it('sends only changed fields, treating blank values alike and lists as sets', () => {
    assert.deepEqual(changedFields({ a: 'x', b: null, c: ['1', '2'], d: true }, { a: 'x', b: '', c: ['2', '1'], d: false }), { d: false });
    assert.deepEqual(changedFields({ a: 'x' }, { a: 'y', n: 'new' }), { a: 'y', n: 'new' });
  });
  it('validates like the products do', () => {
    const login: FieldSpec = { key: 'login', label: 'Login', type: 'string', group: 'identity', required: true, maxLength: 5, pattern: { source: '^[a-z]+$', message: 'Letters only.' } };
    assert.deepEqual(validateField(login, '', {}, 'create'), ['Login is required.']);
    assert.deepEqual(validateField(login, 'abcdef', {}, 'create'), ['Login must be at most 5 characters.']);
    assert.deepEqual(validateField(login, 'ab1', {}, 'create'), ['Letters only.']);
    const pw: FieldSpec = { key: 'password', label: 'Password', type: 'password', group: 'security', required: true };
    assert.deepEqual(validateField(pw, '', {}, 'edit'), [], 'a password is never required when editing');
    const confirm: FieldSpec = { key: 'password2', label: 'Confirmation', type: 'password', group: 'security', sameAs: 'password' };
    assert.deepEqual(validateField(confirm, 'b', { password: 'a' }, 'create'), ['Confirmation must match.']);
    assert.deepEqual(validateField(confirm, '', { password: 'a' }, 'create'), ['Confirmation must match.']);
    const mail: FieldSpec = { key: 'mail', label: 'Mail', type: 'email', group: 'contact' };
    assert.deepEqual(validateField(mail, 'nope', {}, 'edit'), ['Mail is not a valid e-mail address.']);
    const ro: FieldSpec = { ...login, readOnly: true };
    assert.deepEqual(validateField(ro, '', {}, 'edit'), []);
    const createOnly: FieldSpec = { ...login, only: 'create' };
    assert.deepEqual(validateField(createOnly, '', {}, 'edit'), []);
  });
});
