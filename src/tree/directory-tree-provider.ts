import * as vscode from 'vscode';
import { BackendError, isBackendError } from '../backends/backend-error';
import type { ConnectionInfo, DirectoryBackend } from '../backends/directory-backend';
import type { ConnectionBackends } from '../connections/connection-backends';
import type { ConnectionStore } from '../connections/connection-store';
import type { Membership, Page, User } from '../model';
import type { CategoryKind, ConnectionNode, ListParent, LoadMoreNode, MessageNode, SearchFilterNode, TreeNode, UserNode } from './nodes';
import { PagedList } from './paged-list';
import { treeItemFor } from './tree-items';

function pageSize(): number {
  return vscode.workspace.getConfiguration('userDirectory').get<number>('pageSize', 50);
}

/**
 * The User Directory tree: connection → Users / Groups / Profiles (product terms) → items. Groups
 * and profiles expand to their members, users to their groups and profiles. Every list is paged with
 * the product's own paging ("Load more…"); users can be filtered by a server-side search.
 */
export class DirectoryTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly lists = new Map<string, PagedList<TreeNode>>();
  private readonly memberships = new Map<string, Promise<Membership[]>>();
  private readonly searches = new Map<string, string>();
  private readonly parents = new Map<string, TreeNode>();
  /** VS Code matches tree elements by identity: a connection's node is one object while it is unchanged. */
  private readonly connectionNodes = new Map<string, ConnectionNode>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: ConnectionStore,
    private readonly backends: ConnectionBackends,
  ) {
    this.subscription = store.onDidChange(() => this.refresh());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  // ---- what commands use ----

  /** Forgets what was fetched under `node` (everything when absent) and shows it again. */
  refresh(node?: TreeNode): void {
    if (!node) {
      this.lists.clear();
      this.memberships.clear();
      this.changed.fire(undefined);
      return;
    }
    for (const key of [...this.lists.keys()]) if (key === node.id || key.startsWith(`${node.id}/`)) this.lists.delete(key);
    for (const key of [...this.memberships.keys()]) if (key.startsWith(node.id)) this.memberships.delete(key);
    this.changed.fire(node.kind === 'message' || node.kind === 'load-more' ? node.parent : node);
  }

  /** Refreshes whatever shows this connection's data (after a change made elsewhere). */
  refreshConnection(connectionId: string): void {
    for (const key of [...this.lists.keys()]) if (key.startsWith(`c:${connectionId}`)) this.lists.delete(key);
    for (const key of [...this.memberships.keys()]) if (key.startsWith(`c:${connectionId}`)) this.memberships.delete(key);
    const node = this.connectionNode(connectionId);
    this.changed.fire(node);
  }

  async loadMore(node: LoadMoreNode): Promise<void> {
    const list = this.lists.get(node.parent.id);
    if (!list) return;
    await list.loadMore();
    this.changed.fire(node.parent);
  }

  setSearch(connectionId: string, text: string | undefined): void {
    if (text?.trim()) this.searches.set(connectionId, text.trim());
    else this.searches.delete(connectionId);
    void vscode.commands.executeCommand('setContext', 'userDirectory.searchActive', this.searches.size > 0);
    for (const key of [...this.lists.keys()]) if (key.startsWith(`c:${connectionId}/users`)) this.lists.delete(key);
    this.changed.fire(this.connectionNode(connectionId));
  }

  searchText(connectionId: string): string | undefined {
    return this.searches.get(connectionId);
  }

  connectionNode(connectionId: string): ConnectionNode | undefined {
    const connection = this.store.get(connectionId);
    return connection ? this.nodeFor(connection) : undefined;
  }

  private nodeFor(connection: ConnectionInfo): ConnectionNode {
    const known = this.connectionNodes.get(connection.id);
    if (known && JSON.stringify(known.connection) === JSON.stringify(connection)) return known;
    const node: ConnectionNode = { kind: 'connection', id: `c:${connection.id}`, connection };
    this.connectionNodes.set(connection.id, node);
    return node;
  }

  usersCategory(connection: ConnectionInfo): TreeNode {
    return { kind: 'category', id: `c:${connection.id}/users`, connection, category: 'users' };
  }

  /** The nodes currently loaded under a list parent (for tests and reveal). */
  loadedChildren(parentId: string): readonly TreeNode[] {
    return this.lists.get(parentId)?.items ?? [];
  }

  // ---- TreeDataProvider ----

  async getTreeItem(node: TreeNode): Promise<vscode.TreeItem> {
    const backend = await this.backends.get(node.connection).catch(() => undefined);
    const list = this.lists.get(node.id);
    const item = treeItemFor(node, backend, {
      total: list?.loaded ? list.total : undefined,
      search: node.kind === 'category' && node.category === 'users' ? this.searches.get(node.connection.id) : undefined,
      count: node.kind === 'user-memberships' ? list?.items.length : undefined,
    });
    item.id = node.id;
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node.id);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots();
    const children = await this.childrenOf(node);
    for (const child of children) this.parents.set(child.id, node);
    return children;
  }

  private roots(): TreeNode[] {
    const connections = this.store.list();
    for (const id of [...this.connectionNodes.keys()]) if (!connections.some((c) => c.id === id)) this.connectionNodes.delete(id);
    return connections.map((connection) => this.nodeFor(connection));
  }

  private async childrenOf(node: TreeNode): Promise<TreeNode[]> {
    switch (node.kind) {
      case 'connection':
        return this.connectionChildren(node);
      case 'category':
      case 'group':
      case 'profile':
      case 'user-memberships':
        return this.listChildren(node);
      case 'user':
        return this.userChildren(node);
      default:
        return [];
    }
  }

  private async connectionChildren(node: ConnectionNode): Promise<TreeNode[]> {
    const c = node.connection;
    let backend: DirectoryBackend;
    try {
      backend = await this.backends.get(c);
    } catch (e) {
      const parent: ListParent = { kind: 'category', id: `c:${c.id}/users`, connection: c, category: 'users' };
      return [this.errorNode(parent, e)];
    }
    const out: TreeNode[] = [];
    const search = this.searches.get(c.id);
    if (search) {
      const users = this.lists.get(`c:${c.id}/users`);
      const filter: SearchFilterNode = { kind: 'search-filter', id: `c:${c.id}/search`, connection: c, text: search, total: users?.loaded ? users.total : undefined };
      out.push(filter);
    }
    const kinds: CategoryKind[] = ['users'];
    if (backend.capabilities.trash) kinds.push('trash');
    if (backend.capabilities.groups) kinds.push('groups');
    if (backend.capabilities.profiles) kinds.push('profiles');
    for (const category of kinds) out.push({ kind: 'category', id: `c:${c.id}/${category}`, connection: c, category });
    return out;
  }

  private async userChildren(node: UserNode): Promise<TreeNode[]> {
    const backend = await this.backends.get(node.connection);
    const kinds = [backend.capabilities.groups ? ('group' as const) : undefined, backend.capabilities.profiles ? ('profile' as const) : undefined];
    return kinds.filter((k) => k !== undefined).map((membershipKind) => ({ kind: 'user-memberships', id: `${node.id}/m:${membershipKind}`, connection: node.connection, userId: node.user.id, membershipKind }));
  }

  private async listChildren(parent: ListParent): Promise<TreeNode[]> {
    let list = this.lists.get(parent.id);
    if (!list) {
      const fetch = await this.pageFetcher(parent);
      list = new PagedList(fetch);
      this.lists.set(parent.id, list);
    }
    const wasLoaded = list.loaded;
    await list.ensureFirstPage();
    if (!wasLoaded && parent.kind === 'category' && parent.category === 'users') {
      // totals show on the category and the search filter once known
      setImmediate(() => this.changed.fire(this.connectionNode(parent.connection.id)));
    }
    const out: TreeNode[] = [...list.items];
    if (list.error && list.items.length === 0) return [this.errorNode(parent, list.error)];
    if (list.items.length === 0) out.push(this.message(parent, this.emptyText(parent)));
    if (list.hasMore) {
      const more: LoadMoreNode = { kind: 'load-more', id: `${parent.id}/more`, connection: parent.connection, parent, loaded: list.items.length, total: list.total };
      out.push(more);
    }
    if (list.error) out.push(this.errorNode(parent, list.error));
    return out;
  }

  private async pageFetcher(parent: ListParent): Promise<(cursor: string | undefined) => Promise<Page<TreeNode>>> {
    const c = parent.connection;
    const backend = await this.backends.get(c);
    const userNodes = (page: Page<User>): Page<TreeNode> => ({
      ...page,
      items: page.items.map((user) => ({ kind: 'user', id: `${parent.id}/u:${user.id}`, connection: c, user })),
    });
    switch (parent.kind) {
      case 'category':
        if (parent.category === 'users') {
          return async (cursor) => userNodes(await backend.listUsers({ cursor, pageSize: pageSize(), search: this.searches.get(c.id) }));
        }
        if (parent.category === 'trash') {
          return async (cursor) => userNodes(await backend.listUsers({ cursor, pageSize: pageSize(), deleted: true }));
        }
        if (parent.category === 'groups') {
          return async (cursor) => {
            const page = await backend.listGroups({ cursor, pageSize: pageSize() });
            return { ...page, items: page.items.map((group) => ({ kind: 'group', id: `${parent.id}/g:${group.id}`, connection: c, group })) };
          };
        }
        return async (cursor) => {
          const page = await backend.listProfiles({ cursor, pageSize: pageSize() });
          return { ...page, items: page.items.map((profile) => ({ kind: 'profile', id: `${parent.id}/p:${profile.id}`, connection: c, profile })) };
        };
      case 'group':
        return async (cursor) => userNodes(await backend.listGroupMembers(parent.group.id, { cursor, pageSize: pageSize() }));
      case 'profile':
        return async (cursor) => userNodes(await backend.listProfileMembers(parent.profile.id, { cursor, pageSize: pageSize() }));
      case 'user-memberships':
        return async () => {
          const all = await this.userMemberships(backend, parent.id.replace(/\/m:(group|profile)$/, ''), parent.userId);
          const mine = all.filter((m) => m.kind === parent.membershipKind);
          return {
            items: mine.map((membership) => ({ kind: 'membership', id: `${parent.id}/${membership.id}`, connection: c, userId: parent.userId, membership })),
            total: mine.length,
          };
        };
    }
  }

  /** One request serves both the groups and the profiles node of a user. */
  private userMemberships(backend: DirectoryBackend, userNodeId: string, userId: string): Promise<Membership[]> {
    let pending = this.memberships.get(userNodeId);
    if (!pending) {
      pending = backend.userMemberships(userId);
      this.memberships.set(userNodeId, pending);
      pending.catch(() => this.memberships.delete(userNodeId));
    }
    return pending;
  }

  private emptyText(parent: ListParent): string {
    if (parent.kind === 'category' && parent.category === 'users' && this.searches.get(parent.connection.id)) return 'No users match the search';
    if (parent.kind === 'category') return { users: 'No users', trash: 'The trash is empty', groups: 'No groups', profiles: 'None defined' }[parent.category];
    if (parent.kind === 'user-memberships') return parent.membershipKind === 'group' ? 'Not a member of any group' : 'None assigned';
    return 'No members';
  }

  private message(parent: ListParent, text: string): MessageNode {
    return { kind: 'message', id: `${parent.id}/msg`, connection: parent.connection, parent, text, tone: 'info' };
  }

  private errorNode(parent: ListParent, e: unknown): MessageNode {
    const error = isBackendError(e) ? e : new BackendError('protocol', (e as Error)?.message ?? String(e));
    return { kind: 'message', id: `${parent.id}/error`, connection: parent.connection, parent, text: error.message, tone: 'error', error };
  }
}
