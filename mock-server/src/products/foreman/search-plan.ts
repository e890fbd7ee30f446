import { DEFAULT_ROLE_ID } from './constants.js';
import { compareListOrder, isHidden, NO_IDS, type ForemanModel, type UsergroupRow, type UserRow } from './model.js';
import { parse, type Node, type SearchDefinition } from './search.js';
import { COLUMN, foldText, UserTextIndex } from './user-text-index.js';

/** The text columns the trigram index covers. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(['login', 'firstname', 'lastname', 'mail', 'description']);
/** What free text searches besides them (scoped_search's default fields of User). */
const RELATION_FIELDS: ReadonlySet<string> = new Set(['role', 'usergroup', 'auth_source', 'auth_source_type']);
/** Past this many rows found through roles and groups, a scan is as quick. */
const MAX_RELATION_ROWS = 20_000;

/**
 * Narrows a user search to candidate rows before the exact predicate runs: for the shapes an index
 * can answer (`login ~ text`, `mail = text`, free text, and AND/OR of those), the rows that can
 * possibly match, in list order; null otherwise (then every row is tested, as before).
 *
 * Candidates are a superset of the matches: "field contains text" needs the text's trigrams in the
 * row (see UserTextIndex), `=` needs it all the more, and free text also looks through the roles,
 * user groups and auth sources whose names could match.
 */
export class SearchPlanner {
  private readonly index: UserTextIndex;
  /** Whether free text covers exactly the fields handled here (checked once against the definition). */
  private readonly freeTextKnown: boolean;
  private relations: { version: number; roles: Map<number, UserRow[]>; groups: Map<number, UserRow[]> } | undefined;

  constructor(
    private readonly model: ForemanModel,
    private readonly def: SearchDefinition<UserRow, UsergroupRow>,
  ) {
    this.index = model.users.watch(new UserTextIndex(model.usersByFirstname, (u) => !isHidden(u), compareListOrder));
    const free = [...def.fields].filter(([, f]) => !f.explicitOnly && !f.set && !f.ext && (f.type === 'string' || f.type === 'text')).map(([name]) => name);
    const others = [...def.fields.values()].some((f) => !f.explicitOnly && !f.set && !f.ext && f.type !== 'string' && f.type !== 'text');
    this.freeTextKnown = !others && free.length === TEXT_FIELDS.size + RELATION_FIELDS.size && free.every((n) => TEXT_FIELDS.has(n) || RELATION_FIELDS.has(n));
  }

  /** Candidate rows among all visible users, in list order, or null to test every row. */
  candidates(search: string): UserRow[] | null {
    let node: Node;
    try {
      node = parse(search);
    } catch {
      return null;
    }
    return this.plan(node);
  }

  private plan(node: Node): UserRow[] | null {
    if (node.kind === 'leaf') {
      if (this.def.fields.get(node.value)?.set) return null;
      return this.freeText(node.value);
    }
    if (node.kind === 'logical') {
      const parts = node.children.map((c) => this.plan(c));
      if (node.op === 'and') {
        let best: UserRow[] | null = null;
        for (const p of parts) if (p && (!best || p.length < best.length)) best = p;
        return best;
      }
      if (parts.some((p) => p === null)) return null;
      return union(parts as UserRow[][]);
    }
    if (node.op !== 'like' && node.op !== 'eq') return null;
    const [a, b] = node.children;
    if (node.children.length === 1 && a.kind === 'leaf') return this.freeText(a.value, node.op);
    if (node.children.length !== 2 || a.kind !== 'leaf' || b.kind !== 'leaf' || !TEXT_FIELDS.has(a.value)) return null;
    return this.text(b.value, node.op, COLUMN[a.value as keyof typeof COLUMN]);
  }

  private text(value: string, op: 'like' | 'eq' = 'like', columns?: number): UserRow[] | null {
    // a LIKE pattern (wildcards, escapes) has no fixed text to look for
    if (op === 'like' && /[%*_\\]/.test(value)) return null;
    return this.index.candidates(value, columns);
  }

  /** Free text: the text columns, and the users holding a role, user group or auth source whose name could match. */
  private freeText(value: string, op: 'like' | 'eq' = 'like'): UserRow[] | null {
    if (!this.freeTextKnown) return null;
    const fromText = this.text(value, op);
    if (!fromText) return null;
    const needle = foldText(value);
    const m = this.model;
    const may = (name: string | null | undefined) => name != null && foldText(name).includes(needle);
    for (const s of m.authSources.values()) if (may(s.name) || may(s.type)) return null;
    const roles = [...m.roles.values()].filter((r) => may(r.name)).map((r) => r.id);
    if (roles.includes(DEFAULT_ROLE_ID)) return null;
    const named = new Set([...m.usergroups.values()].filter((g) => may(g.name)).map((g) => g.id));
    if (!roles.length && !named.size) return fromText;
    const lists = this.relationLists();
    const found: UserRow[][] = [fromText];
    let extra = 0;
    for (const id of roles) {
      const holders = lists.roles.get(id);
      if (holders) (found.push(holders), (extra += holders.length));
    }
    for (const g of m.usergroups.values()) {
      let hit = false;
      for (const a of m.groupAncestors(g.id)) if (named.has(a)) hit = true;
      const members = hit ? lists.groups.get(g.id) : undefined;
      if (members) (found.push(members), (extra += members.length));
    }
    if (extra > MAX_RELATION_ROWS) return null;
    return union(found);
  }

  /**
   * The visible users holding each role directly, and the direct members of each user group, in list
   * order: made in one pass over the list, kept until the users change.
   */
  private relationLists(): { roles: Map<number, UserRow[]>; groups: Map<number, UserRow[]> } {
    const version = this.model.users.version;
    if (this.relations?.version === version) return this.relations;
    const roles = new Map<number, UserRow[]>();
    const groups = new Map<number, UserRow[]>();
    const push = (map: Map<number, UserRow[]>, id: number, u: UserRow) => {
      const list = map.get(id);
      if (list === undefined) map.set(id, [u]);
      else if (list[list.length - 1] !== u) list.push(u);
    };
    for (const u of this.model.usersByFirstname.all()) {
      for (const id of u.roles ?? NO_IDS) push(roles, id, u);
      for (const id of u.groups ?? NO_IDS) push(groups, id, u);
    }
    this.relations = { version, roles, groups };
    return this.relations;
  }
}

/** Sorted lists merged into one, in list order, without repeats. */
function union(lists: UserRow[][]): UserRow[] {
  let out: UserRow[] = [];
  for (const list of lists) {
    const merged: UserRow[] = [];
    let i = 0;
    let j = 0;
    while (i < out.length || j < list.length) {
      if (j >= list.length) merged.push(out[i++]);
      else if (i >= out.length) merged.push(list[j++]);
      else {
        const c = compareListOrder(out[i], list[j]);
        if (c < 0) merged.push(out[i++]);
        else if (c > 0) merged.push(list[j++]);
        else {
          merged.push(out[i++]);
          j++;
        }
      }
    }
    out = merged;
  }
  return out;
}

