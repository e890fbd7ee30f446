import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScratchPages } from '../../mock-server/src/scratch-pages';

/** Whether `bytes` live in pages of their own: a resizable ArrayBuffer, which V8 maps from the kernel. */
const ownPaged = (bytes: ArrayBufferView) => (bytes.buffer as ArrayBuffer & { resizable: boolean }).resizable;

describe('scratch pages', () => {
  it('hand out zeroed ranges of pages of their own that do not overlap, within a chunk and beyond one', () => {
    const scratch = new ScratchPages();
    const ranges = [scratch.take(16), scratch.take(3 << 20), scratch.take(32), scratch.take(1 << 20)];
    ranges.forEach((r, i) => {
      assert.equal(ownPaged(r), true, 'not from malloc');
      assert.ok(r.every((b) => b === 0));
      r.fill(i + 1);
    });
    ranges.forEach((r, i) => assert.ok(r.every((b) => b === i + 1), `range ${i} kept its bytes`));
  });

  it('give their pages back on release', () => {
    const scratch = new ScratchPages();
    const bytes = scratch.take(64);
    bytes.fill(9);
    scratch.release();
    assert.equal(bytes.length, 0, 'a view of released pages is empty');
    assert.equal(scratch.take(8).length, 8, 'and new ranges come from new pages');
  });
});
