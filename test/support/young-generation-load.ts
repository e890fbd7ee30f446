/*
 * A child program for the young-generation cap's test: allocates objects of which many live through a
 * few scavenges (what makes V8 grow the new space), optionally under the cap given in MB as its
 * argument, and prints the largest semi-space it saw, in MB.
 */
import { capYoungGeneration, semiSpaceBytes } from '../../mock-server/src/young-generation-cap';

async function main(): Promise<void> {
  const capMb = Number(process.argv[2]);
  const stop = capMb > 0 ? capYoungGeneration(capMb) : undefined;
  // `stopped`: the cap is stopped before the load, which must then grow the space as without one
  if (process.argv[3] === 'stopped') stop?.();
  const ring: unknown[] = new Array(300_000);
  let largest = 0;
  for (let turn = 0; turn < 400; turn++) {
    for (let i = 0; i < 5000; i++) ring[(turn * 5000 + i) % ring.length] = { turn, i, list: [i] };
    largest = Math.max(largest, semiSpaceBytes() / (1024 * 1024));
    // the cap acts after collections, from the event loop, as it does between a server's requests
    await new Promise((done) => setImmediate(done));
  }
  process.stdout.write(`${JSON.stringify({ largestSemiSpaceMb: largest })}\n`);
}

void main();
