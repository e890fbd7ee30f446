import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownBuffer, ownInt32Array, ownPages, ownUint8Array, releasePages } from '../../mock-server/src/own-pages';

/** Whether `bytes` live in pages of their own: a resizable ArrayBuffer, which V8 maps from the kernel. */
const ownPaged = (bytes: ArrayBufferView) => (bytes.buffer as ArrayBuffer & { resizable: boolean }).resizable;

describe('memory in pages of its own', () => {
  it('is zeroed, exactly the size asked whatever the size, and cannot grow', () => {
    for (const size of [0, 1, 4095, 4096, 100_000]) {
      const memory = ownPages(size);
      assert.equal(memory.byteLength, size);
      assert.equal((memory as ArrayBuffer & { maxByteLength: number }).maxByteLength, size);
      assert.equal(ownPaged(new Uint8Array(memory)), true);
      assert.ok(new Uint8Array(memory).every((b) => b === 0));
    }
  });

  it('makes typed arrays of the length asked', () => {
    const ints = ownInt32Array(1000);
    assert.equal(ints.length, 1000);
    ints[999] = -7;
    assert.equal(ints[999], -7);
    assert.equal(ownPaged(ints), true);
    const bytes = ownUint8Array(3);
    assert.equal(bytes.length, 3);
    assert.equal(ownPaged(bytes), true);
    const buffer = ownBuffer(5);
    assert.equal(Buffer.isBuffer(buffer), true);
    assert.equal(buffer.length, 5);
    assert.equal(ownPaged(buffer), true);
  });

  it('gives its pages back to the kernel when released, without a collection', () => {
    const size = 64 << 20;
    const memory = ownPages(size);
    new Uint8Array(memory).fill(1);
    const before = process.memoryUsage().rss;
    releasePages(memory);
    assert.equal(memory.byteLength, 0);
    const freed = before - process.memoryUsage().rss;
    assert.ok(freed > (48 << 20), `${Math.round(freed / 2 ** 20)} MB given back`);
  });
});
