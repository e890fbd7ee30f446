import { likeLiterals, likeMatcher } from './listing.js';
import { ManagerIds } from './managers.js';
import type { SnipeModel, UserRow } from './model.js';
import { SearchIndex } from './search-index.js';
import { SearchRelations } from './search-relations.js';
import { SearchTexts } from './search-text.js';

/** The users a `search` parameter finds. */
export interface SearchMatch {
  /** Whether `u` (deleted or not) matches. */
  has(u: UserRow): boolean;
  /** The ids of the matches, in no order, when found without reading every row: every non-deleted match, maybe not every deleted one. */
  readonly found?: readonly number[];
}

/**
 * TextSearch: every term (split on " OR ") as LIKE '%term%' against the user's own searchable
 * columns and "first last" (`searchText`), and against the related location, department, groups,
 * company and manager. A term holding a literal of three characters or more takes its candidates from
 * the trigram index and checks them; a search with any other term reads every row.
 */
export class UserSearch {
  private readonly texts = new SearchTexts();
  private readonly index: SearchIndex | undefined;
  private readonly managers: ManagerIds | undefined;
  private readonly memberIds = new Map<string, Int32Array>();
  private membersVersion = -1;

  constructor(
    private readonly model: SnipeModel,
    indexed: boolean,
  ) {
    this.index = indexed ? new SearchIndex(model.users) : undefined;
    this.managers = indexed ? new ManagerIds(model.users) : undefined;
  }

  /** Builds the index ahead of the first search. */
  warm(): void {
    this.index?.build();
    this.managers?.ids();
  }

  reset(): void {
    this.texts.clear();
    this.memberIds.clear();
  }

  /** The ids of `rows` (a related record's users), kept while the users table is unchanged: reading ids off row objects is slow. */
  private members(key: string, rows: () => ReadonlySet<UserRow>): Int32Array {
    if (this.membersVersion !== this.model.users.version) {
      this.memberIds.clear();
      this.membersVersion = this.model.users.version;
    }
    let ids = this.memberIds.get(key);
    if (!ids) {
      ids = Int32Array.from(rows(), (u) => u.id);
      this.memberIds.set(key, ids);
    }
    return ids;
  }

  match(search: string): SearchMatch {
    const terms = search.split(' OR ');
    const matchers = terms.map(likeMatcher);
    const related = new SearchRelations(this.model, matchers);
    const literals = terms.map(likeLiterals);
    const runs = literals.map(({ runs }) => runs.reduce((a, b) => (b.length > a.length ? b : a), ''));
    if (!this.index || !this.managers || runs.some((run) => run.length < 3)) {
      const has = (u: UserRow) => matchers.some((match) => match(this.texts.get(u))) || related.has(u);
      return { has };
    }

    const users = this.model.users;
    const marks = new Uint8Array(users.highestId + 1);
    const ids: number[] = [];
    const mark = (id: number) => {
      if (marks[id] === 0) {
        marks[id] = 1;
        ids.push(id);
      }
    };
    terms.forEach((_, t) => {
      const match = matchers[t];
      // a term that is exactly one trigram is answered by the index as is
      const exact = literals[t].whole && literals[t].runs.length === 1 && runs[t].length === 3;
      this.index!.find(runs[t], (id, certain) => {
        if (marks[id] === 1) return;
        if (certain && exact) return mark(id);
        const u = users.get(id);
        if (u && match(this.texts.get(u))) mark(id);
      });
    });
    // related records: their non-deleted users come from the model's look-ups; deleted users are checked one by one
    const m = this.model;
    const markAll = (key: string, rows: () => ReadonlySet<UserRow>) => {
      for (const id of this.members(key, rows)) mark(id);
    };
    for (const id of related.locations) markAll(`l${id}`, () => m.activeByLocation.get(id));
    for (const id of related.departments) markAll(`d${id}`, () => m.activeByDepartment.get(id));
    for (const id of related.companies) markAll(`c${id}`, () => m.activeByCompany.get(id));
    for (const id of related.groups) markAll(`g${id}`, () => m.activeByGroup.get(id));
    for (const boss of this.managers.ids()) if (related.manages(boss)) markAll(`m${boss}`, () => m.activeByManager.get(boss));

    return { has: (u) => marks[u.id] === 1 || (!!u.deleted_at && related.has(u)), found: ids };
  }
}
