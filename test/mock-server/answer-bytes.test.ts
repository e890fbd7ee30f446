import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerBody, answerBytes, answerMemory, answersInOwnPages } from '../../mock-server/src/http/answer-bytes';

const ownPaged = (bytes: ArrayBufferView) => (bytes.buffer as ArrayBuffer & { resizable: boolean }).resizable;

const TEXTS = ['', 'plain', 'Zoë "Zed" O\'Brien 😀', `[${'{"name": "Zoë", "id": 12345}, '.repeat(1000)}]`, 'x'.repeat(16 * 1024 - 1), 'x'.repeat(16 * 1024)];
const latin1Of = (text: string) => text.replace(/[^\x00-\xff]/g, '?');

/** Node's test runner gives each file a process of its own, so turning the policy on stays in this file. */
describe('answer bodies', () => {
  it('stay with malloc until turned on (the Fetch API Response refuses a resizable buffer), encoded as Buffer.from does', async () => {
    for (const text of TEXTS) {
      const bytes = answerBytes(text);
      assert.deepEqual(bytes, Buffer.from(text, 'utf8'));
      assert.equal(ownPaged(bytes), false);
      assert.deepEqual(answerBytes(latin1Of(text), 'latin1'), Buffer.from(latin1Of(text), 'latin1'));
      assert.equal(await new Response(bytes).text(), text);
    }
    assert.equal(ownPaged(answerMemory(100_000)), false);
  });

  it('to keep are the text itself until turned on, whatever its size', () => {
    for (const text of TEXTS) assert.equal(answerBody(text), text);
  });

  it('from 16 KB get pages of their own once turned on, with the same bytes', () => {
    answersInOwnPages();
    for (const text of TEXTS) {
      const bytes = answerBytes(text);
      assert.deepEqual(bytes, Buffer.from(text, 'utf8'));
      assert.equal(ownPaged(bytes), bytes.length >= 16 * 1024, `${bytes.length} bytes`);
      const latin1 = answerBytes(latin1Of(text), 'latin1');
      assert.deepEqual(latin1, Buffer.from(latin1Of(text), 'latin1'));
      assert.equal(ownPaged(latin1), latin1.length >= 16 * 1024);
    }
    assert.equal(ownPaged(answerMemory(100)), false);
    const large = answerMemory(20_000);
    assert.equal(large.length, 20_000);
    assert.equal(ownPaged(large), true);
  });

  it('to keep are, once turned on, the text itself under 16 KB of UTF-8 and its bytes in pages of their own from there', () => {
    answersInOwnPages();
    // three-byte characters: 5,461 of them are 16,383 bytes, 5,462 are 16,386
    for (const text of [...TEXTS, 'é'.repeat(8192), '€'.repeat(5462), '€'.repeat(5461)]) {
      const body = answerBody(text);
      const size = Buffer.byteLength(text);
      if (size < 16 * 1024) assert.equal(body, text, `${size} bytes`);
      else {
        assert.ok(Buffer.isBuffer(body), `${size} bytes`);
        assert.deepEqual(body, Buffer.from(text, 'utf8'));
        assert.equal(ownPaged(body), true);
      }
    }
  });
});
