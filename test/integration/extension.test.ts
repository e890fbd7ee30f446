// Runs inside a real VS Code extension host (code-server here, or @vscode/test-electron).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostMessage } from '../../src/editors/protocol';
import type { ExtensionApi } from '../../src/extension';
import type { PickItem, Prompts } from '../../src/ui/prompts';
import type { CategoryNode, ConnectionNode, LoadMoreNode, TreeNode, UserNode } from '../../src/tree/nodes';

const EXTENSION_ID = 'directory-tools.user-directory-explorer';
const MOCK_USERS = 120;

/** Modal questions answered by the test: each handler gets the question's title. */
class ScriptedPrompts implements Prompts {
  confirmAnswers: Array<string | undefined> = [];
  pickAnswers: Array<(items: PickItem<unknown>[]) => unknown> = [];
  inputAnswers: Array<string | undefined> = [];
  asked: string[] = [];
  async pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: { title: string }): Promise<T | undefined> {
    this.asked.push(o.title);
    const next = this.pickAnswers.shift();
    if (!next) throw new Error(`unexpected pick: ${o.title}`);
    return next((await items) as PickItem<unknown>[]) as T | undefined;
  }
  async searchPick<T>(load: (text: string, signal: AbortSignal) => Promise<PickItem<T>[]>, o: { title: string }): Promise<T | undefined> {
    this.asked.push(o.title);
    const items = await load('', new AbortController().signal);
    return items[0]?.value;
  }
  async input(o: { title: string }): Promise<string | undefined> {
    this.asked.push(o.title);
    return this.inputAnswers.shift();
  }
  async confirm(message: string): Promise<string | undefined> {
    this.asked.push(message);
    return this.confirmAnswers.shift();
  }
}

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('User Directory Explorer in VS Code', () => {
  let api: ExtensionApi;
  const prompts = new ScriptedPrompts();

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    const started = Date.now();
    api = await ext.activate();
    console.log(`activation took ${Date.now() - started} ms`);
    api.setPrompts(prompts);
    await vscode.workspace.getConfiguration('userDirectory').update('mockServer.users', MOCK_USERS, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('userDirectory').update('pageSize', 50, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('userDirectory.stopMockServer');
  });

  it('shows the welcome content until a connection exists', async () => {
    assert.deepEqual(await api.tree.getChildren(), []);
  });

  it('starts the embedded mock server and connects to all five products', async () => {
    await vscode.commands.executeCommand('userDirectory.startMockServerAndConnect');
    assert.equal(api.mock.state.status, 'running');
    const roots = (await eventually(async () => {
      const r = await api.tree.getChildren();
      return r.length === 5 ? r : undefined;
    }, 'five connections')) as ConnectionNode[];
    assert.deepEqual(roots.map((n) => n.connection.label), ['Mock ITSM-NG', 'Mock Foreman', 'Mock Snipe-IT', 'Mock ServiceDesk Plus', 'Mock privacyIDEA']);
    const secrets = await api.store.getSecrets('mock-foreman');
    assert.equal(secrets.password, 'changeme', 'secrets live in SecretStorage');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('userDirectory').get('connections'));
    assert.ok(!settings.includes('changeme') && !settings.includes('mock-sdp-authtoken'), 'no secret in settings');
  });

  it('shows each product with its own terms', async () => {
    const roots = (await api.tree.getChildren()) as ConnectionNode[];
    const labels: Record<string, string[]> = {};
    for (const root of roots) {
      const children = await api.tree.getChildren(root);
      labels[root.connection.product] = await Promise.all(children.map(async (c) => String((await api.tree.getTreeItem(c)).label)));
    }
    assert.deepEqual(labels, {
      'itsm-ng': ['Users', 'Trash', 'Groups', 'Profiles'],
      foreman: ['Users', 'User Groups', 'Roles'],
      'snipe-it': ['Users', 'Deleted Users', 'Groups'],
      'servicedesk-plus': ['Users', 'Departments', 'Roles'],
      privacyidea: ['Users', 'Realms'],
    });
  });

  for (const product of ['itsm-ng', 'foreman', 'snipe-it', 'servicedesk-plus', 'privacyidea']) {
    it(`pages ${product} users with "Load more…"`, async () => {
      const connection = api.tree.connectionNode(`mock-${product}`)!;
      const users = (await api.tree.getChildren(connection)).find((n) => n.kind === 'category' && (n as CategoryNode).category === 'users')!;
      let children = await api.tree.getChildren(users);
      const more = children.find((n) => n.kind === 'load-more') as LoadMoreNode;
      assert.ok(more, 'a Load more node');
      assert.equal(children.filter((n) => n.kind === 'user').length, 50);
      await vscode.commands.executeCommand('userDirectory.loadMore', more);
      children = await api.tree.getChildren(users);
      assert.ok(children.filter((n) => n.kind === 'user').length > 50);
      const item = await api.tree.getTreeItem(children[0]);
      assert.equal(item.command?.command, 'userDirectory.openUser');
    });
  }

  it('searches users on the server and clears the search', async () => {
    const connection = api.tree.connectionNode('mock-foreman')!;
    const users = (await api.tree.getChildren(connection)).find((n) => n.kind === 'category') as CategoryNode;
    const first = (await api.tree.getChildren(users)).find((n) => n.kind === 'user') as UserNode;
    const needle = first.user.login.slice(0, 4);
    prompts.inputAnswers.push(needle);
    await vscode.commands.executeCommand('userDirectory.searchUsers', connection);
    const top = await api.tree.getChildren(connection);
    assert.equal(top[0].kind, 'search-filter');
    const found = (await api.tree.getChildren(users)).filter((n) => n.kind === 'user') as UserNode[];
    assert.ok(found.some((u) => u.user.id === first.user.id));
    await vscode.commands.executeCommand('userDirectory.clearSearch', top[0]);
    assert.notEqual((await api.tree.getChildren(connection))[0].kind, 'search-filter');
  });

  it('opens a user editor, one panel per user', async () => {
    const connection = api.tree.connectionNode('mock-snipe-it')!;
    const users = (await api.tree.getChildren(connection)).find((n) => n.kind === 'category') as CategoryNode;
    const first = (await api.tree.getChildren(users)).find((n) => n.kind === 'user') as UserNode;
    await vscode.commands.executeCommand('userDirectory.openUser', first);
    await vscode.commands.executeCommand('userDirectory.openUser', first);
    const keys = api.editors.openKeys().filter((k) => k === `mock-snipe-it/${first.user.id}`);
    assert.equal(keys.length, 1);
  });

  /** Opens a user's editor and records what the panel sends its webview. */
  async function openEditor(connectionId: string, userId: string | undefined) {
    const connection = api.tree.connectionNode(connectionId)!.connection;
    if (userId) await api.editors.open(connection, userId);
    else await api.editors.openCreate(connection);
    const panel = api.editors.panel(connectionId, userId)!;
    const posted: HostMessage[] = [];
    panel.onDidPost((m) => posted.push(m));
    await panel.receive({ type: 'ready' });
    return { panel, posted, connection };
  }
  const lastInit = (posted: HostMessage[]) => posted.filter((m): m is Extract<HostMessage, { type: 'init' }> => m.type === 'init').at(-1)!;
  const mockBase = () => (api.mock.state as { baseUrl: string }).baseUrl;

  it('editor: loads without password values and saves only the changed field, verified over HTTP', async () => {
    const backend = await api.backends.get(api.tree.connectionNode('mock-snipe-it')!.connection);
    const user = (await backend.listUsers({ pageSize: 5 })).items[2];
    const { panel, posted } = await openEditor('mock-snipe-it', user.id);
    const init = lastInit(posted);
    assert.equal(init.mode, 'edit');
    assert.ok(!('password' in init.values) && !('password_confirmation' in init.values), 'passwords never travel to the webview');
    await panel.receive({ type: 'save', changes: { jobtitle: 'Chief Tester' }, baseVersion: init.user!.version, overwrite: false });
    assert.ok(posted.some((m) => m.type === 'saved'), JSON.stringify(posted.at(-1)));
    const wire = await (await fetch(`${mockBase()}/snipe-it/api/v1/users/${user.id}`, { headers: { Authorization: 'Bearer mock-snipe-it-token', Accept: 'application/json' } })).json();
    assert.equal(wire.jobtitle, 'Chief Tester');
  });

  it('editor: says when the user changed on the server meanwhile, and overwrites on request', async () => {
    const backend = await api.backends.get(api.tree.connectionNode('mock-servicedesk-plus')!.connection);
    const user = (await backend.listUsers({ pageSize: 5 })).items[1];
    const { panel, posted } = await openEditor('mock-servicedesk-plus', user.id);
    const version = lastInit(posted).user!.version;
    const changedElsewhere = await fetch(`${mockBase()}/servicedesk-plus/api/v3/users/${user.id}`, {
      method: 'PUT',
      headers: { authtoken: 'mock-sdp-authtoken', 'content-type': 'application/x-www-form-urlencoded' },
      body: `input_data=${encodeURIComponent(JSON.stringify({ user: { phone: '+1 555 0100' } }))}`,
    });
    assert.equal(changedElsewhere.status, 200);
    await panel.receive({ type: 'save', changes: { jobtitle: 'Mine' }, baseVersion: version, overwrite: false });
    assert.equal(posted.at(-1)!.type, 'conflict');
    assert.equal((await backend.getUser(user.id)).fields.jobtitle === 'Mine', false, 'nothing saved before the user decides');
    await panel.receive({ type: 'save', changes: { jobtitle: 'Mine' }, baseVersion: version, overwrite: true });
    assert.equal(posted.at(-1)!.type, 'saved');
    const after = await backend.getUser(user.id);
    assert.equal(after.fields.jobtitle, 'Mine');
    assert.equal(after.fields.phone, '+1 555 0100', 'the other change is kept');
  });

  it('editor: shows the product’s own error when a save is refused', async () => {
    const backend = await api.backends.get(api.tree.connectionNode('mock-servicedesk-plus')!.connection);
    const user = (await backend.listUsers({ pageSize: 5 })).items[3];
    const { panel, posted } = await openEditor('mock-servicedesk-plus', user.id);
    await panel.receive({ type: 'save', changes: { name: '' }, baseVersion: lastInit(posted).user!.version, overwrite: false });
    const failed = posted.at(-1) as Extract<HostMessage, { type: 'saveFailed' }>;
    assert.equal(failed.type, 'saveFailed');
    assert.equal(failed.error.status, 400);
    assert.equal(failed.error.code, '4012');
    assert.ok(failed.error.fields?.name, 'the field is named');
  });

  it('editor: creates a user in create mode (with the product defaults) and continues editing it', async () => {
    const { panel, posted } = await openEditor('mock-itsm-ng', undefined);
    const init = lastInit(posted);
    assert.equal(init.mode, 'create');
    assert.equal(init.values.is_active, true, 'defaults shown in create mode');
    assert.ok(init.fields.find((f) => f.key === 'password')?.required, 'ITSM-NG asks for a password');
    await panel.receive({ type: 'create', values: { name: 'created.in.editor', realname: 'Editor', firstname: 'Created', authtype: '1', password: 'Secret#123', password2: 'Secret#123', is_active: true } });
    const next = lastInit(posted);
    assert.equal(next.mode, 'edit');
    assert.equal(next.user!.login, 'created.in.editor');
    assert.ok(api.editors.panel('mock-itsm-ng', next.user!.id), 'the panel is now the user’s');
    const backend = await api.backends.get(api.tree.connectionNode('mock-itsm-ng')!.connection);
    await backend.deleteUser(next.user!.id, { purge: true });
  });

  it('disables and enables a user from the tree, verified over HTTP', async () => {
    const connection = api.tree.connectionNode('mock-foreman')!;
    const users = (await api.tree.getChildren(connection)).find((n) => n.kind === 'category') as CategoryNode;
    const target = ((await api.tree.getChildren(users)).filter((n) => n.kind === 'user') as UserNode[]).find((u) => u.user.state.active && !u.user.state.admin)!;
    await vscode.commands.executeCommand('userDirectory.disableUser', target);
    const base = (api.mock.state as { baseUrl: string }).baseUrl;
    const auth = { Authorization: `Basic ${Buffer.from('admin:changeme').toString('base64')}` };
    let wire = await (await fetch(`${base}/foreman/api/users/${target.user.id}`, { headers: auth })).json();
    assert.equal(wire.disabled, true);
    await vscode.commands.executeCommand('userDirectory.enableUser', { ...target, user: { ...target.user, state: { ...target.user.state, active: false } } });
    wire = await (await fetch(`${base}/foreman/api/users/${target.user.id}`, { headers: auth })).json();
    assert.equal(wire.disabled, false);
  });

  it('moves an ITSM-NG user to the trash, restores it, then deletes it for good', async () => {
    const connection = api.tree.connectionNode('mock-itsm-ng')!;
    const backend = await api.backends.get(connection.connection);
    const created = await backend.createUser({ name: 'it-test-user', realname: 'Test', firstname: 'Integration', authtype: '1', password: 'Secret123!', password2: 'Secret123!' });
    const node: UserNode = { kind: 'user', id: 'x', connection: connection.connection, user: created };
    prompts.confirmAnswers.push('Move to Trash');
    await vscode.commands.executeCommand('userDirectory.deleteUser', node);
    assert.equal((await backend.getUser(created.id)).state.deleted, true);
    await vscode.commands.executeCommand('userDirectory.restoreUser', node);
    assert.equal((await backend.getUser(created.id)).state.deleted, false);
    prompts.confirmAnswers.push('Delete Permanently');
    await vscode.commands.executeCommand('userDirectory.deleteUser', node);
    await assert.rejects(backend.getUser(created.id));
  });

  it('adds and removes a role membership through commands', async () => {
    const connection = api.tree.connectionNode('mock-foreman')!;
    const backend = await api.backends.get(connection.connection);
    const user = (await backend.listUsers({ pageSize: 5 })).items.find((u) => !u.state.admin)!;
    const roles = (await backend.listProfiles({ pageSize: 100 })).items;
    const before = await backend.userMemberships(user.id);
    const role = roles.find((r) => !before.some((m) => m.kind === 'profile' && m.targetId === r.id) && r.name !== 'Default role')!;
    prompts.pickAnswers.push((items) => items.find((i) => i.value === role.id)?.value);
    await vscode.commands.executeCommand('userDirectory.assignProfile', { kind: 'user', id: 'y', connection: connection.connection, user });
    const added = (await backend.userMemberships(user.id)).find((m) => m.kind === 'profile' && m.targetId === role.id);
    assert.ok(added, 'role added');
    prompts.confirmAnswers.push('Remove');
    await vscode.commands.executeCommand('userDirectory.removeMembership', { kind: 'membership', id: 'z', connection: connection.connection, userId: user.id, membership: added });
    assert.ok(!(await backend.userMemberships(user.id)).some((m) => m.kind === 'profile' && m.targetId === role.id), 'role removed');
  });

  it('renders hostile user data as inert text in tree labels and tooltips', async () => {
    const connection = api.tree.connectionNode('mock-servicedesk-plus')!;
    const backend = await api.backends.get(connection.connection);
    const name = '<img src=x onerror=alert(1)> [run](command:workbench.action.quit)';
    const hostile = await backend.createUser({ name, login_name: 'xss.probe', email_id: 'xss@example.org' });
    api.tree.setSearch('mock-servicedesk-plus', 'xss.probe');
    const users = (await api.tree.getChildren(connection)).find((n) => n.kind === 'category') as CategoryNode;
    const node = (await api.tree.getChildren(users)).find((n) => n.kind === 'user') as UserNode;
    assert.equal(node.user.id, hostile.id);
    const item = await api.tree.getTreeItem(node);
    assert.equal(item.label, name, 'labels are plain text');
    const tip = item.tooltip as vscode.MarkdownString;
    assert.ok(!tip.isTrusted && !tip.supportHtml, 'tooltips run no commands and render no HTML');
    assert.ok(!tip.value.includes('](command:'), `the link is escaped: ${tip.value}`);
    api.tree.setSearch('mock-servicedesk-plus', undefined);
    await backend.deleteUser(hostile.id, { purge: true });
  });

  it('shows an unreachable server as an error node with Retry, not a hang', async () => {
    await api.store.save({ id: 'dead', label: 'Dead server', product: 'snipe-it', baseUrl: 'http://127.0.0.1:9/api/v1', rejectUnauthorized: true }, { token: 'x' });
    const node = await eventually(() => api.tree.connectionNode('dead'), 'dead connection');
    const users = (await api.tree.getChildren(node))[0] as TreeNode;
    const children = await api.tree.getChildren(users);
    assert.equal(children.length, 1);
    assert.equal(children[0].kind, 'message');
    const item = await api.tree.getTreeItem(children[0]);
    assert.match(String(item.label), /Snipe-IT.*Cannot reach 127\.0\.0\.1:9/);
    assert.equal(item.command?.command, 'userDirectory.refreshNode');
    prompts.confirmAnswers.push('Remove');
    await vscode.commands.executeCommand('userDirectory.removeConnection', node);
    assert.equal(api.store.get('dead'), undefined);
  });

  it('never writes a secret to the output channel', async () => {
    const lines = api.log.recentLines();
    assert.ok(lines.length > 50, `the log has the session's requests (${lines.length} lines)`);
    assert.ok(lines.some((l) => /GET http:\/\/127\.0\.0\.1:\d+\/foreman\/api\/users\S* → 200 \(\d+ ms\)/.test(l)), 'requests are logged with method, URL, status and time');
    const text = lines.join('\n');
    for (const secret of ['changeme', 'mock-app-token', 'mock-user-token', 'mock-snipe-it-token', 'mock-sdp-authtoken', 'Secret#123', Buffer.from('admin:changeme').toString('base64')]) {
      assert.ok(!text.includes(secret), `the log leaks ${secret}`);
    }
    assert.ok(!/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(text), 'no JWT in the log');
  });

  it('stops the mock server', async () => {
    await vscode.commands.executeCommand('userDirectory.stopMockServer');
    assert.equal(api.mock.state.status, 'stopped');
  });
});
