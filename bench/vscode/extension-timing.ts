// Loaded by VS Code as extensionTestsPath: times activation and the first tree page of each product
// against the benchmark's mock server (BENCH_MOCK_URL), and writes the figures to BENCH_RESULT_FILE.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { mockConnections } from '../../src/mockServer/mock-connections';
import type { CategoryNode, ConnectionNode } from '../../src/tree/nodes';

const EXTENSION_ID = 'directory-tools.user-directory-explorer';

/**
 * Activation as VS Code itself counts it (its `extensionActivationTimes`: code loading, the activate
 * call and its promise), from the extension host's own performance marks. The creation of the
 * ExtensionContext (storage, secrets), which VS Code runs alongside the code loading, is not part of it.
 */
function activationByVsCode(): number | undefined {
  const marks: Array<{ name: string; startTime: number }> | undefined = (globalThis as { MonacoPerformanceMarks?: { getMarks(): Array<{ name: string; startTime: number }> } }).MonacoPerformanceMarks?.getMarks();
  const at = (step: string) => marks?.find((m) => m.name === `code/extHost/${step}/${EXTENSION_ID}`)?.startTime;
  const [willLoad, didLoad, willActivate, didActivate] = ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'].map(at);
  if (willLoad === undefined || didLoad === undefined || willActivate === undefined || didActivate === undefined) return undefined;
  return didLoad - willLoad + (didActivate - willActivate);
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!;
  const started = performance.now();
  const api = await ext.activate();
  const activationWallMs = Math.round(performance.now() - started);
  const byVsCode = activationByVsCode();
  if (byVsCode === undefined) throw new Error("VS Code's activation marks for the extension were not found");
  const activationMs = Math.round(byVsCode);
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
  writeFileSync(process.env.BENCH_RESULT_FILE!, JSON.stringify({ activationMs, activationWallMs, firstPageMs, firstPageMsByProduct: perProduct }));
  console.log(`vscode: activation ${activationMs} ms (${activationWallMs} ms until ext.activate() resolved), first page ${JSON.stringify(perProduct)}`);
}
