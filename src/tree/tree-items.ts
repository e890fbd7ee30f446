import * as vscode from 'vscode';
import type { DirectoryBackend } from '../backends/directory-backend';
import { PRODUCT_TITLES } from '../model';
import type { TreeNode, UserNode } from './nodes';

/** How each node looks: label, description, icon, tooltip, context value (menus), click command. */
export function treeItemFor(node: TreeNode, backend: DirectoryBackend | undefined, extras: { total?: number; search?: string; count?: number }): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'connection': {
      const c = node.connection;
      const item = new vscode.TreeItem(c.label, C.Collapsed);
      const host = safeHost(c.baseUrl);
      item.description = `${PRODUCT_TITLES[c.product]} · ${host}`;
      item.iconPath = new vscode.ThemeIcon(c.rejectUnauthorized ? 'plug' : 'unlock', c.rejectUnauthorized ? undefined : new vscode.ThemeColor('problemsWarningIcon.foreground'));
      const tip = new vscode.MarkdownString();
      tip.appendMarkdown('**').appendText(c.label).appendMarkdown('**  \n');
      tip.appendText(`${PRODUCT_TITLES[c.product]} at ${c.baseUrl}`);
      if (c.username) tip.appendMarkdown('  \n').appendText(`Signed in as ${c.username}`);
      if (!c.rejectUnauthorized) tip.appendMarkdown('\n\n$(warning) ').appendText('TLS certificate verification is OFF for this connection.');
      tip.supportThemeIcons = true;
      item.tooltip = tip;
      item.contextValue = ['connection', backend?.capabilities.createUser ? 'can-create' : ''].join(' ').trim();
      return item;
    }
    case 'category': {
      const labels = { users: backend?.terms.users ?? 'Users', trash: backend?.terms.trash ?? 'Trash', groups: backend?.terms.groups ?? 'Groups', profiles: backend?.terms.profiles ?? 'Profiles' };
      const item = new vscode.TreeItem(labels[node.category], C.Collapsed);
      item.iconPath = new vscode.ThemeIcon({ users: 'person', trash: 'trash', groups: 'organization', profiles: 'shield' }[node.category]);
      if (extras.total !== undefined) item.description = extras.search ? `${extras.total} matching` : String(extras.total);
      item.contextValue = ['category', node.category, node.category === 'users' && backend?.capabilities.createUser ? 'can-create' : ''].join(' ').trim();
      return item;
    }
    case 'search-filter': {
      const item = new vscode.TreeItem(`Search: ${node.text}`, C.None);
      item.iconPath = new vscode.ThemeIcon('filter');
      item.description = node.total === undefined ? undefined : `${node.total} found`;
      item.tooltip = `Users are filtered by "${node.text}". Clear the search to see all users.`;
      item.accessibilityInformation = { label: `Search: ${node.text}${node.total === undefined ? '' : `, ${node.total} found`}` };
      item.contextValue = 'search-filter';
      return item;
    }
    case 'user':
      return userItem(node, backend);
    case 'user-memberships': {
      const label = node.membershipKind === 'group' ? (backend?.terms.groups ?? 'Groups') : (backend?.terms.profiles ?? 'Profiles');
      const item = new vscode.TreeItem(label, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon(node.membershipKind === 'group' ? 'organization' : 'shield');
      if (extras.count !== undefined) item.description = String(extras.count);
      const canAdd = node.membershipKind === 'group' ? backend?.capabilities.editGroupMembership : backend?.capabilities.editProfileMembership;
      item.contextValue = ['user-memberships', canAdd ? (node.membershipKind === 'group' ? 'can-add-group' : 'can-add-profile') : ''].join(' ').trim();
      return item;
    }
    case 'membership': {
      const m = node.membership;
      const item = new vscode.TreeItem(m.targetName, C.None);
      item.description = m.detail;
      item.iconPath = new vscode.ThemeIcon(m.kind === 'group' ? 'organization' : 'shield');
      item.contextValue = ['membership', m.kind, m.removable ? 'removable' : ''].join(' ').trim();
      return item;
    }
    case 'group':
    case 'profile': {
      const thing = node.kind === 'group' ? node.group : node.profile;
      const item = new vscode.TreeItem(thing.name, C.Collapsed);
      item.description = [thing.description, thing.memberCount === undefined ? undefined : `${thing.memberCount} members`].filter(Boolean).join(' · ') || undefined;
      item.iconPath = new vscode.ThemeIcon(node.kind === 'group' ? 'organization' : 'shield');
      const tip = new vscode.MarkdownString().appendMarkdown('**').appendText(thing.name).appendMarkdown('**');
      if (thing.description) tip.appendMarkdown('  \n').appendText(thing.description);
      tip.appendMarkdown('  \n').appendText(`ID ${thing.id}`);
      item.tooltip = tip;
      item.contextValue = [node.kind, backend?.webUrl(node.kind, thing.id) ? 'web-ui' : ''].join(' ').trim();
      return item;
    }
    case 'load-more': {
      const item = new vscode.TreeItem('Load more…', C.None);
      item.description = node.total === undefined ? `${node.loaded} shown` : `${node.loaded} of ${node.total}`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'userDirectory.loadMore', title: 'Load More', arguments: [node] };
      item.contextValue = 'load-more';
      return item;
    }
    case 'message': {
      const title = PRODUCT_TITLES[node.connection.product];
      const text = node.error ? node.error.describe(title) : node.text;
      const item = new vscode.TreeItem(text, C.None);
      if (node.tone === 'error') {
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = new vscode.MarkdownString().appendText(text).appendMarkdown('\n\n').appendText('Click to retry, or edit the connection.');
        item.command = { command: 'userDirectory.refreshNode', title: 'Retry', arguments: [node.parent] };
        item.contextValue = 'error';
      } else {
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 'message';
      }
      return item;
    }
  }
}

function userItem(node: UserNode, backend: DirectoryBackend | undefined): vscode.TreeItem {
  const user = node.user;
  const caps = backend?.capabilities;
  const hasChildren = Boolean(caps?.groups || caps?.profiles);
  const item = new vscode.TreeItem(user.displayName, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  const tags = [user.login !== user.displayName ? user.login : undefined, !user.state.active ? 'disabled' : undefined, user.state.deleted ? 'in trash' : undefined, user.state.admin ? 'admin' : undefined, user.state.technician ? 'technician' : undefined];
  item.description = tags.filter(Boolean).join(' · ');
  item.iconPath = user.state.deleted
    ? new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'))
    : !user.state.active
      ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'))
      : user.state.admin
        ? new vscode.ThemeIcon('shield')
        : user.state.technician
          ? new vscode.ThemeIcon('tools')
          : new vscode.ThemeIcon('account');
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown('**').appendText(user.displayName).appendMarkdown('**  \n');
  tip.appendText(`Login: ${user.login}`).appendMarkdown('  \n');
  if (user.email) tip.appendText(`Email: ${user.email}`).appendMarkdown('  \n');
  if (user.detail) tip.appendText(user.detail).appendMarkdown('  \n');
  tip.appendText(`ID ${user.id} · ${[user.state.active ? 'active' : 'disabled', user.state.deleted ? 'in trash' : '', user.state.admin ? 'administrator' : '', user.state.technician ? 'technician' : ''].filter(Boolean).join(', ')}`);
  item.tooltip = tip;
  item.command = { command: 'userDirectory.openUser', title: 'Open User', arguments: [node] };
  const ctx = ['user'];
  if (caps?.updateUser) ctx.push('can-update');
  if (caps?.deleteUser && !(user.state.deleted && !caps.purge)) ctx.push('can-delete');
  if (caps?.restore && user.state.deleted) ctx.push('can-restore');
  if (caps?.enableDisable && !user.state.deleted) ctx.push(user.state.active ? 'can-disable' : 'can-enable');
  if (caps?.editGroupMembership) ctx.push('can-add-group');
  if (caps?.editProfileMembership) ctx.push('can-add-profile');
  if (backend?.webUrl('user', user.id)) ctx.push('web-ui');
  item.contextValue = ctx.join(' ');
  return item;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
