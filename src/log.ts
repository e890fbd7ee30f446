import * as vscode from 'vscode';
import { Redactor } from './backends/redactor';

/**
 * The "User Directory" output channel. Every line passes a redactor first: backends register the
 * secrets they hold, and credential-looking text is masked whatever its source.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('User Directory', { log: true });
  private readonly redactor = new Redactor();

  info(line: string): void {
    this.channel.info(this.redactor.redact(line));
  }

  warn(line: string): void {
    this.channel.warn(this.redactor.redact(line));
  }

  error(line: string): void {
    this.channel.error(this.redactor.redact(line));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
