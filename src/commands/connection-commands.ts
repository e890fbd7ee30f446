import * as vscode from 'vscode';
import { isBackendError } from '../backends/backend-error';
import type { ConnectionInfo, ConnectionSecrets } from '../backends/directory-backend';
import { backendFor } from '../connections/connection-backends';
import { connectionWizard } from '../connections/connection-wizard';
import { PRODUCT_TITLES } from '../model';
import type { TreeNode } from '../tree/nodes';
import { registerCommand, withProgress, type CommandContext } from './command-context';
import { connectionFor } from './pickers';

/** Add, edit, remove and test connections. Adding and editing test the connection before saving. */
export function registerConnectionCommands(ctx: CommandContext): vscode.Disposable[] {
  /** Tests before saving; on failure the user may save anyway, edit again, or give up. */
  const testAndSave = async (connection: ConnectionInfo, secrets: ConnectionSecrets | undefined, fullSecrets: ConnectionSecrets): Promise<'saved' | 'again' | 'cancelled'> => {
    try {
      const summary = await withProgress(`Testing ${connection.label}…`, (signal) => backendFor(connection, fullSecrets, ctx.log).testConnection(signal));
      await ctx.store.save(connection, secrets);
      ctx.backends.forget(connection.id);
      void vscode.window.showInformationMessage(`${connection.label}: ${summary}`);
      return 'saved';
    } catch (e) {
      if (isBackendError(e) && e.kind === 'cancelled') return 'cancelled';
      const text = isBackendError(e) ? e.describe(PRODUCT_TITLES[connection.product]) : (e as Error).message;
      ctx.log.warn(`Testing ${connection.label} failed: ${text}`);
      const choice = await ctx.prompts().confirm(`Could not connect to ${connection.label}`, text, 'Edit Again', 'Save Anyway');
      if (choice === 'Save Anyway') {
        await ctx.store.save(connection, secrets);
        ctx.backends.forget(connection.id);
        return 'saved';
      }
      return choice === 'Edit Again' ? 'again' : 'cancelled';
    }
  };

  const edit = async (start: { connection: ConnectionInfo; secrets: ConnectionSecrets } | undefined) => {
    let editing = start;
    for (;;) {
      const result = await connectionWizard(ctx.prompts(), ctx.store.list().map((c) => c.id), editing);
      if (!result) return;
      const full = { ...(editing?.secrets ?? {}), ...(result.secrets ?? {}) };
      const outcome = await testAndSave(result.connection, result.secrets ?? (editing ? undefined : {}), full);
      if (outcome !== 'again') {
        if (outcome === 'saved') ctx.tree.refresh();
        return;
      }
      editing = { connection: result.connection, secrets: full };
    }
  };

  return [
    registerCommand('userDirectory.addConnection', ctx, () => edit(undefined)),
    registerCommand('userDirectory.editConnection', ctx, async (node?: TreeNode) => {
      const connection = await connectionFor(ctx, node, 'Edit Connection');
      if (!connection) return;
      await edit({ connection, secrets: await ctx.store.getSecrets(connection.id) });
    }),
    registerCommand('userDirectory.removeConnection', ctx, async (node?: TreeNode) => {
      const connection = await connectionFor(ctx, node, 'Remove Connection');
      if (!connection) return;
      const ok = await ctx.prompts().confirm(`Remove ${connection.label}?`, 'The connection and its stored password or token are deleted from VS Code. Nothing changes on the server.', 'Remove');
      if (ok !== 'Remove') return;
      ctx.backends.forget(connection.id);
      await ctx.store.remove(connection.id);
      ctx.tree.refresh();
    }),
    registerCommand('userDirectory.testConnection', ctx, async (node?: TreeNode) => {
      const connection = await connectionFor(ctx, node, 'Test Connection');
      if (!connection) return;
      const backend = await ctx.backends.get(connection);
      const summary = await withProgress(`Testing ${connection.label}…`, (signal) => backend.testConnection(signal));
      void vscode.window.showInformationMessage(`${connection.label}: ${summary}`);
      return summary;
    }),
  ];
}
