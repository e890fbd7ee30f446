import * as vscode from 'vscode';
import type { LoadMoreNode, TreeNode } from '../tree/nodes';
import { registerCommand, type CommandContext } from './command-context';
import { connectionFor } from './pickers';

/** Refresh, paging, search and the log. */
export function registerViewCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    registerCommand('userDirectory.refresh', ctx, () => ctx.tree.refresh()),
    registerCommand('userDirectory.refreshNode', ctx, (node?: TreeNode) => ctx.tree.refresh(node)),
    registerCommand('userDirectory.loadMore', ctx, (node: LoadMoreNode) => ctx.tree.loadMore(node)),
    registerCommand('userDirectory.searchUsers', ctx, async (node?: TreeNode) => {
      const connection = await connectionFor(ctx, node, 'Search Users');
      if (!connection) return;
      const backend = await ctx.backends.get(connection);
      const text = await ctx.prompts().input({
        title: `Search ${backend.terms.users} of ${connection.label}`,
        prompt: 'Searched on the server with the product’s own search. Empty clears the search.',
        placeHolder: backend.terms.searchHint,
        value: ctx.tree.searchText(connection.id) ?? '',
      });
      if (text === undefined) return;
      ctx.tree.setSearch(connection.id, text);
      const node0 = ctx.tree.connectionNode(connection.id);
      if (node0) await ctx.treeView.reveal(node0, { expand: true, focus: false, select: false }).then(undefined, () => undefined);
    }),
    registerCommand('userDirectory.clearSearch', ctx, async (node?: TreeNode) => {
      const connection = node?.connection ?? (await connectionFor(ctx, undefined, 'Clear Search', (c) => ctx.tree.searchText(c.id) !== undefined));
      if (connection) ctx.tree.setSearch(connection.id, undefined);
    }),
    registerCommand('userDirectory.showLog', ctx, () => ctx.log.show()),
  ];
}
