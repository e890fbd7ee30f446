// Loaded by VS Code as extensionTestsPath: times activation and the first tree page of each product
// against the benchmark's mock server (BENCH_MOCK_URL), and writes the figures to BENCH_RESULT_FILE.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { mockConnections } from '../../src/mockServer/mock-connections';
import type { CategoryNode, ConnectionNode } from '../../src/tree/nodes';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<ExtensionApi>('directory-tools.user-directory-explorer')!;
  const started = performance.now();
  const api = await ext.activate();
  const activationMs = Math.round(performance.now() - started);
  const perProduct: Record<string, number> = {};
  for (const { connection, secrets } of mockConnections(process.env.BENCH_MOCK_URL!)) {
    await api.store.save(connection, secrets);
    const node: ConnectionNode = { kind: 'connection', id: `c:${connection.id}`, connection };
    const users = (await api.tree.getChildren(node)).find((n) => n.kind === 'category' && (n as CategoryNode).category === 'users')!;
    // warm the connection (sign-in) first: the figure is the page, not the login
    await (await api.backends.get(connection)).testConnection();
    const t0 = performance.now();
    const children = await api.tree.getChildren(users);
    perProduct[connection.product] = Math.round(performance.now() - t0);
    if (children.filter((c) => c.kind === 'user').length === 0) throw new Error(`no users for ${connection.product}`);
  }
  const firstPageMs = Math.max(...Object.values(perProduct));
  writeFileSync(process.env.BENCH_RESULT_FILE!, JSON.stringify({ activationMs, firstPageMs, firstPageMsByProduct: perProduct }));
  console.log(`vscode: activation ${activationMs} ms, first page ${JSON.stringify(perProduct)}`);
}
