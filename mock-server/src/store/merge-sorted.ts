/** Two lists sorted by `compare` as one sorted list; on ties, `a`'s rows come first. */
export function mergeSorted<R>(a: readonly R[], b: readonly R[], compare: (x: R, y: R) => number): R[] {
  const out: R[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compare(a[i], b[j]) <= 0)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
