/**
 * Parameters written with brackets — `criteria[0][field]=1`, `user[role_ids][]=3`, `input[name]=x` —
 * as PHP (ITSM-NG, Snipe-IT) and Rack (Foreman) read them from query strings and form bodies.
 *
 * Nested values are plain objects with no prototype (so `__proto__`, `constructor` and `prototype`
 * are ordinary keys and can never reach Object.prototype); `[]` appends under the next integer key,
 * as PHP does. Use `listOf` to read such an object as a list.
 */
export type BracketValue = string | BracketObject;
export interface BracketObject {
  [key: string]: BracketValue;
}

const MAX_DEPTH = 32;

export function newBracketObject(): BracketObject {
  return Object.create(null) as BracketObject;
}

export function parseBracketParams(entries: Iterable<[string, string]>): BracketObject {
  const root = newBracketObject();
  for (const [rawKey, value] of entries) {
    const path = splitKey(rawKey);
    if (!path) continue;
    assign(root, path, value);
  }
  return root;
}

/** Parses `a=1&b[c]=2` text (a query string without `?`, or an urlencoded body). */
export function parseBracketQuery(text: string): BracketObject {
  return parseBracketParams(new URLSearchParams(text).entries());
}

/** `a[b][]` → ['a', 'b', '']; a key with unbalanced brackets is taken literally. */
function splitKey(key: string): string[] | undefined {
  const open = key.indexOf('[');
  if (open <= 0) return key ? [key] : undefined;
  const path = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return [key];
    path.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
    if (path.length > MAX_DEPTH) return undefined;
  }
  return path;
}

function assign(target: BracketObject, path: string[], value: string): void {
  let node = target;
  for (let i = 0; i < path.length; i++) {
    let key = path[i];
    if (key === '') key = String(nextIndex(node));
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const child = node[key];
    if (typeof child === 'object') node = child;
    else {
      const fresh = newBracketObject();
      node[key] = fresh;
      node = fresh;
    }
  }
}

function nextIndex(node: BracketObject): number {
  let max = -1;
  for (const k of Object.keys(node)) if (/^\d+$/.test(k) && Number(k) > max) max = Number(k);
  return max + 1;
}

/** The values of a bracket object in key order (or a lone string as a one-element list). */
export function listOf(value: BracketValue | undefined): BracketValue[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  return Object.values(value);
}
