import type { ConnectionInfo, DirectoryBackend } from '../backends/directory-backend';
import { PRODUCT_TITLES, type User } from '../model';
import type { CommandContext } from './command-context';

/** The connection of a tree node, or one the user picks (undefined when they cancel). */
export async function connectionFor(ctx: CommandContext, node: unknown, title: string, filter?: (c: ConnectionInfo, b: DirectoryBackend) => boolean): Promise<ConnectionInfo | undefined> {
  const fromNode = (node as { connection?: ConnectionInfo } | undefined)?.connection;
  if (fromNode) return fromNode;
  let connections = ctx.store.list();
  if (filter) {
    const ok = await Promise.all(connections.map(async (c) => filter(c, await ctx.backends.get(c))));
    connections = connections.filter((_, i) => ok[i]);
  }
  if (connections.length === 0) throw new Error('There is no connection for this yet: add one with "User Directory: Add Connection…" or start the mock server.');
  if (connections.length === 1) return connections[0];
  return ctx.prompts().pick(
    connections.map((c) => ({ label: c.label, description: `${PRODUCT_TITLES[c.product]} · ${c.baseUrl}`, value: c })),
    { title, placeholder: 'Choose a connection' },
  );
}

/** A user picked by searching the product as one types. */
export async function pickUser(ctx: CommandContext, connection: ConnectionInfo, title: string): Promise<User | undefined> {
  const backend = await ctx.backends.get(connection);
  return ctx.prompts().searchPick(
    async (text, signal) => {
      const page = await backend.listUsers({ pageSize: 50, search: text || undefined, signal });
      return page.items.map((u) => ({
        label: u.displayName,
        description: [u.login, u.state.active ? undefined : 'disabled', u.state.deleted ? 'in trash' : undefined].filter(Boolean).join(' · '),
        detail: u.email,
        value: u,
      }));
    },
    { title, placeholder: backend.terms.searchHint },
  );
}

/** The user a command acts on: the node's, or one the user picks. */
export async function userFor(ctx: CommandContext, node: unknown, title: string): Promise<{ connection: ConnectionInfo; user: User } | undefined> {
  const n = node as { kind?: string; connection?: ConnectionInfo; user?: User } | undefined;
  if (n?.kind === 'user' && n.connection && n.user) return { connection: n.connection, user: n.user };
  const connection = await connectionFor(ctx, node, title);
  if (!connection) return undefined;
  const user = await pickUser(ctx, connection, title);
  return user ? { connection, user } : undefined;
}
