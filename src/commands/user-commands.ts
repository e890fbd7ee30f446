import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import { registerCommand, withProgress, type CommandContext } from './command-context';
import { connectionFor, userFor } from './pickers';

/** Open, create, delete (trash or purge), restore, enable and disable users. */
export function registerUserCommands(ctx: CommandContext): vscode.Disposable[] {
  const open = async (node?: TreeNode) => {
    const target = await userFor(ctx, node, 'Open User');
    if (target) await ctx.editors.open(target.connection, target.user.id);
  };
  return [
    registerCommand('userDirectory.openUser', ctx, open),
    registerCommand('userDirectory.editUser', ctx, open),
    registerCommand('userDirectory.createUser', ctx, async (node?: TreeNode) => {
      const connection = await connectionFor(ctx, node, 'Create User', (_c, b) => b.capabilities.createUser);
      if (connection) await ctx.editors.openCreate(connection);
    }),
    registerCommand('userDirectory.deleteUser', ctx, async (node?: TreeNode) => {
      const target = await userFor(ctx, node, 'Delete User');
      if (!target) return;
      const { connection, user } = target;
      const backend = await ctx.backends.get(connection);
      const caps = backend.capabilities;
      const trashable = caps.trash && !user.state.deleted;
      const buttons = trashable ? (caps.purge ? ['Move to Trash', 'Delete Permanently'] : ['Move to Trash']) : ['Delete Permanently'];
      const detail = trashable
        ? `${user.login} on ${connection.label} can be restored from the trash${caps.purge ? ', unless deleted permanently' : ''}.`
        : `${user.login} on ${connection.label} is deleted for good. This cannot be undone.`;
      const choice = await ctx.prompts().confirm(`Delete ${user.displayName}?`, detail, ...buttons);
      if (!choice) return;
      const purge = choice === 'Delete Permanently';
      await withProgress(`Deleting ${user.displayName}…`, (signal) => backend.deleteUser(user.id, { purge }, signal));
      if (purge) ctx.editors.close(connection.id, user.id);
      ctx.tree.refreshConnection(connection.id);
      void vscode.window.showInformationMessage(purge ? `${user.displayName} was deleted.` : `${user.displayName} was moved to the trash.`);
    }),
    registerCommand('userDirectory.restoreUser', ctx, async (node?: TreeNode) => {
      const target = await userFor(ctx, node, 'Restore User');
      if (!target) return;
      const backend = await ctx.backends.get(target.connection);
      await withProgress(`Restoring ${target.user.displayName}…`, (signal) => backend.restoreUser(target.user.id, signal));
      ctx.tree.refreshConnection(target.connection.id);
    }),
    ...(['enableUser', 'disableUser'] as const).map((name) =>
      registerCommand(`userDirectory.${name}`, ctx, async (node?: TreeNode) => {
        const target = await userFor(ctx, node, name === 'enableUser' ? 'Enable User' : 'Disable User');
        if (!target) return;
        const backend = await ctx.backends.get(target.connection);
        await withProgress(`${name === 'enableUser' ? 'Enabling' : 'Disabling'} ${target.user.displayName}…`, (signal) => backend.setUserActive(target.user.id, name === 'enableUser', signal));
        ctx.tree.refreshConnection(target.connection.id);
      }),
    ),
  ];
}
