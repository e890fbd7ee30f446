import { commit, type Deps } from './deps.js';
import { forbidden, notFound, notPossible, sdpJson, sdpText, SUCCESS, SUCCESS_LIST_TEXT, SUCCESS_TEXT } from './errors.js';
import { rootObject } from './input.js';
import { cachedList, listInfoOut, parseListInput } from './list.js';
import type { UserRow } from './model.js';
import type { Route } from './router.js';
import { blankUser, prepareUser } from './user-input.js';
import { ADMIN_ID } from './world.js';

/**
 * `/api/v3/users`: Get List, Add, Get, Edit, Delete, and `PUT /users/{id}/change_as_technician`.
 * POST/PUT answers put the entity before `response_status`; GET answers put `response_status` first;
 * lists answer `response_status` as an array — all as the documentation's examples do.
 */
export function userRoutes(d: Deps): Route[] {
  const { m, s } = d;

  const existing = (id: number): UserRow => {
    const u = m.users.get(id);
    if (!u) throw notFound();
    return u;
  };

  return [
    {
      method: 'GET',
      path: ['users'],
      handle(ctx) {
        return cachedList(d, ctx, 'users', (input) => {
          const q = parseListInput(input, d.users);
          const page = d.lists.run(q, d.users);
          const only = s.rowFields(q.fieldsRequired, false);
          const rows = page.rows.map((u) => (only ? JSON.stringify(s.user(u, 'read', only)) : d.json.read(u)));
          return `{"list_info":${JSON.stringify(listInfoOut(q, page))},"response_status":${SUCCESS_LIST_TEXT},"users":[${rows.join(',')}]}`;
        });
      },
    },
    {
      method: 'POST',
      path: ['users'],
      async handle(ctx) {
        const input = rootObject(await ctx.input(), 'user');
        const planned = await prepareUser(m, input, 'create', blankUser);
        const row: UserRow = { ...planned, id: m.users.nextId(), created: d.env.clock().getTime() };
        m.users.put(row);
        await commit(d);
        return sdpText(`{"user":${d.json.write(row)},"response_status":${SUCCESS_TEXT}}`);
      },
    },
    {
      method: 'GET',
      path: ['users', ':id'],
      handle(ctx) {
        return sdpText(d.json.getAnswer(existing(ctx.ids[0]), SUCCESS_TEXT));
      },
    },
    {
      method: 'PUT',
      path: ['users', ':id'],
      async handle(ctx) {
        const id = ctx.ids[0];
        existing(id);
        const input = rootObject(await ctx.input(), 'user');
        const row = await prepareUser(m, input, 'update', () => existing(id));
        m.users.put(row);
        await commit(d);
        return sdpText(`{"user":${d.json.write(row)},"response_status":${SUCCESS_TEXT}}`);
      },
    },
    {
      method: 'DELETE',
      path: ['users', ':id'],
      async handle(ctx) {
        const u = existing(ctx.ids[0]);
        // the API key belongs to the administrator, who cannot delete himself
        if (u.id === ADMIN_ID) throw forbidden('The logged in user cannot be deleted');
        // people who reported to the deleted user now report to no one
        for (const r of [...m.reports.get(u.id)]) m.users.put({ ...r, manager: undefined });
        m.users.delete(u.id);
        await commit(d);
        return sdpJson({ response_status: SUCCESS });
      },
    },
    {
      method: 'PUT',
      path: ['users', ':id', 'change_as_technician'],
      async handle(ctx) {
        const id = ctx.ids[0];
        if (existing(id).tech) throw notPossible('The user is already a technician');
        const input = rootObject(await ctx.input(), 'technician');
        const base = () => {
          const u = existing(id);
          if (u.tech) throw notPossible('The user is already a technician');
          return u;
        };
        const row = await prepareUser(m, input, 'technician', base);
        m.users.put(row);
        await commit(d);
        return sdpJson({ technician: s.technician(row, 'write'), response_status: SUCCESS });
      },
    },
  ];
}
