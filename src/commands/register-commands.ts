import type * as vscode from 'vscode';
import { registerClipboardCommands } from './clipboard-commands';
import type { CommandContext } from './command-context';
import { registerConnectionCommands } from './connection-commands';
import { registerMembershipCommands } from './membership-commands';
import { registerMockServerCommands } from './mock-server-commands';
import { registerUserCommands } from './user-commands';
import { registerViewCommands } from './view-commands';

/** Every palette and context-menu command of the extension. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    ...registerViewCommands(ctx),
    ...registerConnectionCommands(ctx),
    ...registerUserCommands(ctx),
    ...registerMembershipCommands(ctx),
    ...registerClipboardCommands(ctx),
    ...registerMockServerCommands(ctx),
  ];
}
