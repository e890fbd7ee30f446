import type { SnipeModel, UserRow } from './model.js';
import { foldLike } from './php.js';

/**
 * The related records a search matches: TextSearch also finds a user through the name (or address)
 * of their location, department, company or a group, or the names of their non-deleted manager.
 */
export class SearchRelations {
  readonly locations = new Set<number>();
  readonly departments = new Set<number>();
  readonly companies = new Set<number>();
  readonly groups = new Set<number>();
  private readonly managers = new Map<number, boolean>();

  constructor(
    private readonly model: SnipeModel,
    private readonly matchers: ReadonlyArray<(folded: string) => boolean>,
  ) {
    const m = model;
    for (const l of m.locations.values()) if (this.any(l.name, l.address, l.address2, l.city, l.state, l.zip)) this.locations.add(l.id);
    for (const d of m.departments.values()) if (this.any(d.name)) this.departments.add(d.id);
    for (const g of m.groups.values()) if (this.any(g.name)) this.groups.add(g.id);
    for (const c of m.companies.values()) if (this.any(c.name)) this.companies.add(c.id);
  }

  /** Whether user `id` is not deleted and their first name, last name or username matches. */
  manages(id: number): boolean {
    let hit = this.managers.get(id);
    if (hit === undefined) {
      const boss = this.model.activeUser(id);
      hit = !!boss && this.any(boss.first_name, boss.last_name, boss.username);
      this.managers.set(id, hit);
    }
    return hit;
  }

  /** Whether the search finds `u` through a related record. */
  has(u: UserRow): boolean {
    if (u.location_id && this.locations.has(u.location_id)) return true;
    if (u.department_id && this.departments.has(u.department_id)) return true;
    if (u.company_id && this.companies.has(u.company_id)) return true;
    if (u.groups) for (const g of u.groups) if (this.groups.has(g)) return true;
    return !!u.manager_id && this.manages(u.manager_id);
  }

  private any(...values: Array<string | null | undefined>): boolean {
    const text = values.filter((v): v is string => v !== null && v !== undefined).map(foldLike).join('\u0001');
    return this.matchers.some((match) => match(text));
  }
}
