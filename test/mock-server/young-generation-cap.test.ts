import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { growthFactorUnder } from '../../mock-server/src/young-generation-cap';

const MB = 1024 * 1024;

describe('growthFactorUnder', () => {
  it('takes a semi-space to the cap at most in one step, and no further once there', () => {
    assert.equal(growthFactorUnder(1 * MB, 8 * MB), 8);
    assert.equal(growthFactorUnder(2 * MB, 8 * MB), 4);
    assert.equal(growthFactorUnder(3 * MB, 8 * MB), 2, '3 MB grows to 6, not 9');
    assert.equal(growthFactorUnder(5 * MB, 8 * MB), 1);
    assert.equal(growthFactorUnder(8 * MB, 8 * MB), 1);
    assert.equal(growthFactorUnder(16 * MB, 8 * MB), 1, 'above the cap (loading left it there): no growth');
    assert.equal(growthFactorUnder(0, 8 * MB), 2, 'no new space reported: V8 as it is');
  });
});

describe('capYoungGeneration, in a real V8', () => {
  const largestSemiSpace = (capMb: number, ...more: string[]): number => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, '../support/young-generation-load.ts'), String(capMb), ...more], { encoding: 'utf8' });
    return (JSON.parse(out) as { largestSemiSpaceMb: number }).largestSemiSpaceMb;
  };

  it('keeps the semi-spaces at or under the cap where the same load grows them past it', () => {
    const free = largestSemiSpace(0);
    assert.ok(free > 4, `without the cap the load grows a semi-space to ${free} MB`);
    const capped = largestSemiSpace(4);
    assert.ok(capped <= 4, `under a 4 MB cap: ${capped} MB`);
    assert.ok(capped > 2, `and lets it grow up to the cap: ${capped} MB`);
  });

  it('once stopped, gives V8 its own growth back', () => {
    // a 1 MB cap is reached at once (growth factor 1), so only giving the factor back lets the space grow
    const stopped = largestSemiSpace(1, 'stopped');
    assert.ok(stopped > 4, `a 1 MB cap stopped before the load: ${stopped} MB`);
  });
});
