import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionBackends } from '../connections/connection-backends';
import type { ConnectionStore } from '../connections/connection-store';
import type { Prompts } from '../ui/prompts';
import { MOCK_CREDENTIAL_FLAGS, mockConnections } from './mock-connections';
import { MockServerProcess, type MockServerState } from './mock-server-process';

/**
 * The embedded mock server as the user sees it: a status bar item (state and port, opens a menu),
 * an output channel with its log, start/stop/restart/reset, and "connect" which adds one connection
 * per product pointing at it. A crash is reported with a Restart button; it never takes the
 * extension down.
 */
export class MockServerController implements vscode.Disposable {
  readonly process = new MockServerProcess();
  private readonly output = vscode.window.createOutputChannel('User Directory Mock Server');
  private readonly status = vscode.window.createStatusBarItem('userDirectory.mockServer', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: ConnectionStore,
    private readonly backends: ConnectionBackends,
    private readonly prompts: () => Prompts,
  ) {
    this.status.name = 'User Directory Mock Server';
    this.status.command = 'userDirectory.showMockServerMenu';
    this.disposables.push(
      this.output,
      this.status,
      this.process.onOutput((line) => this.output.appendLine(line)),
      this.process.onDidChangeState((s) => this.render(s)),
    );
    this.render(this.process.state);
  }

  get state(): MockServerState {
    return this.process.state;
  }

  async start(): Promise<Extract<MockServerState, { status: 'running' }>> {
    const cfg = vscode.workspace.getConfiguration('userDirectory.mockServer');
    const dataDir = path.join(this.context.globalStorageUri.fsPath, 'mock-data');
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Starting the mock server…' }, () =>
      this.process.start({
        script: vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'mock-server.js').fsPath,
        nodePath: process.execPath,
        dataDir,
        port: cfg.get<number>('port', 0),
        seed: cfg.get<number>('seed', 1),
        users: cfg.get<number>('users', 200),
        args: MOCK_CREDENTIAL_FLAGS,
      }),
    );
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
    await this.refreshConnections();
  }

  async reset(): Promise<void> {
    const cfg = vscode.workspace.getConfiguration('userDirectory.mockServer');
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Resetting mock data…' }, () =>
      this.process.reset(cfg.get<number>('seed', 1), cfg.get<number>('users', 200)),
    );
  }

  /** Starts the server if needed, then adds (or points at its new port) one connection per product. */
  async startAndConnect(): Promise<void> {
    const running = await this.start();
    for (const { connection, secrets } of mockConnections(running.baseUrl)) {
      await this.store.save(connection, secrets);
      this.backends.forget(connection.id);
    }
  }

  /** After a restart on another port, existing mock connections follow it. */
  private async refreshConnections(): Promise<void> {
    if (this.process.state.status !== 'running') return;
    const existing = new Set(this.store.list().map((c) => c.id));
    for (const { connection, secrets } of mockConnections(this.process.state.baseUrl)) {
      if (!existing.has(connection.id)) continue;
      await this.store.save(connection, secrets);
      this.backends.forget(connection.id);
    }
  }

  async showMenu(): Promise<void> {
    const s = this.process.state;
    type Action = 'start' | 'connect' | 'stop' | 'restart' | 'reset' | 'output';
    const items: Array<{ label: string; description?: string; value: Action }> = [];
    if (s.status === 'running') {
      items.push(
        { label: '$(plug) Connect to all five products', value: 'connect' },
        { label: '$(debug-restart) Restart', value: 'restart' },
        { label: '$(history) Reset data', description: 'reseed every product', value: 'reset' },
        { label: '$(debug-stop) Stop', value: 'stop' },
      );
    } else {
      items.push({ label: '$(play) Start', value: 'start' }, { label: '$(plug) Start and connect', value: 'connect' });
    }
    items.push({ label: '$(output) Show output', value: 'output' });
    const title = s.status === 'running' ? `Mock server on ${s.baseUrl}` : `Mock server: ${s.status}`;
    const action = await this.prompts().pick(items, { title });
    if (!action) return;
    const run: Record<Action, () => Promise<unknown>> = {
      start: () => this.start(),
      connect: () => this.startAndConnect(),
      stop: () => this.stop(),
      restart: () => this.restart(),
      reset: () => this.reset(),
      output: async () => this.output.show(true),
    };
    await run[action]();
  }

  showOutput(): void {
    this.output.show(true);
  }

  dispose(): void {
    void this.process.stop();
    for (const d of this.disposables) d.dispose();
  }

  private render(s: MockServerState): void {
    void vscode.commands.executeCommand('setContext', 'userDirectory.mockServerRunning', s.status === 'running');
    switch (s.status) {
      case 'stopped':
        this.status.text = '$(server) Mock: stopped';
        this.status.tooltip = 'The User Directory mock server is stopped. Click for actions.';
        this.status.backgroundColor = undefined;
        break;
      case 'starting':
        this.status.text = '$(sync~spin) Mock: starting';
        this.status.tooltip = 'The User Directory mock server is starting…';
        this.status.backgroundColor = undefined;
        break;
      case 'running':
        this.status.text = `$(server-process) Mock :${s.port}`;
        this.status.tooltip = `User Directory mock server on ${s.baseUrl} (pid ${s.pid}). Click for actions.`;
        this.status.backgroundColor = undefined;
        break;
      case 'crashed':
        this.status.text = '$(error) Mock: crashed';
        this.status.tooltip = `The mock server stopped unexpectedly: ${s.message}`;
        this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        void vscode.window.showErrorMessage(`The User Directory mock server stopped unexpectedly: ${s.message}`, 'Restart', 'Show Output').then((choice) => {
          if (choice === 'Restart') this.restart().catch((e: Error) => vscode.window.showErrorMessage(`Could not restart the mock server: ${e.message}`));
          if (choice === 'Show Output') this.output.show(true);
        });
        break;
    }
    this.status.show();
  }
}
