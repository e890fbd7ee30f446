import * as vscode from 'vscode';
import type { ItemNode } from '../tree/nodes';
import { registerCommand, type CommandContext } from './command-context';

function itemOf(node: ItemNode): { id: string; raw: unknown; kind: 'user' | 'group' | 'profile' } {
  if (node.kind === 'user') return { id: node.user.id, raw: node.user.raw, kind: 'user' };
  if (node.kind === 'group') return { id: node.group.id, raw: node.group.raw, kind: 'group' };
  return { id: node.profile.id, raw: node.profile.raw, kind: 'profile' };
}

/** Copy ID, Copy as JSON (the product's own record), Open in the product's web UI. */
export function registerClipboardCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    registerCommand('userDirectory.copyId', ctx, async (node: ItemNode) => {
      await vscode.env.clipboard.writeText(itemOf(node).id);
      vscode.window.setStatusBarMessage(`Copied ID ${itemOf(node).id}`, 3000);
    }),
    registerCommand('userDirectory.copyAsJson', ctx, async (node: ItemNode) => {
      await vscode.env.clipboard.writeText(JSON.stringify(itemOf(node).raw, null, 2));
      vscode.window.setStatusBarMessage('Copied as JSON', 3000);
    }),
    registerCommand('userDirectory.openInWebUi', ctx, async (node: ItemNode) => {
      const backend = await ctx.backends.get(node.connection);
      const { kind, id } = itemOf(node);
      const url = backend.webUrl(kind, id);
      if (!url) throw new Error(`${node.connection.label} has no web page for this ${kind}.`);
      await vscode.env.openExternal(vscode.Uri.parse(url));
    }),
  ];
}
