import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redactor } from '../../src/backends/redactor';

describe('Redactor', () => {
  it('masks registered secrets wherever they appear, also URL-encoded', () => {
    const r = new Redactor();
    r.add('p@ss word');
    assert.equal(r.redact('login failed for p@ss word and p%40ss%20word'), 'login failed for *** and ***');
  });
  it('masks credential-looking values even when not registered', () => {
    const r = new Redactor();
    assert.equal(r.redact('Authorization: Basic YWRtaW46Y2hhbmdlbWU='), 'Authorization: Basic ***');
    assert.equal(r.redact('user_token abcdef123'), 'user_token ***');
    assert.equal(r.redact('token eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiYSJ9.c2ln'), 'token ***');
  });
  it('masks secret query parameters by name, keeps the rest', () => {
    const r = new Redactor();
    assert.equal(r.redactUrl('https://h/a?app_token=x1&range=0-49&session_token=y&input_data=%7B%7D'), 'https://h/a?app_token=***&range=0-49&session_token=***&input_data={}');
  });
});
