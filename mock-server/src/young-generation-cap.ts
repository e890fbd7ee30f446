import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at or under a size once the server listens, as `--max-semi-space-size`
 * would: that flag only counts when the isolate is made, which a script run as `node dist/…` cannot
 * reach. Loading the data wants big semi-spaces (fewer scavenges copying rows that all survive); a
 * serving process does not: its requests' garbage dies young in 8 MB semi-spaces as well as in 16 MB
 * ones, and at 16 MB the young generation held 32 MB of resident memory through every load.
 *
 * V8 grows the new space by `--semi-space-growth-factor` (2) after a scavenge in which much survived,
 * and reads that flag each time it grows: so after every collection this sets it to the factor that
 * takes the semi-space as it is then to the cap at most (1 at the cap). V8 still shrinks the new space
 * when the server goes quiet, and grows it back up to the cap.
 */
export const SEMI_SPACE_CAP_MB = 8;
/** V8's own `--semi-space-growth-factor`. */
const V8_GROWTH_FACTOR = 2;
const MB = 1024 * 1024;

/** The growth factor that takes a semi-space of `semiSpaceBytes` to `capBytes` at most in one step. */
export function growthFactorUnder(semiSpaceBytes: number, capBytes: number): number {
  if (semiSpaceBytes <= 0) return V8_GROWTH_FACTOR;
  return Math.max(1, Math.floor(capBytes / semiSpaceBytes));
}

/** The new space's semi-space capacity now, in bytes. */
export function semiSpaceBytes(): number {
  const s = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return s ? s.space_used_size + s.space_available_size : 0;
}

/** Starts capping; returns what stops it and gives V8 its own growth factor back. */
export function capYoungGeneration(capMb = SEMI_SPACE_CAP_MB): () => void {
  let factor = 0;
  const check = () => {
    const next = growthFactorUnder(semiSpaceBytes(), capMb * MB);
    if (next === factor) return;
    factor = next;
    setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  };
  check();
  const observer = new PerformanceObserver(check);
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    setFlagsFromString(`--semi-space-growth-factor=${V8_GROWTH_FACTOR}`);
  };
}
