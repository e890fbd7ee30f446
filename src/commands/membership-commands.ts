import * as vscode from 'vscode';
import type { MembershipKind } from '../model';
import type { MembershipNode, TreeNode } from '../tree/nodes';
import { registerCommand, withProgress, type CommandContext } from './command-context';
import { addMembershipFlow, describeMembership } from './membership-flow';
import { userFor } from './pickers';

export function registerMembershipCommands(ctx: CommandContext): vscode.Disposable[] {
  const add = (kind: MembershipKind) => async (node?: TreeNode) => {
    // from a user's "Groups"/"Profiles" node, or from the user itself, or chosen
    const n = node?.kind === 'user-memberships' ? { kind: 'user', connection: node.connection, user: { id: node.userId } } : node;
    const target = await userFor(ctx, n, kind === 'group' ? 'Add to Group' : 'Assign Profile');
    if (!target) return;
    const backend = await ctx.backends.get(target.connection);
    const done = await addMembershipFlow(ctx.prompts(), backend, target.connection, target.user.id, kind);
    if (done) ctx.tree.refresh(node ?? undefined);
  };
  return [
    registerCommand('userDirectory.addToGroup', ctx, add('group')),
    registerCommand('userDirectory.assignProfile', ctx, add('profile')),
    registerCommand('userDirectory.removeMembership', ctx, async (node: MembershipNode) => {
      const backend = await ctx.backends.get(node.connection);
      const term = (node.membership.kind === 'group' ? backend.terms.group : backend.terms.profile) ?? node.membership.kind;
      const ok = await ctx.prompts().confirm(`Remove this ${term}?`, `The user loses ${describeMembership(node.membership)} on ${node.connection.label}.`, 'Remove');
      if (ok !== 'Remove') return;
      await withProgress('Removing…', (signal) => backend.removeMembership(node.userId, node.membership, signal));
      ctx.tree.refresh(ctx.tree.getParent(node));
    }),
  ];
}
