import { commit, type Deps } from './deps.js';
import { notFound, sdpJson, SUCCESS } from './errors.js';
import { rootObject } from './input.js';
import { cachedList, listInfoOut, parseListInput } from './list.js';
import type { UserRow } from './model.js';
import type { Route } from './router.js';
import { prepareUser } from './user-input.js';

/**
 * `/api/v3/technicians`: the users who are technicians, in the technician shape (list, get, edit). A
 * technician keeps its user id; support-group membership and associated sites are edited here.
 */
export function technicianRoutes(d: Deps): Route[] {
  const { m, s } = d;
  const technician = (id: number): UserRow => {
    const u = m.users.get(id);
    if (!u?.tech) throw notFound();
    return u;
  };
  return [
    {
      method: 'GET',
      path: ['technicians'],
      handle(ctx) {
        return cachedList(d, ctx, 'technicians', (input) => {
          const q = parseListInput(input, d.technicians);
          const page = d.lists.run(q, d.technicians);
          const only = s.rowFields(q.fieldsRequired, true);
          return JSON.stringify({
            list_info: listInfoOut(q, page),
            response_status: [SUCCESS],
            technicians: page.rows.map((u) => s.technician(u, 'read', only)),
          });
        });
      },
    },
    {
      method: 'GET',
      path: ['technicians', ':id'],
      handle(ctx) {
        return sdpJson({ response_status: SUCCESS, technician: s.technician(technician(ctx.ids[0]), 'read') });
      },
    },
    {
      method: 'PUT',
      path: ['technicians', ':id'],
      async handle(ctx) {
        const id = ctx.ids[0];
        technician(id);
        const input = rootObject(await ctx.input(), 'technician');
        const row = await prepareUser(m, input, 'technician-update', () => technician(id));
        m.users.put(row);
        await commit(d);
        return sdpJson({ technician: s.technician(row, 'write'), response_status: SUCCESS });
      },
    },
  ];
}
