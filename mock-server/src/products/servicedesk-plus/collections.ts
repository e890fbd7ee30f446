import type { Deps } from './deps.js';
import { notFound, sdpJson, SUCCESS } from './errors.js';
import { cachedList, listInfoOut, parseListInput, type ListSource } from './list.js';
import type { NamedRow } from './model.js';
import type { Route } from './router.js';

/**
 * The read-only collections the user records refer to: departments (with their site), sites, roles and
 * support groups — list (same list_info conventions as users) and get.
 */
export function collectionRoutes(d: Deps): Route[] {
  return [
    ...routes('departments', 'department', d, d.departments, d.m.departments.table, (r) => d.s.departmentEntity(r)),
    ...routes('sites', 'site', d, d.sites, d.m.sites.table, (r) => d.s.siteEntity(r)),
    ...routes('roles', 'role', d, d.roles, d.m.roles.table, (r) => d.s.roleEntity(r)),
    ...routes('support_groups', 'support_group', d, d.supportGroups, d.m.supportGroups.table, (r) => d.s.supportGroupEntity(r)),
  ];
}

function routes<R extends NamedRow>(
  plural: string,
  single: string,
  d: Deps,
  source: ListSource<R>,
  table: { get(id: number): R | undefined },
  render: (row: R) => Record<string, unknown>,
): Route[] {
  return [
    {
      method: 'GET',
      path: [plural],
      handle(ctx) {
        return cachedList(d, ctx, plural, (input) => {
          const q = parseListInput(input, source);
          const page = d.lists.run(q, source);
          const only = q.fieldsRequired ? new Set(['id', ...q.fieldsRequired]) : undefined;
          const rows = page.rows.map((r) => {
            const full = render(r);
            if (!only) return full;
            const picked: Record<string, unknown> = {};
            for (const k of Object.keys(full)) if (only.has(k)) picked[k] = full[k];
            return picked;
          });
          return JSON.stringify({ list_info: listInfoOut(q, page), response_status: [SUCCESS], [plural]: rows });
        });
      },
    },
    {
      method: 'GET',
      path: [plural, ':id'],
      handle(ctx) {
        const row = table.get(ctx.ids[0]);
        if (!row) throw notFound();
        return sdpJson({ response_status: SUCCESS, [single]: render(row) });
      },
    },
  ];
}
