import * as vscode from 'vscode';
import { Redactor } from './backends/redactor';

/**
 * The "User Directory" output channel. Every line passes a redactor first: backends register the
 * secrets they hold, and credential-looking text is masked whatever its source.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('User Directory', { log: true });
  private readonly redactor = new Redactor();
  private readonly recent: string[] = [];

  info(line: string): void {
    this.channel.info(this.keep(line));
  }

  warn(line: string): void {
    this.channel.warn(this.keep(line));
  }

  error(line: string): void {
    this.channel.error(this.keep(line));
  }

  /** The latest lines as written to the channel (redacted), newest last. */
  recentLines(): readonly string[] {
    return this.recent;
  }

  private keep(line: string): string {
    const safe = this.redactor.redact(line);
    this.recent.push(safe);
    if (this.recent.length > 2000) this.recent.splice(0, this.recent.length - 2000);
    return safe;
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
