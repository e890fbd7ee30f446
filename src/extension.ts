import * as vscode from 'vscode';
import type { CommandContext } from './commands/command-context';
import { registerCommands } from './commands/register-commands';
import { ConnectionBackends } from './connections/connection-backends';
import { ConnectionStore } from './connections/connection-store';
import { USER_EDITOR_VIEW_TYPE, UserEditorPanels } from './editors/user-editor-panels';
import { Log } from './log';
import { MockServerController } from './mockServer/mock-server-controller';
import { DirectoryTreeProvider } from './tree/directory-tree-provider';
import type { TreeNode } from './tree/nodes';
import { windowPrompts, type Prompts } from './ui/prompts';

/** What the extension exposes to its integration tests (and to other extensions). */
export interface ExtensionApi {
  store: ConnectionStore;
  backends: ConnectionBackends;
  tree: DirectoryTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  editors: UserEditorPanels;
  mock: MockServerController;
  log: Log;
  /** Replaces the modal questions commands ask (tests answer them). */
  setPrompts(prompts: Prompts): void;
}

/** Composition root: builds the parts and wires them together. Nothing slow happens here. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  let prompts: Prompts = windowPrompts;
  const log = new Log();
  const store = new ConnectionStore(context.secrets);
  const backends = new ConnectionBackends(store, log);
  const tree = new DirectoryTreeProvider(store, backends);
  const treeView = vscode.window.createTreeView('userDirectory.tree', { treeDataProvider: tree, showCollapseAll: true });
  const mock = new MockServerController(context, store, backends, () => prompts);
  const editors = new UserEditorPanels(context.extensionUri, store, backends, log, () => prompts, (id) => tree.refreshConnection(id));
  const ctx: CommandContext = { store, backends, tree, treeView, log, mock, editors, prompts: () => prompts };

  context.subscriptions.push(
    log,
    store,
    backends,
    tree,
    treeView,
    mock,
    editors,
    vscode.window.registerWebviewPanelSerializer(USER_EDITOR_VIEW_TYPE, editors),
    ...registerCommands(ctx),
  );
  for (const p of store.problems()) log.warn(`Setting userDirectory.connections, entry ${p.index + 1}: ${p.message}`);

  return {
    store,
    backends,
    tree,
    treeView,
    editors,
    mock,
    log,
    setPrompts: (p) => {
      prompts = p;
    },
  };
}

export function deactivate(): void {
  // disposables (the mock server among them) are stopped by VS Code through context.subscriptions
}
