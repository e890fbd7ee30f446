import * as vscode from 'vscode';
import { registerCommand, type CommandContext } from './command-context';

export function registerMockServerCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    registerCommand('userDirectory.startMockServer', ctx, async () => {
      const s = await ctx.mock.start();
      void vscode.window.showInformationMessage(`Mock server listening on ${s.baseUrl}.`, 'Connect').then((c) => c && ctx.mock.startAndConnect());
      return s;
    }),
    registerCommand('userDirectory.stopMockServer', ctx, () => ctx.mock.stop()),
    registerCommand('userDirectory.restartMockServer', ctx, async () => {
      await ctx.mock.restart();
      ctx.tree.refresh();
    }),
    registerCommand('userDirectory.resetMockData', ctx, async () => {
      const ok = await ctx.prompts().confirm('Reset the mock data?', 'Every product’s data goes back to the generated seed; changes made since are lost.', 'Reset');
      if (ok !== 'Reset') return;
      await ctx.mock.reset();
      ctx.tree.refresh();
    }),
    registerCommand('userDirectory.startMockServerAndConnect', ctx, async () => {
      await ctx.mock.startAndConnect();
      ctx.tree.refresh();
      await vscode.commands.executeCommand('userDirectory.tree.focus');
    }),
    registerCommand('userDirectory.showMockServerMenu', ctx, async () => {
      await ctx.mock.showMenu();
      ctx.tree.refresh();
    }),
  ];
}
