/**
 * A small seeded pseudo-random generator (mulberry32 over a splitmix32-scrambled seed): the same seed
 * gives the same sequence on every machine, which is what makes seed files byte-identical.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    let z = (seed >>> 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.state = (z ^ (z >>> 16)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** `count` distinct indexes below `n`, ascending. */
  sample(n: number, count: number): number[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, n)) chosen.add(this.int(n));
    return [...chosen].sort((a, b) => a - b);
  }

  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i++) s += String(this.int(10));
    return s;
  }
}
