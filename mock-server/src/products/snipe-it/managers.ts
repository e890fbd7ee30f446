import type { Table, TableIndex } from '../../store/table.js';
import type { UserRow } from './model.js';

/**
 * The ids of users who manage at least one non-deleted user (the keys `activeByManager` has), so a
 * search reads the few managers' names rather than every user's manager. Counted on first use.
 */
export class ManagerIds implements TableIndex<UserRow> {
  private reports: Map<number, number> | undefined;

  constructor(private readonly table: Table<UserRow>) {
    table.watch(this);
  }

  ids(): Iterable<number> {
    if (!this.reports) {
      this.reports = new Map();
      for (const u of this.table.values()) this.add(u);
    }
    return this.reports.keys();
  }

  add(row: UserRow): void {
    const id = managerOf(row);
    if (this.reports && id !== undefined) this.reports.set(id, (this.reports.get(id) ?? 0) + 1);
  }

  remove(row: UserRow): void {
    const id = managerOf(row);
    if (!this.reports || id === undefined) return;
    const n = this.reports.get(id)! - 1;
    if (n > 0) this.reports.set(id, n);
    else this.reports.delete(id);
  }

  clear(): void {
    this.reports = undefined;
  }

  /** Counted from the table on first use: registering needs no pass over the rows. */
  attach(): void {}
}

/** The manager of a non-deleted user, as `activeByManager` keys it. */
function managerOf(u: UserRow): number | undefined {
  return u.deleted_at ? undefined : (u.manager_id ?? undefined);
}
