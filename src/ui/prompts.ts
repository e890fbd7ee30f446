import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

/**
 * The modal questions commands ask. Commands take this object rather than calling vscode.window
 * directly, so integration tests can answer them (modal UI cannot be driven from the extension host).
 */
export interface Prompts {
  pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: { title: string; placeholder?: string }): Promise<T | undefined>;
  /** A QuickPick whose items come from the server as the user types (debounced). */
  searchPick<T>(load: (text: string, signal: AbortSignal) => Promise<PickItem<T>[]>, options: { title: string; placeholder?: string }): Promise<T | undefined>;
  input(options: vscode.InputBoxOptions & { title: string }): Promise<string | undefined>;
  /** Resolves to the chosen button, or undefined when dismissed. */
  confirm(message: string, detail: string, ...buttons: string[]): Promise<string | undefined>;
}

export const windowPrompts: Prompts = {
  async pick(items, options) {
    const chosen = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeholder, matchOnDescription: true, matchOnDetail: true });
    return chosen?.value;
  },

  searchPick(load, options) {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick<PickItem<unknown>>();
      qp.title = options.title;
      qp.placeholder = options.placeholder;
      qp.matchOnDescription = true;
      let controller: AbortController | undefined;
      let timer: NodeJS.Timeout | undefined;
      const refresh = (text: string) => {
        controller?.abort();
        const current = (controller = new AbortController());
        qp.busy = true;
        load(text, current.signal).then(
          (items) => {
            if (current.signal.aborted) return;
            qp.items = items;
            qp.busy = false;
          },
          (e: Error) => {
            if (current.signal.aborted) return;
            qp.items = [];
            qp.busy = false;
            qp.placeholder = e.message;
          },
        );
      };
      qp.onDidChangeValue((text) => {
        clearTimeout(timer);
        timer = setTimeout(() => refresh(text), 250);
      });
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0];
        if (!item) return;
        resolve(item.value as never);
        qp.hide();
      });
      qp.onDidHide(() => {
        controller?.abort();
        clearTimeout(timer);
        resolve(undefined);
        qp.dispose();
      });
      refresh('');
      qp.show();
    });
  },

  input(options) {
    return Promise.resolve(vscode.window.showInputBox({ ignoreFocusOut: true, ...options }));
  },

  async confirm(message, detail, ...buttons) {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
  },
};
