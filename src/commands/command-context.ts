import * as vscode from 'vscode';
import { isBackendError } from '../backends/backend-error';
import type { ConnectionBackends } from '../connections/connection-backends';
import type { ConnectionStore } from '../connections/connection-store';
import type { Log } from '../log';
import type { MockServerController } from '../mockServer/mock-server-controller';
import { PRODUCT_TITLES, type ProductId } from '../model';
import type { DirectoryTreeProvider } from '../tree/directory-tree-provider';
import type { TreeNode } from '../tree/nodes';
import type { Prompts } from '../ui/prompts';
import type { ConnectionInfo } from '../backends/directory-backend';

/** Opens user editors; implemented by the editor panels. */
export interface UserEditors {
  open(connection: ConnectionInfo, userId: string): Promise<void>;
  openCreate(connection: ConnectionInfo): Promise<void>;
  /** Closes the panel of a user that no longer exists. */
  close(connectionId: string, userId: string): void;
}

/** What every command may use. `prompts` is read at call time so tests can replace it. */
export interface CommandContext {
  store: ConnectionStore;
  backends: ConnectionBackends;
  tree: DirectoryTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  log: Log;
  mock: MockServerController;
  editors: UserEditors;
  prompts(): Prompts;
}

/**
 * Registers a command whose failures become one readable message (with the product's error code)
 * and a log line — never an unhandled rejection. Cancellation is silent.
 */
export function registerCommand(id: string, ctx: CommandContext, run: (...args: any[]) => Promise<unknown> | unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (e) {
      reportError(ctx, e, productOf(args[0]));
      return undefined;
    }
  });
}

export function reportError(ctx: CommandContext, e: unknown, product?: ProductId): void {
  if (isBackendError(e) && e.kind === 'cancelled') return;
  const text = isBackendError(e) ? e.describe(product ? PRODUCT_TITLES[product] : 'Server') : (e as Error)?.message ?? String(e);
  ctx.log.error(text);
  void vscode.window.showErrorMessage(text, 'Show Log').then((choice) => {
    if (choice === 'Show Log') ctx.log.show();
  });
}

function productOf(arg: unknown): ProductId | undefined {
  return (arg as { connection?: ConnectionInfo } | undefined)?.connection?.product;
}

/** Runs `work` with a cancellable notification; the signal aborts the HTTP requests. */
export function withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return work(controller.signal);
    }),
  );
}
